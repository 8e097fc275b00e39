// Tests of receive statistics with a controlled clock: loss, wrap, resync, jitter, LSR/DLSR.
#include "rtcp/receive_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace vicos::rtcp {
namespace {

constexpr Micros kStart = 5'000'000'000;  // arbitrary monotonic origin

TEST(ReceiveStats, NoLossNoJitter) {
  ReceiveStats s(0x1234, 90000);
  for (uint16_t i = 0; i < 30; ++i) {
    // 30 fps: 3000 ticks at 90 kHz per frame, arriving exactly 1/30 s apart.
    s.onPacket(i, 1000 + 3000u * i, kStart + i * 1'000'000 / 30);
  }
  const ReportBlock b = s.makeReportBlock(kStart + 1'000'000);
  EXPECT_EQ(b.ssrc, 0x1234u);
  EXPECT_EQ(b.fractionLost, 0);
  EXPECT_EQ(b.cumulativeLost, 0);
  EXPECT_EQ(b.extendedHighestSeq, 29u);
  EXPECT_LE(b.jitter, 1u);  // 1/30 s is not a whole number of microseconds
  EXPECT_EQ(b.lastSr, 0u);
  EXPECT_EQ(b.delaySinceLastSr, 0u);
}

TEST(ReceiveStats, LossPerIntervalAndCumulative) {
  ReceiveStats s(1, 8000);
  for (uint16_t i = 0; i < 10; ++i) {
    if (i == 3 || i == 4) continue;
    s.onPacket(i, 160u * i, kStart + i * 20'000);
  }
  ReportBlock b = s.makeReportBlock(kStart);
  EXPECT_EQ(b.cumulativeLost, 2);
  EXPECT_EQ(b.fractionLost, (2 << 8) / 10);  // 51
  EXPECT_EQ(b.extendedHighestSeq, 9u);

  for (uint16_t i = 10; i < 20; ++i) s.onPacket(i, 160u * i, kStart + i * 20'000);
  b = s.makeReportBlock(kStart);
  EXPECT_EQ(b.fractionLost, 0);  // nothing lost in this interval
  EXPECT_EQ(b.cumulativeLost, 2);

  // A late packet from the first interval arrives: the loss count goes down.
  s.onPacket(3, 480, kStart + 400'000);
  EXPECT_EQ(s.cumulativeLost(), 1);
  b = s.makeReportBlock(kStart);
  EXPECT_EQ(b.fractionLost, 0);  // more received than expected in the interval
}

TEST(ReceiveStats, DuplicatesMakeLossNegative) {
  ReceiveStats s(1, 8000);
  s.onPacket(0, 0, kStart);
  s.onPacket(1, 160, kStart + 20'000);
  s.onPacket(1, 160, kStart + 21'000);
  s.onPacket(2, 320, kStart + 40'000);
  EXPECT_EQ(s.packetsReceived(), 4u);
  EXPECT_EQ(s.makeReportBlock(kStart).cumulativeLost, -1);
}

TEST(ReceiveStats, SequenceWrapCountsCycles) {
  ReceiveStats s(1, 8000);
  const uint16_t seqs[] = {65534, 65535, 0, 1};
  for (int i = 0; i < 4; ++i) s.onPacket(seqs[i], 160u * i, kStart + i * 20'000);
  EXPECT_EQ(s.extendedHighestSeq(), 65536u + 1);
  const ReportBlock b = s.makeReportBlock(kStart);
  EXPECT_EQ(b.extendedHighestSeq, 65537u);
  EXPECT_EQ(b.cumulativeLost, 0);
}

TEST(ReceiveStats, LargeJumpNeedsTwoPacketsToResync) {
  ReceiveStats s(1, 8000);
  s.onPacket(0, 0, kStart);
  s.onPacket(1, 160, kStart + 20'000);
  s.onPacket(5000, 320, kStart + 40'000);  // ignored: a single stray packet
  s.onPacket(2, 320, kStart + 40'000);
  EXPECT_EQ(s.extendedHighestSeq(), 2u);
  EXPECT_EQ(s.packetsReceived(), 3u);

  s.onPacket(9000, 480, kStart + 60'000);
  s.onPacket(9001, 640, kStart + 80'000);  // confirms: the source restarted
  EXPECT_EQ(s.extendedHighestSeq(), 9001u);
  EXPECT_EQ(s.packetsReceived(), 1u);  // counting starts again with the confirming packet
  s.onPacket(9002, 800, kStart + 100'000);
  EXPECT_EQ(s.cumulativeLost(), 0);
}

TEST(ReceiveStats, JitterFollowsA8) {
  ReceiveStats s(1, 8000);
  s.onPacket(0, 0, kStart);
  s.onPacket(1, 160, kStart + 30'000);  // 10 ms late: D = 80 ticks, J = 80/16
  EXPECT_EQ(s.jitter(), 5u);
  s.onPacket(2, 320, kStart + 40'000);  // back on time: D = 80 again
  // Real-valued A.8: 5 + (80 - 5) / 16 = 9.6875; the fixed-point form truncates.
  EXPECT_EQ(s.jitter(), 9u);

  // A long alternating pattern converges near the mean |D| of 80 ticks.
  for (uint16_t i = 3; i < 400; ++i) {
    s.onPacket(i, 160u * i, kStart + i * 20'000 + (i % 2 ? 10'000 : 0));
  }
  EXPECT_NEAR(static_cast<double>(s.jitter()), 80.0, 2.0);
  // Reordered packets do not move the jitter.
  const uint32_t before = s.jitter();
  s.onPacket(390, 160u * 390, kStart + 900'000'000);
  EXPECT_EQ(s.jitter(), before);
}

TEST(ReceiveStats, TimestampWrapIsNotAJitterSpike) {
  ReceiveStats s(1, 90000);
  const uint32_t base = 0xffffffffu - 2999;
  for (uint16_t i = 0; i < 10; ++i) s.onPacket(i, base + 3000u * i, kStart + i * 33'333);
  EXPECT_LE(s.jitter(), 2u);
}

TEST(ReceiveStats, LastSrAndDelaySinceIt) {
  ReceiveStats s(1, 90000);
  s.onPacket(0, 0, kStart);
  s.onSenderReport(0xe4a1b2c3'80000000ull, kStart + 100'000);
  const ReportBlock b = s.makeReportBlock(kStart + 100'000 + 1'500'000);
  EXPECT_EQ(b.lastSr, 0xb2c38000u);
  EXPECT_EQ(b.delaySinceLastSr, 98304u);  // 1.5 s × 65536
}

}  // namespace
}  // namespace vicos::rtcp
