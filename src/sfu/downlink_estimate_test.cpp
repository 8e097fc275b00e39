// Tests of a subscriber's downlink estimate: no limit before feedback, numbering, and the
// pacing of probe clusters (rate over time, completion, giving up).
#include "sfu/downlink_estimate.hpp"

#include <gtest/gtest.h>

#include "bwe/bwe_test_util.hpp"

namespace vicos::sfu {
namespace {

constexpr uint32_t kPacket = 1'200;

// Sends `count` packets of kPacket bytes 10 ms apart from `start` and reports each as arrived
// 20 ms later: a link that carries them with room to spare.
Micros sendAndReport(DownlinkEstimate& d, int count, Micros start) {
  const uint16_t base = d.nextSeq();
  std::vector<rtcp::PacketArrival> arrivals;
  for (int i = 0; i < count; ++i) {
    const Micros at = start + i * 10'000;
    d.onSent(kPacket, at);
    arrivals.push_back({true, at + 20'000});
  }
  const Micros end = start + count * 10'000 + 20'000;
  d.onFeedback(bwe::test::feedbackFor(base, arrivals)->feedback, end);
  return end;
}

TEST(DownlinkEstimate, NumbersEveryPacketAndLimitsNothingBeforeFeedback) {
  DownlinkEstimate d;
  EXPECT_EQ(d.estimator(), nullptr);  // nothing held before the first packet
  for (uint16_t i = 0; i < 5; ++i) {
    EXPECT_EQ(d.nextSeq(), i);
    d.onSent(kPacket, i * 1000);
  }
  EXPECT_FALSE(d.targetBps());
  d.requestProbe(50'000'000, 10'000);
  EXPECT_FALSE(d.probing());  // no feedback, no estimate to probe above
  sendAndReport(d, 10, 20'000);
  ASSERT_TRUE(d.targetBps());
  EXPECT_GT(*d.targetBps(), 1'000'000u);  // it starts high (kStartBps) and nothing said less
}

TEST(DownlinkEstimate, AFallOfAFifthSinceTheLayersWereChosenAsksForANewChoice) {
  DownlinkEstimate d;
  sendAndReport(d, 10, 0);
  EXPECT_FALSE(d.fellSinceAllocation());  // never allocated
  const uint64_t target = *d.targetBps();
  d.noteAllocation(target);
  EXPECT_FALSE(d.fellSinceAllocation());
  d.noteAllocation(target * 5 / 4 + 5);
  EXPECT_TRUE(d.fellSinceAllocation());
}

TEST(DownlinkEstimate, ProbesArePacedAtTheClusterRateUntilTheirMinimumIsSent) {
  DownlinkEstimate d;
  Micros now = sendAndReport(d, 20, 0);
  const uint64_t target = *d.targetBps();
  d.requestProbe(2 * target, now);
  ASSERT_TRUE(d.probing());
  // The first packet of a cluster is due at once.
  auto due = d.probeDue(now);
  ASSERT_TRUE(due);
  const int32_t first = due->cluster;
  uint64_t bytes = 0;
  int packets = 0;
  Micros started = now;
  while (d.probing() && packets < 10'000) {
    while ((due = d.probeDue(now))) {
      if (due->cluster != first) break;
      d.onSent(kPacket, now, due->cluster);
      bytes += kPacket;
      ++packets;
    }
    if (due && due->cluster != first) break;
    now += 2'000;
  }
  ASSERT_TRUE(due) << "the second cluster follows the first";
  EXPECT_NE(due->cluster, first);
  // The first cluster went out at about its rate (2 × the target, the smaller of the two):
  // bytes over the time it took, within a packet of slack.
  const double seconds = static_cast<double>(now - started) / 1e6;
  EXPECT_GE(packets, 5);
  EXPECT_LE(static_cast<double>(bytes - kPacket) * 8 / seconds, 2.2 * static_cast<double>(target));
}

TEST(DownlinkEstimate, AProbeThatCannotBeSentIsGivenUp) {
  DownlinkEstimate d;
  const Micros now = sendAndReport(d, 20, 0);
  d.requestProbe(2 * *d.targetBps(), now);
  ASSERT_TRUE(d.probing());
  for (Micros t = now; t <= now + 3 * DownlinkEstimate::kProbeGiveUp; t += 10'000) {
    ASSERT_TRUE(d.probeDue(t) || !d.probing());
    d.probeBlocked(t);
  }
  EXPECT_FALSE(d.probing());
  // Also when nothing was ever due (the subscriber had no path at all).
  d.requestProbe(4 * *d.targetBps(), now + 6'000'000);
  ASSERT_TRUE(d.probing());
  for (Micros t = now + 6'000'000; t <= now + 6'000'000 + 3 * DownlinkEstimate::kProbeGiveUp; t += 10'000)
    d.probeBlocked(t);
  EXPECT_FALSE(d.probing());
}

}  // namespace
}  // namespace vicos::sfu
