// Tests of AIMD rate control: 8 %/s far from convergence, additive near it, 0.85 × acked on
// overuse, no repeated decrease within the reaction interval, the acked-rate headroom.
#include "bwe/aimd_rate.hpp"

#include <gtest/gtest.h>

#include "bwe/acked_bitrate.hpp"

namespace vicos::bwe {
namespace {

AimdConfig config(uint64_t start) {
  AimdConfig c;
  c.startBps = start;
  return c;
}

TEST(AimdRate, IncreasesEightPercentPerSecondFarFromConvergence) {
  AimdRate a(config(1'000'000));
  for (Micros t = 0; t <= 1'000'000; t += 100'000) a.update(BandwidthUsage::Normal, a.estimate(), t);
  EXPECT_NEAR(static_cast<double>(a.estimate()), 1'080'000, 5'000);
  EXPECT_EQ(a.state(), RateControlState::Increase);
}

TEST(AimdRate, DecreasesToAckedRateThenIncreasesAdditively) {
  AimdRate a(config(1'000'000));
  a.setRtt(100'000);
  a.update(BandwidthUsage::Normal, 950'000, 0);
  a.update(BandwidthUsage::Overusing, 900'000, 50'000);
  EXPECT_EQ(a.estimate(), 765'000u);  // 0.85 × 900 kbit/s
  EXPECT_EQ(a.state(), RateControlState::Hold);
  EXPECT_TRUE(a.nearCapacity());
  // Underuse holds; normal increases by about one 1200-byte packet per (RTT + 100 ms).
  a.update(BandwidthUsage::Underusing, 800'000, 100'000);
  EXPECT_EQ(a.estimate(), 765'000u);
  for (Micros t = 200'000; t <= 1'200'000; t += 100'000) a.update(BandwidthUsage::Normal, 880'000, t);
  EXPECT_NEAR(static_cast<double>(a.estimate()), 765'000 + 48'000 * 1.1, 2'000);  // 1.1 s
}

TEST(AimdRate, DecreasesAgainOnlyAfterTheReactionInterval) {
  AimdRate a(config(2'000'000));
  a.setRtt(100'000);
  a.update(BandwidthUsage::Overusing, 2'000'000, 0);
  EXPECT_EQ(a.estimate(), 1'700'000u);
  a.update(BandwidthUsage::Overusing, 1'800'000, 50'000);  // too soon: unchanged
  EXPECT_EQ(a.estimate(), 1'700'000u);
  a.update(BandwidthUsage::Overusing, 1'600'000, 100'000);
  EXPECT_EQ(a.estimate(), 1'360'000u);
  a.update(BandwidthUsage::Overusing, 600'000, 120'000);  // acked below half: at once
  EXPECT_EQ(a.estimate(), 510'000u);
}

TEST(AimdRate, DoesNotGrowFarBeyondWhatIsAcked) {
  AimdRate a(config(1'000'000));
  for (Micros t = 0; t <= 5'000'000; t += 100'000) a.update(BandwidthUsage::Normal, 100'000, t);
  EXPECT_EQ(a.estimate(), 1'000'000u);  // 1.5 × 100 k + 10 k is below: held, not lowered
  a.raiseTo(3'000'000, 5'100'000);
  EXPECT_EQ(a.estimate(), 3'000'000u);
  a.raiseTo(2'000'000, 5'200'000);
  EXPECT_EQ(a.estimate(), 3'000'000u);
}

TEST(AimdRate, StaysWithinBounds) {
  AimdConfig c = config(100'000);
  c.minBps = 80'000;
  c.maxBps = 120'000;
  AimdRate a(c);
  for (Micros t = 0; t <= 10'000'000; t += 100'000) a.update(BandwidthUsage::Normal, 1'000'000, t);
  EXPECT_EQ(a.estimate(), 120'000u);
  a.update(BandwidthUsage::Overusing, 10'000, 10'200'000);
  EXPECT_EQ(a.estimate(), 80'000u);
}

TEST(AckedBitrate, MeasuresOverTheWindowOfArrivals) {
  AckedBitrate r;
  EXPECT_FALSE(r.rate());
  // 1250 bytes every 10 ms = 1 Mbit/s.
  for (Micros t = 0; t < 50'000; t += 10'000) r.onPacket(t, 1250);
  EXPECT_FALSE(r.rate());  // under 100 ms of arrivals
  for (Micros t = 50'000; t < 2'000'000; t += 10'000) r.onPacket(t, 1250);
  EXPECT_EQ(r.rate(), 1'000'000u);
  // Half the rate for the last 500 ms.
  for (Micros t = 2'000'000; t < 2'500'000; t += 20'000) r.onPacket(t, 1250);
  EXPECT_NEAR(static_cast<double>(*r.rate()), 500'000, 30'000);
  r.onPacket(0, 1'000'000);  // older than the window: ignored
  EXPECT_NEAR(static_cast<double>(*r.rate()), 500'000, 30'000);
  r.onPacket(10'000'000, 1250);  // after a long silence only the new packet counts
  EXPECT_EQ(r.rate(), 1250u * 8 * 2);
}

}  // namespace
}  // namespace vicos::bwe
