// Tests of loss-based control (GCC 6): the three loss bands, the interval and the packet minimum.
#include "bwe/loss_based.hpp"

#include <gtest/gtest.h>

namespace vicos::bwe {
namespace {

LossBasedConfig config() {
  LossBasedConfig c;
  c.startBps = 1'000'000;
  return c;
}

TEST(LossBased, HighLossDecreasesByHalfTheLossFraction) {
  LossBased l(config());
  l.onPackets(20, 100);
  EXPECT_EQ(l.update(1'000'000, 0), 900'000u);  // 1 − 0.5 × 0.2
  EXPECT_DOUBLE_EQ(l.lossFraction(), 0.2);
  // From the lower of its own value and what the sender uses.
  l.onPackets(50, 100);
  EXPECT_EQ(l.update(600'000, 200'000), 450'000u);
}

TEST(LossBased, LowLossGrowsFivePercentOverWhatIsUsedAndMiddleLossHolds) {
  LossBased l(config());
  l.onPackets(1, 100);
  EXPECT_EQ(l.update(1'000'000, 0), 1'050'000u);
  l.onPackets(5, 100);
  EXPECT_EQ(l.update(1'050'000, 200'000), 1'050'000u);  // 5 %: hold
  l.onPackets(0, 100);
  EXPECT_EQ(l.update(2'000'000, 400'000), 2'100'000u);
}

TEST(LossBased, WaitsForTheIntervalAndEnoughPackets) {
  LossBased l(config());
  l.onPackets(19, 19);
  EXPECT_EQ(l.update(1'000'000, 0), 1'000'000u);  // 19 packets: not yet
  l.onPackets(1, 1);
  EXPECT_EQ(l.update(1'000'000, 0), 500'000u);  // 100 % loss: halved
  l.onPackets(100, 100);
  EXPECT_EQ(l.update(500'000, 100'000), 500'000u);  // within 200 ms of the last update
  EXPECT_EQ(l.update(500'000, 200'000), 250'000u);
  for (Micros t = 400'000; t < 10'000'000; t += 200'000) {
    l.onPackets(100, 100);
    l.update(l.estimate(), t);
  }
  EXPECT_EQ(l.estimate(), config().minBps);
}

}  // namespace
}  // namespace vicos::bwe
