// Tests of the load tool's loss, jitter, NACK-gap and latency accounting with synthetic input.
#include "loadtest/stream_stats.hpp"

#include <gtest/gtest.h>

namespace vicos::loadtest {
namespace {

using Missing = std::array<uint16_t, StreamStats::kMaxGap>;

TEST(StreamStats, CountsLossFromSequenceGaps) {
  StreamStats s;
  Missing missing{};
  for (uint16_t seq = 100; seq < 200; ++seq) {
    if (seq == 150 || seq == 151 || seq == 170) continue;
    s.onPacket(seq, seq * 3000u, seq * 33'333, missing);
  }
  EXPECT_EQ(s.expected(), 100u);
  EXPECT_EQ(s.received(), 97u);
  EXPECT_EQ(s.lost(), 3u);
}

TEST(StreamStats, TellsRepeatsFromNewPackets) {
  StreamStats s;
  Missing missing{};
  EXPECT_TRUE(s.isNew(65534));
  s.onPacket(65534, 0, 0, missing);
  EXPECT_FALSE(s.isNew(65534));
  EXPECT_TRUE(s.isNew(1));  // across the wrap
  s.onPacket(2, 0, 0, missing);
  EXPECT_FALSE(s.isNew(1));  // a retransmission of a lost one
  EXPECT_FALSE(s.isNew(65535));
  EXPECT_TRUE(s.isNew(3));
  EXPECT_EQ(s.highestSequence(), 2);
}

TEST(StreamStats, ReportsTheGapForNack) {
  StreamStats s;
  Missing missing{};
  EXPECT_EQ(s.onPacket(10, 0, 0, missing), 0u);
  EXPECT_EQ(s.onPacket(11, 0, 0, missing), 0u);
  ASSERT_EQ(s.onPacket(14, 0, 0, missing), 2u);
  EXPECT_EQ(missing[0], 12);
  EXPECT_EQ(missing[1], 13);
  // The retransmission arrives late: no new gap, and the loss is repaired.
  EXPECT_EQ(s.onPacket(12, 0, 0, missing), 0u);
  EXPECT_EQ(s.onPacket(13, 0, 0, missing), 0u);
  EXPECT_EQ(s.lost(), 0u);
  // A gap longer than kMaxGap is not NACKed (a browser would rather ask for a keyframe).
  EXPECT_EQ(s.onPacket(14 + StreamStats::kMaxGap + 2, 0, 0, missing), 0u);
  EXPECT_EQ(s.lost(), StreamStats::kMaxGap + 1);
}

TEST(StreamStats, SurvivesSequenceWrap) {
  StreamStats s;
  Missing missing{};
  for (uint32_t i = 0; i < 70'000; ++i) {
    if (i == 65'536) continue;  // the packet right at the second wrap's zero... one loss
    s.onPacket(static_cast<uint16_t>(65'000 + i), i * 960u, i * 20'000, missing);
  }
  EXPECT_EQ(s.expected(), 70'000u);
  EXPECT_EQ(s.lost(), 1u);
}

TEST(StreamStats, ReorderBeforeTheFirstIsNotLossOrExpected) {
  StreamStats s;
  Missing missing{};
  s.onPacket(0, 0, 0, missing);
  s.onPacket(65535, 0, 0, missing);  // one before the first, across the wrap
  s.onPacket(1, 0, 0, missing);
  EXPECT_EQ(s.expected(), 2u);
  EXPECT_EQ(s.received(), 2u);  // the straggler from before the start is ignored
  EXPECT_EQ(s.lost(), 0u);
}

TEST(StreamStats, IntervalStartsAfterTheHighestSeen) {
  StreamStats s;
  Missing missing{};
  s.onPacket(1, 0, 0, missing);
  s.onPacket(5, 0, 0, missing);  // 2..4 lost before the interval
  s.startInterval();
  EXPECT_EQ(s.expected(), 0u);
  s.onPacket(3, 0, 0, missing);  // a late retransmission from before: not counted
  s.onPacket(6, 0, 0, missing);
  s.onPacket(8, 0, 0, missing);
  EXPECT_EQ(s.expected(), 3u);
  EXPECT_EQ(s.received(), 2u);
  EXPECT_EQ(s.lost(), 1u);
}

TEST(StreamStats, JitterIsZeroForPerfectPacingAndGrowsWithVariation) {
  StreamStats steady(90'000);
  StreamStats shaky(90'000);
  Missing missing{};
  for (uint16_t i = 0; i < 1000; ++i) {
    const Micros arrival = i * 33'333 + 1'000'000;
    steady.onPacket(i, i * 3000u, arrival, missing);
    shaky.onPacket(i, i * 3000u, arrival + (i % 2 ? 2'000 : 0), missing);
  }
  EXPECT_LT(steady.jitterMicros(), 5.0);
  // RFC 3550 A.8: with |D| = 2 ms on every packet the estimate converges to 2 ms.
  EXPECT_NEAR(shaky.jitterMicros(), 2'000.0, 50.0);
}

TEST(StreamStats, JitterLeavesRetransmissionsOut) {
  StreamStats s;
  Missing missing{};
  for (uint16_t seq = 0; seq < 100; ++seq) {
    s.onPacket(seq, seq * 3000u, seq * 33'333, missing);
    // Every tenth packet comes again 200 ms later, with its old timestamp.
    const auto old = static_cast<uint16_t>(seq - 5);
    if (seq % 10 == 9) s.onPacket(old, old * 3000u, seq * 33'333 + 200'000, missing);
  }
  EXPECT_LT(s.jitterMicros(), 5.0);
}

TEST(StreamStats, JitterIgnoresTimestampWrap) {
  StreamStats s(90'000);
  Missing missing{};
  const uint32_t start = 0xFFFFFFFFu - 3000u * 10u;
  for (uint16_t i = 0; i < 40; ++i) s.onPacket(i, start + i * 3000u, i * 33'333 + 7, missing);
  EXPECT_LT(s.jitterMicros(), 5.0);
}

TEST(LatencyHistogram, Percentiles) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(0.5), 0);
  for (int i = 1; i <= 100; ++i) h.add(i * 100);  // 0.1 ms .. 10 ms
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.percentile(0.50), 5'010);  // the 50th sample, 5,000 µs, in the bin [5000, 5010)
  EXPECT_EQ(h.percentile(0.99), 9'910);
  EXPECT_EQ(h.percentile(1.0), 10'010);
  h.add(-5);        // clock oddities land in the first bin
  h.add(500'000);   // beyond 100 ms: the overflow bin
  EXPECT_EQ(h.overflow(), 1u);
  LatencyHistogram other;
  other.add(20);
  h.merge(other);
  EXPECT_EQ(h.count(), 103u);
  h.clear();
  EXPECT_EQ(h.count(), 0u);
}

}  // namespace
}  // namespace vicos::loadtest
