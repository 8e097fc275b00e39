// Tests of sharing a downlink estimate among videos: the floor, the order, gaps and noise.
#include "sfu/layer_allocation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vicos::sfu {
namespace {

// Chromium's three camera layers for 1280x720 (docs/design/media-model.md §2), roughly.
LayerDemand layers(std::array<uint64_t, media::kMaxEncodings> bps, bool screen = false) {
  LayerDemand d;
  d.bps = bps;
  d.screen = screen;
  return d;
}

const LayerDemand kCamera = layers({150'000, 500'000, 2'000'000});
const LayerDemand kScreen = layers({1'200'000, 0, 0}, true);

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
  const LayerDemand gap = layers({150'000, 0, 2'000'000});  // the middle layer paused
  EXPECT_EQ(allocate(1'000'000, {gap}), (std::vector<uint8_t>{0}));
  EXPECT_EQ(allocate(2'500'000, {gap}), (std::vector<uint8_t>{2}));
  const LayerDemand onlyTop = layers({0, 0, 800'000});
  EXPECT_EQ(allocate(100'000, {onlyTop}), (std::vector<uint8_t>{2}));
  const LayerDemand silent{};
  EXPECT_EQ(allocate(0, {silent, kCamera}), (std::vector<uint8_t>{media::kMaxEncodings - 1, 0}));
}

TEST(LayerAllocation, AHigherLayerMeasuredBelowALowerOneCostsNothingExtra) {
  const LayerDemand noisy = layers({400'000, 300'000, 0});  // a keyframe burst on the low layer
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

LayerDemand camera(uint8_t tileCap = 2, uint8_t rank = 0, std::optional<uint8_t> current = std::nullopt) {
  LayerDemand d = kCamera;
  d.tileCap = tileCap;
  d.rank = rank;
  d.current = current;
  return d;
}

TEST(LayerAllocation, AVideoNoTileShowsGetsNothingAndCostsNothing) {
  LayerDemand hidden = kCamera;
  hidden.shown = false;
  uint64_t full = 0;
  EXPECT_EQ(allocate(2'200'000, {hidden, kCamera}, &full), (std::vector<uint8_t>{media::kNoEncoding, 2}));
  EXPECT_EQ(full, 0u);  // the shown one has its top; the hidden one asks for no probe
}

TEST(LayerAllocation, NoVideoGoesAboveWhatItsTileCanUse) {
  // A wide link, a thumbnail and a large tile: the thumbnail stays low, and a probe looks only
  // for what the tiles can use.
  uint64_t full = 0;
  EXPECT_EQ(allocate(10'000'000, {camera(0), camera(2)}, &full), (std::vector<uint8_t>{0, 2}));
  EXPECT_EQ(full, 0u);
  allocate(700'000, {camera(1), camera(1)}, &full);
  EXPECT_EQ(full, 1'000'000u);
}

TEST(LayerAllocation, TheSpeakerGoesUpBeforeTheOthers) {
  // 2.3 Mbit/s: the speaker (rank 0) reaches its top layer; the other two stay at the lowest.
  EXPECT_EQ(allocate(2'300'000, {camera(2, 1), camera(2, 0), camera(2, 1)}), (std::vector<uint8_t>{0, 2, 0}));
  // Without ranks the three share it in turn.
  EXPECT_EQ(allocate(2'300'000, {kCamera, kCamera, kCamera}), (std::vector<uint8_t>{1, 1, 1}));
}

TEST(LayerAllocation, GoingAboveTheForwardedLayerNeedsAQuarterMore) {
  // From the middle layer to the top costs 1.5 Mbit/s, 1.875 with the margin.
  EXPECT_EQ(allocate(2'100'000, {camera(2, 0, 1)}), (std::vector<uint8_t>{1}));
  EXPECT_EQ(allocate(2'400'000, {camera(2, 0, 1)}), (std::vector<uint8_t>{2}));
  // Holding the top layer needs no margin.
  EXPECT_EQ(allocate(2'000'000, {camera(2, 0, 2)}), (std::vector<uint8_t>{2}));
}

TEST(LayerAllocation, ATileTakesTheLowestLayerThatCoversIt) {
  using Size = std::optional<rtp::Vp8FrameSize>;
  const std::vector<Size> layers = {rtp::Vp8FrameSize{320, 180}, rtp::Vp8FrameSize{640, 360},
                                    rtp::Vp8FrameSize{1280, 720}};
  EXPECT_EQ(tileLayerCap(layers, 160, 90, true), 0);
  EXPECT_EQ(tileLayerCap(layers, 340, 190, true), 0);   // within a tenth of upscaling
  EXPECT_EQ(tileLayerCap(layers, 400, 225, true), 1);
  EXPECT_EQ(tileLayerCap(layers, 640, 480, true), 2);   // cropped: the height needs the top
  EXPECT_EQ(tileLayerCap(layers, 640, 480, false), 1);  // letterboxed: the width suffices
  EXPECT_EQ(tileLayerCap(layers, 1920, 1080, true), 2);
  EXPECT_EQ(tileLayerCap(layers, 0, 0, true), 2);  // no size given
  const std::vector<Size> unknown = {std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(tileLayerCap(unknown, 160, 90, true), 2);
  const std::vector<Size> single = {rtp::Vp8FrameSize{640, 360}};
  EXPECT_EQ(tileLayerCap(single, 160, 90, true), 0);
}

}  // namespace
}  // namespace vicos::sfu
