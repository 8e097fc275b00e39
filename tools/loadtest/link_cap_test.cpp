// Tests of the emulated downlink bottleneck: its rate, its queue and its tail drops.
#include "loadtest/link_cap.hpp"

#include <gtest/gtest.h>

namespace vicos::loadtest {
namespace {

TEST(LinkCap, PacketsWithinTheRateArriveAtOnce) {
  LinkCap link(1'000'000);  // 1 Mbit/s: a 1,250-byte packet takes 10 ms
  for (int i = 0; i < 10; ++i) {
    const Micros now = i * 20'000;
    EXPECT_EQ(link.admit(1250, now), now + 10'000);
  }
  EXPECT_EQ(link.dropped(), 0u);
}

TEST(LinkCap, ABurstQueuesAndItsTailIsDropped) {
  LinkCap link(1'000'000, 100'000);
  // Twenty packets at once: each leaves 10 ms after the one before; the queue holds 100 ms.
  int delivered = 0;
  for (int i = 0; i < 20; ++i) {
    const auto arrival = link.admit(1250, 0);
    if (!arrival) continue;
    ++delivered;
    EXPECT_EQ(*arrival, (i + 1) * 10'000);
  }
  EXPECT_EQ(delivered, 11);  // waits of 0 to 100 ms
  EXPECT_EQ(link.dropped(), 9u);
  // Once drained, the link carries packets at once again.
  EXPECT_EQ(link.admit(1250, 500'000), 510'000);
}

TEST(LinkCap, ASteadyOverloadLosesWhatTheRateCannotCarry) {
  LinkCap link(500'000);  // half of what arrives
  int delivered = 0;
  for (int i = 0; i < 1000; ++i)
    if (link.admit(1250, i * 10'000)) ++delivered;  // 1 Mbit/s offered for 10 s
  EXPECT_NEAR(delivered, 500 + 5, 6);  // the rate's share, plus the queue's
}

}  // namespace
}  // namespace vicos::loadtest
