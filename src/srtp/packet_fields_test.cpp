// Tests of the minimal RTP/RTCP header reads, including truncated and malformed headers.
#include "srtp/packet_fields.hpp"

#include <gtest/gtest.h>

#include "srtp/test_util.hpp"

namespace vicos::srtp {
namespace {

using test::hex;

TEST(PacketFields, PlainRtpHeader) {
  const auto p = hex("8060 1234 00000001 cafebabe 0102");
  auto f = readRtpFields(p);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->headerLength, 12u);
  EXPECT_EQ(f->seq, 0x1234);
  EXPECT_EQ(f->ssrc, 0xcafebabeu);
}

TEST(PacketFields, CsrcsAndExtension) {
  // CC = 2, X = 1, one-byte extension header (0xBEDE) of 2 words.
  const auto p = hex(
      "92 60 0001 00000002 00000003 11111111 22222222 bede 0002 10ff0000 22aabb00 99");
  auto f = readRtpFields(p);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->headerLength, 12u + 8 + 4 + 8);
}

TEST(PacketFields, MalformedRtp) {
  EXPECT_FALSE(readRtpFields(hex("8060 1234 00000001 cafeba")));  // 11 bytes
  EXPECT_FALSE(readRtpFields(hex("4060 1234 00000001 cafebabe")));  // version 1
  EXPECT_FALSE(readRtpFields(hex("8160 1234 00000001 cafebabe")));  // CSRC missing
  EXPECT_FALSE(readRtpFields(hex("9060 1234 00000001 cafebabe bede")));  // cut in ext header
  EXPECT_FALSE(readRtpFields(hex("9060 1234 00000001 cafebabe bede 0002 10ff0000")));  // ext body
  EXPECT_FALSE(readRtpFields({}));
}

TEST(PacketFields, RtcpSenderSsrc) {
  EXPECT_EQ(readRtcpSenderSsrc(hex("81c8000d 4d617273")), 0x4d617273u);
  EXPECT_FALSE(readRtcpSenderSsrc(hex("81c8000d 4d6172")));
  EXPECT_FALSE(readRtcpSenderSsrc(hex("01c8000d 4d617273")));
}

}  // namespace
}  // namespace vicos::srtp
