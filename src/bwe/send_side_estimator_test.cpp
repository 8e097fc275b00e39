// Trace-driven tests of the send-side estimator over a simulated bottleneck (bwe_test_call.hpp):
// real send log, estimator, feedback writer, RTCP writer and parser, end to end.
//
// The bounds are what GCC does, not what one would wish: after a decrease to 0.85 × the acked
// rate the estimate climbs back additively (about one packet per RTT + 100 ms), so it saws
// between ~0.85 and ~1.03 × capacity and its mean sits ~8 % under the capacity; without a
// probe, growth far from the known capacity is 8 % a second, so 0.5 → 2.0 Mbit/s takes ~19 s
// and only a probe makes it fast; between 2 % and 10 % loss the loss side holds, so random loss
// of 5 % freezes rather than lowers the rate, and 20 % takes it down by 10 % per 200 ms.
// Failure messages print the trace (target kbit/s / queue delay once a second).
#include "bwe/send_side_estimator.hpp"

#include <gtest/gtest.h>

#include "bwe/bwe_test_call.hpp"

namespace vicos::bwe {
namespace {

using test::LinkConfig;
using test::TestCall;

constexpr Micros kSecond = 1'000'000;
constexpr Micros kMaxQueueDelay = 100'000;  // the detector keeps the bottleneck queue short

LinkConfig linkOf(uint64_t capacity) {
  LinkConfig l;
  l.capacityBps = capacity;
  return l;
}

TEST(SendSideEstimatorTrace, ConstantCapacity) {
  TestCall call(EstimatorConfig{}, linkOf(1'500'000));
  call.runUntil(30 * kSecond);
  // Fast start (probes at 0.9 and 1.8 Mbit/s) gets near the capacity within the first second.
  EXPECT_GE(call.maxTarget(0, kSecond), 1'000'000u) << call.trace();
  // From 5 s on: the mean within 15 % of the capacity, the saw within −25 % / +15 %.
  EXPECT_NEAR(call.meanTarget(5 * kSecond, 30 * kSecond), 1'500'000, 225'000) << call.trace();
  EXPECT_GE(call.minTarget(5 * kSecond, 30 * kSecond), 1'125'000u) << call.trace();
  EXPECT_LE(call.maxTarget(5 * kSecond, 30 * kSecond), 1'725'000u) << call.trace();
  EXPECT_LE(call.maxQueueDelay(5 * kSecond, 30 * kSecond), kMaxQueueDelay) << call.trace();
  EXPECT_EQ(call.estimator().logCounters().unknown, 0u);
}

TEST(SendSideEstimatorTrace, StepDownFollowsWithinTwoSeconds) {
  TestCall call(EstimatorConfig{}, linkOf(2'500'000));
  call.runUntil(15 * kSecond);
  EXPECT_NEAR(call.meanTarget(5 * kSecond, 15 * kSecond), 2'500'000, 375'000) << call.trace();
  call.link().setCapacity(1'000'000, call.now());
  call.runUntil(30 * kSecond);
  const auto below = call.firstAtMost(1'100'000, 15 * kSecond);
  ASSERT_TRUE(below) << call.trace();
  EXPECT_LE(*below, 17 * kSecond) << call.trace();
  // No overshoot of more than 30 % for more than a second after that.
  EXPECT_LE(call.timeAbove(1'300'000, 17 * kSecond, 30 * kSecond), kSecond) << call.trace();
  EXPECT_NEAR(call.meanTarget(20 * kSecond, 30 * kSecond), 1'000'000, 200'000) << call.trace();
  EXPECT_LE(call.maxQueueDelay(20 * kSecond, 30 * kSecond), kMaxQueueDelay) << call.trace();
}

TEST(SendSideEstimatorTrace, StepUpWithoutProbingGrowsEightPercentPerSecond) {
  TestCall call(EstimatorConfig{}, linkOf(500'000));
  call.runUntil(15 * kSecond);
  EXPECT_NEAR(call.meanTarget(5 * kSecond, 15 * kSecond), 500'000, 100'000) << call.trace();
  call.link().setCapacity(2'500'000, call.now());
  call.runUntil(45 * kSecond);
  // 80 % of the new capacity: ln(4) / ln(1.08) ≈ 18 s at 8 %/s; allowed 22 s.
  const auto reached = call.firstAtLeast(2'000'000, 15 * kSecond);
  ASSERT_TRUE(reached) << call.trace();
  EXPECT_LE(*reached, 37 * kSecond) << call.trace();
  EXPECT_GE(*reached, 25 * kSecond) << "faster than GCC can be without probes: " << call.trace();
}

TEST(SendSideEstimatorTrace, StepUpWithProbingReachesEightyPercentInTwoSeconds) {
  TestCall call(EstimatorConfig{}, linkOf(500'000));
  call.runUntil(15 * kSecond);
  call.link().setCapacity(2'500'000, call.now());
  // A layer waits to go up and needs the whole 2.5 Mbit/s: the call asks every 500 ms (the
  // controller takes one request per 5 s).
  const uint64_t probesBefore = call.probePackets();
  call.wantRate(2'500'000, kSecond / 2);
  call.runUntil(45 * kSecond);
  EXPECT_GT(call.probePackets(), probesBefore);
  const auto reached = call.firstAtLeast(2'000'000, 15 * kSecond);
  ASSERT_TRUE(reached) << call.trace();
  EXPECT_LE(*reached, 17 * kSecond) << call.trace();
  // Each further probe at 2 × 2.5 Mbit/s shows as overuse and costs a decrease; the mean stays
  // above 75 % of the capacity.
  EXPECT_GE(call.meanTarget(20 * kSecond, 45 * kSecond), 1'875'000) << call.trace();
  EXPECT_LE(call.maxQueueDelay(20 * kSecond, 45 * kSecond), kMaxQueueDelay) << call.trace();
}

TEST(SendSideEstimatorTrace, FivePercentRandomLossDoesNotCollapse) {
  TestCall call(EstimatorConfig{}, linkOf(3'000'000));
  call.runUntil(10 * kSecond);
  const double before = call.meanTarget(5 * kSecond, 10 * kSecond);
  call.link().setLoss(0.05);
  call.runUntil(30 * kSecond);
  EXPECT_GE(static_cast<double>(call.minTarget(10 * kSecond, 30 * kSecond)), 0.8 * before) << call.trace();
  EXPECT_NEAR(call.estimator().stats().lossFraction, 0.05, 0.04);
}

TEST(SendSideEstimatorTrace, TwentyPercentRandomLossDecreases) {
  EstimatorConfig config;
  config.minBps = 100'000;
  TestCall call(config, linkOf(3'000'000));
  call.runUntil(10 * kSecond);
  const double before = call.meanTarget(5 * kSecond, 10 * kSecond);
  call.link().setLoss(0.2);
  call.runUntil(20 * kSecond);
  // (1 − 0.5 × 0.2) per 200 ms: under half within 5 s, down to the floor by 20 s.
  EXPECT_LE(static_cast<double>(call.maxTarget(15 * kSecond, 20 * kSecond)), 0.5 * before) << call.trace();
  EXPECT_GE(call.minTarget(10 * kSecond, 20 * kSecond), config.minBps) << call.trace();
}

TEST(SendSideEstimatorTrace, CrossTrafficLeavesTheRemainder) {
  TestCall call(EstimatorConfig{}, linkOf(1'500'000));
  call.runUntil(10 * kSecond);
  call.link().setCross(750'000, call.now());  // half the link, constant rate
  call.runUntil(50 * kSecond);
  EXPECT_NEAR(call.meanTarget(20 * kSecond, 50 * kSecond), 750'000, 150'000) << call.trace();
  EXPECT_LE(call.maxTarget(20 * kSecond, 50 * kSecond), 1'000'000u) << call.trace();
  EXPECT_LE(call.maxQueueDelay(20 * kSecond, 50 * kSecond), kMaxQueueDelay) << call.trace();
}

TEST(SendSideEstimatorTrace, StaysWithinItsBoundsAndProbesOnlyBelowTheTarget) {
  EstimatorConfig config;
  config.startBps = 200'000;
  config.minBps = 150'000;
  config.maxBps = 1'000'000;
  TestCall call(config, linkOf(5'000'000));
  EXPECT_EQ(call.estimator().targetRate(), 200'000u);
  call.runUntil(20 * kSecond);
  EXPECT_EQ(call.maxTarget(0, 20 * kSecond), 1'000'000u) << call.trace();
  EXPECT_EQ(call.minTarget(0, 20 * kSecond), 200'000u) << call.trace();
  EXPECT_FALSE(call.estimator().requestProbe(900'000, call.now()));    // already there
  EXPECT_FALSE(call.estimator().requestProbe(5'000'000, call.now()));  // capped at the maximum
  call.link().setCapacity(100'000, call.now());
  call.runUntil(40 * kSecond);
  EXPECT_EQ(call.minTarget(20 * kSecond, 40 * kSecond), 150'000u) << call.trace();
}

TEST(SendSideEstimatorTrace, SameRunSameTrace) {
  LinkConfig link = linkOf(1'200'000);
  link.loss = 0.01;
  link.crossBps = 200'000;
  TestCall a(EstimatorConfig{}, link);
  TestCall b(EstimatorConfig{}, link);
  a.runUntil(10 * kSecond);
  b.runUntil(10 * kSecond);
  EXPECT_EQ(a.trace(), b.trace());
}

}  // namespace
}  // namespace vicos::bwe
