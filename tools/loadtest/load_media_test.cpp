// Tests of the load tool's packetizers, the send-time probe and /proc CPU parsing.
#include "loadtest/load_media.hpp"

#include <gtest/gtest.h>

#include <array>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "loadtest/report.hpp"
#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/vp8_descriptor.hpp"

namespace vicos::loadtest {
namespace {

TEST(Probe, RoundTripsAndRejectsForeignPayloads) {
  std::array<uint8_t, 40> payload{};
  ASSERT_TRUE(writeProbe(payload, 123'456'789'012));
  EXPECT_EQ(readProbe(payload), 123'456'789'012);
  payload[payload.size() - kProbeSize] ^= 1;  // the magic broken
  EXPECT_FALSE(readProbe(payload));
  std::array<uint8_t, kProbeSize - 1> tiny{};
  EXPECT_FALSE(writeProbe(tiny, 1));
  EXPECT_FALSE(readProbe(tiny));
}

TEST(VideoPacketizer, PacketsPerFrameFollowTheBitrate) {
  EXPECT_EQ(VideoPacketizer::packetsPerFrameFor(1000, 1200), 3u);  // 4,167 bytes a frame
  EXPECT_EQ(VideoPacketizer::packetsPerFrameFor(2500, 1200), 9u);  // 10,417 bytes
  EXPECT_EQ(VideoPacketizer::packetsPerFrameFor(50, 1200), 1u);
}

TEST(VideoPacketizer, WritesFramesWithKeyframesAndProbes) {
  VideoPacketizer v(0xABCD, 65534, 1000, 3, 1184, 1'000'000);
  std::array<uint8_t, 1500> buffer{};
  int keyStarts = 0;
  for (int i = 0; i < 3 * 40; ++i) {  // 40 frames; Micros advance 1/30 s per frame
    const Micros now = 5'000'000 + (i / 3) * 33'333;
    const bool start = v.atFrameStart();
    const size_t n = v.writeNext(buffer, now);
    ASSERT_EQ(n, 1184u);
    const auto rtp = rtp::parseRtp(Bytes(buffer.data(), n));
    ASSERT_TRUE(rtp);
    EXPECT_EQ(rtp->ssrc, 0xABCDu);
    EXPECT_EQ(rtp->sequence, static_cast<uint16_t>(65534 + i));
    EXPECT_EQ(rtp->marker, i % 3 == 2);
    EXPECT_EQ(rtp->timestamp, 1000u + static_cast<uint32_t>(i / 3) * 3000u);
    EXPECT_EQ(readProbe(rtp->payload), now);
    const auto mid = rtp::findExtension(*rtp, media::kExtMid.id);
    ASSERT_TRUE(mid);
    EXPECT_EQ(rtp::readMid(*mid), "1");
    EXPECT_TRUE(rtp::findExtension(*rtp, media::kExtAbsSendTime.id));
    ASSERT_TRUE(rtp::parseVp8Descriptor(rtp->payload));
    if (start && rtp::isVp8Keyframe(rtp->payload)) ++keyStarts;
  }
  // The first frame, then one a second: frames 0 and 30.
  EXPECT_EQ(keyStarts, 2);
  EXPECT_EQ(v.keyframes(), 2u);
  v.requestKeyframe();
  ASSERT_TRUE(v.atFrameStart());
  ASSERT_GT(v.writeNext(buffer, 7'000'000), 0u);
  EXPECT_TRUE(rtp::isVp8Keyframe(rtp::parseRtp(Bytes(buffer.data(), 1184))->payload));
}

TEST(VideoPacketizer, SenderInfoPlacesNowOnTheStreamsClock) {
  VideoPacketizer v(0x1234, 1, 50'000, 2, 1200, 0);
  std::array<uint8_t, 1500> buffer{};
  EXPECT_FALSE(v.senderInfo(0, 7));  // nothing sent yet
  for (int frame = 0; frame < 3; ++frame)
    for (int p = 0; p < 2; ++p) ASSERT_GT(v.writeNext(buffer, 1'000'000 + frame * 33'333), 0u);
  // The third frame (timestamp 56,000) started at 1,066,666 µs; 10 ms later is 900 ticks on.
  const auto info = v.senderInfo(1'076'666, 0x1122334455667788);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->ssrc, 0x1234u);
  EXPECT_EQ(info->ntpTimestamp, 0x1122334455667788u);
  EXPECT_EQ(info->rtpTimestamp, 56'900u);
  EXPECT_EQ(info->packetCount, 6u);
  EXPECT_GT(info->octetCount, 6u * 1000);
}

// --simulcast: one packetizer a camera layer (media::kCameraLayers), each naming its rid.
TEST(VideoPacketizer, SimulcastLayersNameTheirRidOnEveryPacket) {
  std::array<size_t, std::size(media::kCameraLayers)> packets{};
  for (size_t i = 0; i < packets.size(); ++i)
    packets[i] = VideoPacketizer::packetsPerFrameFor(media::kCameraLayers[i].maxBitrate / 1000, 1200);
  EXPECT_EQ(packets, (std::array<size_t, 3>{1, 2, 9}));  // 200, 700 and 2,500 kbit/s
  VideoPacketizer h(0x4242, 7, 0, 2, 1184, 0, std::string(media::kCameraLayers[1].rid));
  VideoPacketizer plain(0x4343, 7, 0, 2, 1184, 0);
  std::array<uint8_t, 1500> buffer{};
  for (int i = 0; i < 4; ++i) {
    const auto rtp = rtp::parseRtp(Bytes(buffer.data(), h.writeNext(buffer, 1000 + i)));
    ASSERT_TRUE(rtp);
    const auto rid = rtp::findExtension(*rtp, media::kExtRid.id);
    ASSERT_TRUE(rid);
    EXPECT_EQ(rtp::readRid(*rid), std::optional<std::string_view>("h"));
    EXPECT_EQ(rtp::readMid(*rtp::findExtension(*rtp, media::kExtMid.id)), "1");
    EXPECT_EQ(readProbe(rtp->payload), 1000 + i);
    EXPECT_EQ(rtp->packet.size(), 1184u);
    const auto single = rtp::parseRtp(Bytes(buffer.data(), plain.writeNext(buffer, 0)));
    ASSERT_TRUE(single);
    EXPECT_FALSE(rtp::findExtension(*single, media::kExtRid.id));
  }
}

TEST(VideoPacketizer, RefusesTooSmallBuffers) {
  VideoPacketizer v(1, 0, 0, 1, 1184, 0);
  std::array<uint8_t, 600> small{};
  EXPECT_EQ(v.writeNext(small, 0), 0u);
}

TEST(AudioPacketizer, WritesOpusLikePackets) {
  AudioPacketizer a(0x1234, 10, 0);
  std::array<uint8_t, 1500> buffer{};
  for (int i = 0; i < 3; ++i) {
    const size_t n = a.writeNext(buffer, 100 + i);
    const auto rtp = rtp::parseRtp(Bytes(buffer.data(), n));
    ASSERT_TRUE(rtp);
    EXPECT_EQ(rtp->payloadType, media::kOpus.payloadType);
    EXPECT_EQ(rtp->sequence, 10 + i);
    EXPECT_EQ(rtp->timestamp, 960u * static_cast<uint32_t>(i));
    EXPECT_EQ(rtp->payload.size(), AudioPacketizer::kPayloadSize);
    EXPECT_EQ(readProbe(rtp->payload), 100 + i);
    EXPECT_TRUE(rtp::findExtension(*rtp, media::kExtAudioLevel.id));
  }
  std::array<uint8_t, 30> tiny{};
  EXPECT_EQ(a.writeNext(tiny, 0), 0u);
}

TEST(ProcStat, ReadsUserAndSystemTime) {
  // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  const std::string stat = "4242 (vicos (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0";
  EXPECT_DOUBLE_EQ(*parseStatCpuSeconds(stat, 100), 3.0);
  EXPECT_FALSE(parseStatCpuSeconds("4242 (vicos) S 1 2", 100));
  EXPECT_FALSE(parseStatCpuSeconds("no parenthesis", 100));
  EXPECT_FALSE(parseStatCpuSeconds("1 (a) S 1 1 1 0 -1 0 0 0 0 0 x 5", 100));
  EXPECT_TRUE(processCpuSeconds("self"));
}

}  // namespace
}  // namespace vicos::loadtest
