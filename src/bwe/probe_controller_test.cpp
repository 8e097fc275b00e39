// Tests of probing: fast-start clusters, the measured rate of a cluster (send- or
// receive-limited), fast start going on, requests, and clusters that fail or time out.
#include "bwe/probe_controller.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace vicos::bwe {
namespace {

std::vector<ProbeCluster> take(ProbeController& p) {
  std::array<ProbeCluster, 8> out{};
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(p.takeClusters(out))};
}

// Sends `count` packets of `size` bytes for the cluster, `sendGap` apart, arriving `arrivalGap`
// apart; the last result returns what the controller says.
std::optional<ProbeResult> run(ProbeController& p, int32_t id, int count, uint32_t size, Micros sendGap,
                               Micros arrivalGap, int lostEvery = 0) {
  for (int i = 0; i < count; ++i) p.onProbeSent(id);
  std::optional<ProbeResult> result;
  for (int i = 0; i < count; ++i) {
    PacketResult r;
    r.seq = i;
    r.size = size;
    r.sendTime = 5'000'000 + i * sendGap;
    r.arrival = 5'000'000 + i * arrivalGap;
    r.probeCluster = id;
    r.received = lostEvery == 0 || i % lostEvery != 0;
    result = p.onPacketResult(r, 5'100'000);
    if (i + 1 < count) {
      EXPECT_FALSE(result) << i;
    }
  }
  return result;
}

TEST(ProbeController, FastStartProbesThreeAndSixTimesTheStartRate) {
  ProbeController p;
  p.start(300'000, 5'000'000);
  const auto clusters = take(p);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].rateBps, 900'000u);
  EXPECT_EQ(clusters[1].rateBps, 1'800'000u);
  EXPECT_EQ(clusters[1].minBytes, 3375u);  // 15 ms at 1.8 Mbit/s
  EXPECT_EQ(clusters[1].minPackets, 5u);
  EXPECT_NE(clusters[0].id, clusters[1].id);
  EXPECT_TRUE(take(p).empty());  // announced once
  EXPECT_TRUE(p.busy(5'000'000));
}

TEST(ProbeController, MeasuresAndGoesOnWhileTheLinkKeepsUp) {
  ProbeController p;
  p.start(300'000, 5'000'000);
  const auto clusters = take(p);
  // 900 kbit/s cluster: 5 × 500 bytes every 4.44 ms, arriving the same way: not saturated.
  const auto ok = run(p, clusters[0].id, 5, 500, 4444, 4444);
  ASSERT_TRUE(ok);
  EXPECT_NEAR(static_cast<double>(ok->bps), 900'000, 10'000);
  // Fast start goes on at twice the result.
  const auto next = take(p);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_NEAR(static_cast<double>(next[0].rateBps), 1'800'000, 20'000);
  // 1.8 Mbit/s sent, arriving at 1 Mbit/s: saturated, 95 % of the receive rate; no more probes.
  const auto full = run(p, clusters[1].id, 5, 1000, 4444, 8000);
  ASSERT_TRUE(full);
  EXPECT_NEAR(static_cast<double>(full->bps), 950'000, 10'000);
  EXPECT_TRUE(take(p).empty());
}

TEST(ProbeController, TooFewArrivalsGiveNoResult) {
  ProbeController p;
  p.start(300'000, 5'000'000);
  const auto clusters = take(p);
  EXPECT_FALSE(run(p, clusters[0].id, 5, 500, 4444, 4444, 2));  // 2 of 5 arrive
  EXPECT_EQ(p.failed(), 1u);
}

TEST(ProbeController, RequestsProbeTheTargetWhenTheEstimateIsBelowIt) {
  ProbeController p;
  EXPECT_FALSE(p.request(1'000'000, 1'500'000, 0));  // already there
  EXPECT_TRUE(p.request(2'500'000, 1'000'000, 0));
  const auto clusters = take(p);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].rateBps, 2'500'000u);
  EXPECT_EQ(clusters[1].rateBps, 5'000'000u);
  EXPECT_FALSE(p.request(2'500'000, 1'000'000, 500'000));  // outstanding
  // Not sent at all: timed out after a second, then a new request goes through.
  PacketResult unrelated;
  EXPECT_FALSE(p.onPacketResult(unrelated, 1'000'000));
  EXPECT_EQ(p.failed(), 2u);
  EXPECT_FALSE(p.busy(1'000'000));
  EXPECT_FALSE(p.request(2'500'000, 1'000'000, 1'000'000));  // 5 s between requests
  EXPECT_TRUE(p.request(2'500'000, 1'000'000, 5'000'000));
  // A requested probe measures but does not go on by itself.
  const auto again = take(p);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_TRUE(run(p, again[0].id, 5, 1000, 3200, 3200));
  EXPECT_TRUE(take(p).empty());
}

TEST(ProbeController, AfterTheEstimateFellOneRequestMayComeEarly) {
  ProbeController p;
  auto expire = [&](Micros now) { p.onPacketResult(PacketResult{}, now); };  // unsent: given up
  EXPECT_TRUE(p.request(2'500'000, 1'000'000, 0));
  take(p);
  expire(1'000'000);
  EXPECT_FALSE(p.request(2'500'000, 1'000'000, 1'000'000));  // no fall: the usual 5 s
  EXPECT_TRUE(p.request(2'500'000, 1'000'000, 1'000'000, true));  // fell: a second is enough
  take(p);
  expire(2'000'000);
  // Only once between two regular requests, so a full link is not probed every second.
  EXPECT_FALSE(p.request(2'500'000, 900'000, 2'000'000, true));
  EXPECT_FALSE(p.request(2'500'000, 900'000, 5'500'000, true));
  EXPECT_TRUE(p.request(2'500'000, 900'000, 6'000'000, true));  // 5 s after the early one
  take(p);
  expire(7'000'000);
  EXPECT_TRUE(p.request(2'500'000, 800'000, 7'000'000, true));  // regular before, early allowed again
}

}  // namespace
}  // namespace vicos::bwe
