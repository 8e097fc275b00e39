// Tests of the RTP packet view, the RTP/RTCP split and in-place header rewriting.
#include "rtp/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace vicos::rtp {
namespace {

// An Opus packet as a browser sends it: one-byte extensions (mid, audio level).
const std::vector<uint8_t> kOpus = {
    0x90, 0xef, 0x12, 0x34,  // V=2 P=0 X=1 CC=0 | M=1 PT=111 | seq 0x1234
    0x00, 0x00, 0x03, 0xc0,  // timestamp 960
    0xde, 0xad, 0xbe, 0xef,  // SSRC
    0xbe, 0xde, 0x00, 0x02,  // profile 0xBEDE, 2 words
    0x10, 0x30,              // ID 1 len 1: "0" (mid)
    0x20, 0x9e,              // ID 2 len 1: V=1 level 30 (audio level)
    0x00, 0x00, 0x00, 0x00,  // padding
    0xfc, 0xff, 0xfe,        // Opus payload
};

TEST(RtpPacket, ParsesHeaderExtensionAndPayload) {
  RtpError error = RtpError::TooShort;
  const auto v = parseRtp(kOpus, &error);
  ASSERT_TRUE(v);
  EXPECT_EQ(error, RtpError::None);
  EXPECT_EQ(v->version, 2);
  EXPECT_FALSE(v->padding);
  EXPECT_TRUE(v->extension);
  EXPECT_EQ(v->csrcCount, 0);
  EXPECT_TRUE(v->marker);
  EXPECT_EQ(v->payloadType, 111);
  EXPECT_EQ(v->sequence, 0x1234);
  EXPECT_EQ(v->timestamp, 960u);
  EXPECT_EQ(v->ssrc, 0xdeadbeefu);
  EXPECT_EQ(v->extensionProfile, 0xbede);
  EXPECT_EQ(v->extensionData.size(), 8u);
  EXPECT_EQ(v->extensionData[0], 0x10);
  EXPECT_EQ(v->headerSize, 24u);
  ASSERT_EQ(v->payload.size(), 3u);
  EXPECT_EQ(v->payload[0], 0xfc);
  EXPECT_EQ(v->payload.data(), kOpus.data() + 24);
}

TEST(RtpPacket, ParsesCsrcsAndRemovesPadding) {
  const std::vector<uint8_t> packet = {
      0xa2, 0x60, 0x00, 0x01,  // V=2 P=1 X=0 CC=2 | M=0 PT=96 | seq 1
      0x00, 0x00, 0x00, 0x02,  // timestamp 2
      0x00, 0x00, 0x00, 0x03,  // SSRC 3
      0x11, 0x11, 0x11, 0x11,  // CSRC 0
      0x22, 0x22, 0x22, 0x22,  // CSRC 1
      0xaa, 0xbb,              // payload
      0x00, 0x00, 0x03,        // 3 bytes of padding, count last
  };
  const auto v = parseRtp(packet);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->padding);
  EXPECT_FALSE(v->extension);
  EXPECT_FALSE(v->marker);
  EXPECT_EQ(v->payloadType, 96);
  EXPECT_EQ(v->csrcCount, 2);
  EXPECT_EQ(v->csrc(0), 0x11111111u);
  EXPECT_EQ(v->csrc(1), 0x22222222u);
  EXPECT_EQ(v->headerSize, 20u);
  EXPECT_EQ(v->paddingSize, 3);
  ASSERT_EQ(v->payload.size(), 2u);
  EXPECT_EQ(v->payload[1], 0xbb);
}

TEST(RtpPacket, PaddingMayFillTheWholeBody) {
  const std::vector<uint8_t> packet = {0xa0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x00, 0x02};
  const auto v = parseRtp(packet);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->payload.empty());
}

RtpError errorOf(const std::vector<uint8_t>& packet) {
  RtpError error = RtpError::None;
  EXPECT_FALSE(parseRtp(packet, &error));
  return error;
}

