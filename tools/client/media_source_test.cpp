// Tests of the synthetic audio and video packetizers: what a receiver parses out of them.
#include "client/media_source.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_writer.hpp"
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

// Byte rows of the payload start (RFC 7741 4.2 descriptor, RFC 6386 9.1 frame tag).
TEST(Vp8PayloadStart, WritesTheDescriptorOfEachShape) {
  auto bytesOf = [](const Vp8PacketShape& shape) {
    std::array<uint8_t, 32> buf{};
    ByteWriter w(buf);
    writeVp8PayloadStart(w, shape);
    return std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(w.size()));
  };
  // X S PID0 | I | M PictureID 0x1234 | tag P=1 show | (no key frame header)
  EXPECT_EQ(bytesOf({true, false, 0x1234}), (std::vector<uint8_t>{0x90, 0x80, 0x92, 0x34, 0x11, 0x00, 0x00}));
  // The layers' key frames (media::kCameraLayers of a 1280×720 capture): X S | I L T |
  // PictureID 0x0005 | TL0PICIDX 7 | TID 0 | tag P=0 show | 9d 01 2a | width, height (14 bits LE)
  EXPECT_EQ(bytesOf({true, true, 5, true, 7, 0, false, 320, 180}),  // q
            (std::vector<uint8_t>{0x90, 0xe0, 0x80, 0x05, 0x07, 0x00, 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a,
                                  0x40, 0x01, 0xb4, 0x00}));
  EXPECT_EQ(bytesOf({true, true, 5, true, 7, 0, false, 640, 360}),  // h
            (std::vector<uint8_t>{0x90, 0xe0, 0x80, 0x05, 0x07, 0x00, 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a,
                                  0x80, 0x02, 0x68, 0x01}));
  EXPECT_EQ(bytesOf({true, true, 5, true, 7, 0, false, 1280, 720}),  // f
            (std::vector<uint8_t>{0x90, 0xe0, 0x80, 0x05, 0x07, 0x00, 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a,
                                  0x00, 0x05, 0xd0, 0x02}));
  // The first packet of a TID 1 delta frame: X S | I L T | 0x0107 | 8 | TID 1 Y | tag P=1
  EXPECT_EQ(bytesOf({true, false, 0x0107, true, 8, 1, true}),
            (std::vector<uint8_t>{0x90, 0xe0, 0x81, 0x07, 0x08, 0x60, 0x11, 0x00, 0x00}));
  // A later packet of a TID 2 layer-sync frame: X | I L T | 0x7fff | 8 | TID 2 Y
  EXPECT_EQ(bytesOf({false, false, 0x7fff, true, 8, 2, true}),
            (std::vector<uint8_t>{0x80, 0xe0, 0xff, 0xff, 0x08, 0xa0}));
}

TEST(VideoSource, SendsItsRidAndL1T3TemporalLayers) {
  VideoSource source(0xBEEF, "1", media::kVp8.payloadType, 600, {"h", true, 2, 320, 180});
  std::array<uint8_t, 1500> buf{};
  std::vector<uint8_t> tids;
  std::vector<bool> syncs;
  uint8_t firstTl0 = 0;
  for (int frame = 0; frame < 10; ++frame) {
    if (frame == 6) source.requestKeyframe();  // restarts the pattern
    for (size_t i = 0; i < 2; ++i) {
      const size_t n = source.writeNext(buf);
      ASSERT_EQ(n, 600u);
      const auto p = rtp::parseRtp(Bytes(buf.data(), n));
      ASSERT_TRUE(p);
      EXPECT_EQ(midOf(*p), "1");
      const auto rid = rtp::findExtension(*p, media::kExtRid.id);
      ASSERT_TRUE(rid);
      EXPECT_EQ(rtp::readRid(*rid), std::optional<std::string_view>("h"));
      EXPECT_EQ(p->marker, i == 1);
      const auto d = rtp::parseVp8Descriptor(p->payload);
      ASSERT_TRUE(d && d->hasTl0PicIdx && d->hasTid);
      if (frame == 0) firstTl0 = d->tl0PicIdx;
      if (i == 0) {
        tids.push_back(d->tid);
        syncs.push_back(d->layerSync);
      }
      // TL0 frames so far: 0, 4, 6 (key), then +1 each.
      const int tl0Frames = frame < 4 ? 0 : frame < 6 ? 1 : frame < 10 ? 2 : 3;
      EXPECT_EQ(d->tl0PicIdx, static_cast<uint8_t>(firstTl0 + tl0Frames)) << frame;
      if (i == 0 && (frame == 0 || frame == 6)) {
        EXPECT_TRUE(rtp::isVp8Keyframe(p->payload));
        EXPECT_EQ(p->payload[d->size + 6], 320 & 0xff);  // width after the start code
      }
    }
  }
  EXPECT_EQ(tids, (std::vector<uint8_t>{0, 2, 1, 2, 0, 2, 0, 2, 1, 2}));
  EXPECT_EQ(syncs, (std::vector<bool>{false, true, true, false, false, true, false, true, true, false}));
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
