// Tests of the trendline detector: steady delay is normal, a growing queue is overuse, a
// draining one underuse, bursts form one group, and the threshold adapts within its bounds.
#include "bwe/trendline.hpp"

#include <gtest/gtest.h>

namespace vicos::bwe {
namespace {

// Feeds `groups` groups of 3 packets sent 1 ms apart, groups 20 ms apart; each group arrives
// `drift` µs later relative to its send time than the one before. Returns the first group
// index at which `want` is reported, or -1.
int feed(Trendline& t, int groups, Micros drift, BandwidthUsage want, Micros& send, Micros& delay) {
  int first = -1;
  for (int g = 0; g < groups; ++g) {
    for (int p = 0; p < 3; ++p) t.onPacket(send + p * 1000, send + p * 1000 + delay + 50'000);
    send += 20'000;
    delay = std::max<Micros>(0, delay + drift);
    if (first < 0 && t.state() == want) first = g;
  }
  return first;
}

TEST(Trendline, SteadyDelayIsNormal) {
  Trendline t;
  Micros send = 0;
  Micros delay = 0;
  EXPECT_EQ(feed(t, 200, 0, BandwidthUsage::Overusing, send, delay), -1);
  EXPECT_EQ(feed(t, 200, 0, BandwidthUsage::Underusing, send, delay), -1);
  EXPECT_EQ(t.state(), BandwidthUsage::Normal);
}

TEST(Trendline, GrowingQueueIsOveruseAndDrainingIsUnderuse) {
  Trendline t;
  Micros send = 0;
  Micros delay = 0;
  feed(t, 40, 0, BandwidthUsage::Overusing, send, delay);
  // The queue grows by 2 ms per 20 ms group: a slope of 0.1, far over the threshold.
  const int over = feed(t, 60, 2000, BandwidthUsage::Overusing, send, delay);
  EXPECT_GE(over, 0);
  EXPECT_LE(over, 25);
  const int under = feed(t, 60, -3000, BandwidthUsage::Underusing, send, delay);
  EXPECT_GE(under, 0);
  EXPECT_LE(under, 25);
}

TEST(Trendline, SmallJitterDoesNotTrigger) {
  Trendline t;
  Micros send = 0;
  for (int g = 0; g < 300; ++g) {
    const Micros jitter = (g % 2 == 0) ? 1500 : 0;  // ±1.5 ms alternating, no trend
    t.onPacket(send, send + 40'000 + jitter);
    send += 20'000;
    EXPECT_NE(t.state(), BandwidthUsage::Overusing) << g;
  }
}

TEST(Trendline, ThresholdFallsTowardsItsFloorOnQuietPathsAndStaysBounded) {
  Trendline t;
  Micros send = 0;
  Micros delay = 0;
  EXPECT_DOUBLE_EQ(t.threshold(), 12.5);
  feed(t, 500, 0, BandwidthUsage::Overusing, send, delay);
  EXPECT_LT(t.threshold(), 7.0);
  EXPECT_GE(t.threshold(), 6.0);
  feed(t, 500, 4000, BandwidthUsage::Overusing, send, delay);
  EXPECT_LE(t.threshold(), 600.0);
}

TEST(Trendline, PacketsOfOneBurstAreOneGroup) {
  // Ten packets within 5 ms whose arrivals spread out (one group: no delta), then steady groups.
  Trendline t;
  for (int p = 0; p < 10; ++p) t.onPacket(p * 500, 10'000 + p * 3000);
  for (int g = 1; g < 100; ++g) t.onPacket(g * 20'000, g * 20'000 + 37'000);
  EXPECT_EQ(t.state(), BandwidthUsage::Normal);
  // Packets sent before the current group are ignored rather than misread as a group.
  t.onPacket(5'000, 1'000'000'000);
  EXPECT_EQ(t.state(), BandwidthUsage::Normal);
}

TEST(Trendline, AReceiverThatStallsAndReadsItsBacklogAtOnceIsNotOverused) {
  // Groups every 10 ms; now and then the receiving thread sleeps 60 ms and then stamps what
  // waited within a millisecond: the queue the stall shows is the receiver's, not the link's.
  Trendline t;
  Micros send = 0;
  Micros arrival = 0;
  for (int g = 0; g < 600; ++g) {
    const int phase = g % 25;
    for (int p = 0; p < 2; ++p) {
      const Micros sent = send + p * 1000;
      if (phase == 0) arrival = sent + 30'000 + 60'000;                     // the stall's first packet
      else if (phase < 6) arrival += 200;                                   // the backlog, read at once
      else arrival = std::max(arrival + 200, sent + 30'000);                // on time again
      t.onPacket(sent, arrival);
    }
    send += 10'000;
    EXPECT_NE(t.state(), BandwidthUsage::Overusing) << g;
  }
}

}  // namespace
}  // namespace vicos::bwe