TEST(RtpPacket, RejectsMalformedPackets) {
  // 11 bytes: one short of the fixed header.
  EXPECT_EQ(errorOf({0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0}), RtpError::TooShort);
  EXPECT_EQ(errorOf({}), RtpError::TooShort);
  // V=1.
  EXPECT_EQ(errorOf({0x40, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3}), RtpError::BadVersion);
  // CC=15 but no CSRCs follow.
  EXPECT_EQ(errorOf({0x8f, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0}),
            RtpError::CsrcOverrun);
  // X=1 but the extension header is cut.
  EXPECT_EQ(errorOf({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde}),
            RtpError::ExtensionOverrun);
  // X=1, extension claims 2 words but only 1 follows.
  EXPECT_EQ(errorOf({0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0x00, 0x02, 0x10,
                     0x30, 0x00, 0x00}),
            RtpError::ExtensionOverrun);
  // P=1 with a zero padding count.
  EXPECT_EQ(errorOf({0xa0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xaa, 0x00}),
            RtpError::BadPadding);
  // P=1 with a count larger than the body.
  EXPECT_EQ(errorOf({0xa0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xaa, 0x03}),
            RtpError::BadPadding);
  // P=1 with nothing after the header.
  EXPECT_EQ(errorOf({0xa0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3}), RtpError::BadPadding);
}

TEST(RtpPacket, EveryTruncationOfAValidPacketIsRejectedOrShorter) {
  for (size_t n = 0; n < kOpus.size(); ++n) {
    const auto v = parseRtp(Bytes(kOpus.data(), n));
    if (n < 24) {
      EXPECT_FALSE(v) << n;
    } else {
      ASSERT_TRUE(v) << n;
      EXPECT_EQ(v->payload.size(), n - 24);
    }
  }
}

TEST(RtpPacket, IsRtcpFollowsRfc5761) {
  const auto check = [](uint8_t b0, uint8_t b1) {
    const std::array<uint8_t, 2> d{b0, b1};
    return isRtcp(d);
  };
  EXPECT_TRUE(check(0x80, 200));   // SR
  EXPECT_TRUE(check(0x81, 201));   // RR
  EXPECT_TRUE(check(0x8f, 206));   // PSFB
  EXPECT_TRUE(check(0x80, 192));   // lowest
  EXPECT_TRUE(check(0xbf, 223));   // highest
  EXPECT_FALSE(check(0x80, 191));  // PT 63 with marker
  EXPECT_FALSE(check(0x80, 224));  // PT 96 with marker
  EXPECT_FALSE(check(0x80, 0x60)); // PT 96
  EXPECT_FALSE(check(0xc0, 200));  // V=3
  EXPECT_FALSE(check(0x7f, 200));  // V=1
  const std::array<uint8_t, 1> one{0x80};
  EXPECT_FALSE(isRtcp(one));
}

TEST(RtpPacket, SettersRewriteInPlace) {
  std::vector<uint8_t> p = kOpus;
  ASSERT_TRUE(setSequence(p, 0xfffe));
  ASSERT_TRUE(setTimestamp(p, 0x01020304));
  ASSERT_TRUE(setSsrc(p, 0xcafebabe));
  ASSERT_TRUE(setPayloadType(p, 0xff));  // only 7 bits land
  const auto a = parseRtp(p);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sequence, 0xfffe);
  EXPECT_EQ(a->timestamp, 0x01020304u);
  EXPECT_EQ(a->ssrc, 0xcafebabeu);
  EXPECT_EQ(a->payloadType, 0x7f);
  EXPECT_TRUE(a->marker);  // the PT setter keeps M
  ASSERT_TRUE(setMarker(p, false));
  ASSERT_TRUE(setPayloadType(p, 96));
  const auto b = parseRtp(p);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->marker);
  EXPECT_EQ(b->payloadType, 96);
  EXPECT_EQ(b->extensionData.size(), 8u);  // the rest is untouched
  EXPECT_TRUE(std::equal(p.begin() + 12, p.end(), kOpus.begin() + 12));

  std::array<uint8_t, 11> small{};
  EXPECT_FALSE(setSequence(small, 1));
  EXPECT_FALSE(setTimestamp(small, 1));
  EXPECT_FALSE(setSsrc(small, 1));
  EXPECT_FALSE(setPayloadType(small, 1));
  EXPECT_FALSE(setMarker(small, true));
  EXPECT_EQ(small, (std::array<uint8_t, 11>{}));
}

}  // namespace
}  // namespace vicos::rtp
