// Tests of the synthetic audio and video packetizers: what a receiver parses out of them.
#include "client/media_source.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/vp8_descriptor.hpp"

namespace vicos::client {
namespace {

std::string midOf(const rtp::RtpView& packet) {
  const auto bytes = rtp::findExtension(packet, media::kExtMid.id);
  if (!bytes) return {};
  const auto mid = rtp::readMid(*bytes);
  return mid ? std::string(*mid) : std::string();
}

TEST(AudioSource, WritesOpusLikePacketsWithMidAndLevel) {
  AudioSource source(0x11223344);
  std::array<uint8_t, 1500> buf{};
  const uint16_t firstSeq = source.nextSequence();
  uint32_t firstTs = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t n = source.writeNext(buf);
    ASSERT_GT(n, 0u);
    const auto p = rtp::parseRtp(Bytes(buf.data(), n));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->payloadType, media::kOpus.payloadType);
    EXPECT_EQ(p->ssrc, 0x11223344u);
    EXPECT_EQ(p->sequence, static_cast<uint16_t>(firstSeq + i));
    if (i == 0) firstTs = p->timestamp;
    EXPECT_EQ(p->timestamp, firstTs + i * AudioSource::kTimestampStep);
    EXPECT_EQ(midOf(*p), "0");
    const auto level = rtp::findExtension(*p, media::kExtAudioLevel.id);
    ASSERT_TRUE(level);
    const auto parsed = rtp::readAudioLevel(*level);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->voice);
    EXPECT_EQ(parsed->level, 30);
    EXPECT_EQ(p->payload.size(), AudioSource::kPayloadSize);
  }
}

TEST(AudioSource, RefusesSmallBuffer) {
  AudioSource source(1);
  std::array<uint8_t, 40> small{};
  const uint16_t seq = source.nextSequence();
  EXPECT_EQ(source.writeNext(small), 0u);
  EXPECT_EQ(source.nextSequence(), seq);  // nothing consumed
}

TEST(VideoSource, WritesVp8FramesWithDescriptorAndKeyframes) {
  VideoSource source(0xCAFE, "1", media::kVp8.payloadType, 1200);
  std::array<uint8_t, 1500> buf{};
  uint32_t frameTs = 0;
  uint16_t firstPictureId = 0;
  for (int frame = 0; frame < 3; ++frame) {
    if (frame == 2) source.requestKeyframe();
    for (size_t i = 0; i < VideoSource::kPacketsPerFrame; ++i) {
      const size_t n = source.writeNext(buf);
      ASSERT_EQ(n, 1200u);
      const auto p = rtp::parseRtp(Bytes(buf.data(), n));
      ASSERT_TRUE(p);
      EXPECT_EQ(p->payloadType, media::kVp8.payloadType);
      EXPECT_EQ(midOf(*p), "1");
      EXPECT_EQ(p->marker, i + 1 == VideoSource::kPacketsPerFrame);
      if (frame == 0 && i == 0) frameTs = p->timestamp;
      EXPECT_EQ(p->timestamp, frameTs + frame * VideoSource::kTimestampStep);
      const auto d = rtp::parseVp8Descriptor(p->payload);
      ASSERT_TRUE(d);
      EXPECT_EQ(d->startOfPartition, i == 0);
      EXPECT_EQ(d->partitionId, 0);
      ASSERT_TRUE(d->hasPictureId);
      EXPECT_TRUE(d->pictureId15Bit);
      if (frame == 0 && i == 0) firstPictureId = d->pictureId;
      EXPECT_EQ(d->pictureId, (firstPictureId + frame) & 0x7FFF);
      EXPECT_EQ(rtp::isVp8Keyframe(p->payload), i == 0 && frame != 1) << frame << " " << i;
    }
  }
  EXPECT_EQ(source.keyframesSent(), 2u);
}

TEST(FillPattern, DiffersBySequence) {
  std::array<uint8_t, 32> a{}, b{};
  fillPattern(a, 7, 1);
  fillPattern(b, 7, 2);
  EXPECT_NE(a, b);
  fillPattern(b, 7, 1);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace vicos::client
