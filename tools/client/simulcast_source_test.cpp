// Tests of the synthetic simulcast camera: three streams a receiver tells apart by SSRC and rid,
// on one frame clock, each with its own numbering.
#include "client/simulcast_source.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "rtp/rtp_extensions.hpp"
#include "rtp/vp8_descriptor.hpp"

namespace vicos::client {
namespace {

TEST(SimulcastSource, InterleavesThreeEncodingsFrameByFrame) {
  SimulcastSource source({0x1001, 0x1002, 0x1003});
  std::array<uint8_t, 1500> buf{};
  std::array<std::optional<rtp::RtpView>, 3> first;
  std::array<uint32_t, 3> packets{};
  std::array<int, 3> keyframes{};
  std::array<uint8_t, 1500> keep[3]{};
  for (int frame = 0; frame < 4; ++frame) {
    for (size_t k = 0; k < source.packetsPerFrame(); ++k) {
      const size_t n = source.writeNext(buf);
      ASSERT_GT(n, 0u);
      const size_t e = source.lastEncoding();
      // At 1,200 bytes: q's one packet (200 kbit/s), h's two (700), f's nine (2,500).
      EXPECT_EQ(e, k < 1 ? 0u : k < 3 ? 1u : 2u);
      const auto p = rtp::parseRtp(Bytes(buf.data(), n));
      ASSERT_TRUE(p);
      EXPECT_EQ(p->ssrc, 0x1001u + e);
      const auto rid = rtp::findExtension(*p, media::kExtRid.id);
      ASSERT_TRUE(rid);
      EXPECT_EQ(rtp::readRid(*rid), std::optional<std::string_view>(media::kCameraLayers[e].rid));
      if (rtp::isVp8Keyframe(p->payload)) {
        ++keyframes[e];
        // The key frame's width after the descriptor and the start code: 320, 640, 1280.
        const auto d = rtp::parseVp8Descriptor(p->payload);
        EXPECT_EQ(p->payload[d->size + 6] | (p->payload[d->size + 7] & 0x3f) << 8, 320 << e);
      }
      if (!first[e]) {
        keep[e] = buf;
        first[e] = rtp::parseRtp(Bytes(keep[e].data(), n));
      }
      const auto d = rtp::parseVp8Descriptor(p->payload);
      ASSERT_TRUE(d);
      EXPECT_EQ(p->sequence, static_cast<uint16_t>(first[e]->sequence + packets[e]));
      EXPECT_EQ(p->timestamp, first[e]->timestamp + frame * VideoSource::kTimestampStep);
      constexpr uint8_t kTids[] = {0, 2, 1, 2};
      EXPECT_EQ(d->tid, kTids[frame]);
      ++packets[e];
    }
  }
  EXPECT_EQ(source.packetsPerFrame(), 12u);
  EXPECT_EQ(packets, (std::array<uint32_t, 3>{4, 8, 36}));
  EXPECT_EQ(keyframes, (std::array<int, 3>{1, 1, 1}));
  // Independent streams: their starts differ (2^-16 and 2^-32 chances of a false failure).
  EXPECT_FALSE(first[0]->sequence == first[1]->sequence && first[1]->sequence == first[2]->sequence);
  EXPECT_FALSE(first[0]->timestamp == first[1]->timestamp && first[1]->timestamp == first[2]->timestamp);
}

TEST(SimulcastSource, KeyframesAreRequestedPerEncoding) {
  SimulcastSource source({1, 2, 3});
  std::array<uint8_t, 1500> buf{};
  for (size_t k = 0; k < source.packetsPerFrame(); ++k) source.writeNext(buf);
  source.requestKeyframe(2);
  std::array<int, 3> keyframes{};
  for (size_t k = 0; k < source.packetsPerFrame(); ++k) {
    const size_t n = source.writeNext(buf);
    keyframes[source.lastEncoding()] += rtp::isVp8Keyframe(rtp::parseRtp(Bytes(buf.data(), n))->payload);
  }
  EXPECT_EQ(keyframes, (std::array<int, 3>{0, 0, 1}));
  EXPECT_EQ(source.encoding(2).keyframesSent(), 2u);
}

TEST(SimulcastSource, ASmallBufferConsumesNothing) {
  SimulcastSource source({1, 2, 3});
  std::array<uint8_t, 100> small{};
  const uint16_t next = source.encoding(0).nextSequence();
  EXPECT_EQ(source.writeNext(small), 0u);
  EXPECT_EQ(source.encoding(0).nextSequence(), next);
}

}  // namespace
}  // namespace vicos::client
