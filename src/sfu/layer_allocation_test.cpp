// Tests of sharing a downlink estimate among videos: the floor, the order, gaps and noise.
#include "sfu/layer_allocation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vicos::sfu {
namespace {

// Chromium's three camera layers for 1280x720 (docs/design/media-model.md §2), roughly.
constexpr LayerDemand kCamera{{150'000, 500'000, 2'000'000}, false};
constexpr LayerDemand kScreen{{1'200'000, 0, 0}, true};

std::vector<uint8_t> allocate(uint64_t budget, const std::vector<LayerDemand>& demands,
                              uint64_t* next = nullptr) {
  std::vector<uint8_t> caps(demands.size(), 99);
  const uint64_t needed = allocateLayers(budget, demands, caps);
  if (next) *next = needed;
  return caps;
}

TEST(LayerAllocation, AWideLinkGetsEveryTopLayer) {
  EXPECT_EQ(allocate(10'000'000, {kCamera, kCamera, kCamera}), (std::vector<uint8_t>{2, 2, 2}));
}

TEST(LayerAllocation, ANarrowLinkGetsEveryoneSmallRatherThanSomeoneNotAtAll) {
  EXPECT_EQ(allocate(200'000, {kCamera, kCamera}), (std::vector<uint8_t>{0, 0}));
  EXPECT_EQ(allocate(0, {kCamera, kCamera}), (std::vector<uint8_t>{0, 0}));
}

TEST(LayerAllocation, VideosGoUpInTurn) {
  // 1.2 Mbit/s (the slow participant) with two cameras: both at the middle layer.
  EXPECT_EQ(allocate(1'200'000, {kCamera, kCamera}), (std::vector<uint8_t>{1, 1}));
  // Room for one more middle layer but not for a top one.
  EXPECT_EQ(allocate(1'200'000, {kCamera, kCamera, kCamera}), (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(allocate(2'700'000, {kCamera, kCamera}), (std::vector<uint8_t>{2, 1}));
}

TEST(LayerAllocation, AScreenShareGoesFirst) {
  EXPECT_EQ(allocate(1'700'000, {kCamera, kScreen, kCamera}), (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_EQ(allocate(2'300'000, {kCamera, kScreen, kCamera}), (std::vector<uint8_t>{1, 0, 1}));
}

TEST(LayerAllocation, LayersThatDoNotSendAreSkippedAndSilentVideosAreNotLimited) {
  const LayerDemand gap{{150'000, 0, 2'000'000}, false};  // the middle layer paused
  EXPECT_EQ(allocate(1'000'000, {gap}), (std::vector<uint8_t>{0}));
  EXPECT_EQ(allocate(2'500'000, {gap}), (std::vector<uint8_t>{2}));
  const LayerDemand onlyTop{{0, 0, 800'000}, false};
  EXPECT_EQ(allocate(100'000, {onlyTop}), (std::vector<uint8_t>{2}));
  const LayerDemand silent{};
  EXPECT_EQ(allocate(0, {silent, kCamera}), (std::vector<uint8_t>{media::kMaxEncodings - 1, 0}));
}

TEST(LayerAllocation, AHigherLayerMeasuredBelowALowerOneCostsNothingExtra) {
  const LayerDemand noisy{{400'000, 300'000, 0}, false};  // a keyframe burst on the low layer
  EXPECT_EQ(allocate(400'000, {noisy}), (std::vector<uint8_t>{1}));
}

TEST(LayerAllocation, SaysWhatEveryTopLayerWouldNeed) {
  uint64_t full = 0;
  allocate(1'200'000, {kCamera, kCamera}, &full);
  EXPECT_EQ(full, 4'000'000u);
  allocate(200'000, {kCamera, kScreen}, &full);
  EXPECT_EQ(full, 3'200'000u);
  allocate(10'000'000, {kCamera, kScreen}, &full);
  EXPECT_EQ(full, 0u);  // everything at the top already
}

}  // namespace
}  // namespace vicos::sfu
