// Tests of compound RTCP validation and iteration.
#include "rtcp/rtcp_compound.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtcp/receiver_report.hpp"
#include "rtcp/sdes.hpp"

namespace vicos::rtcp {
namespace {

// RR + SDES compound as Chromium sends it for a received video stream.
const std::vector<uint8_t> kRrSdes = {
    0x81, 0xc9, 0x00, 0x07,  // V=2 P=0 RC=1 | PT=201 RR | length 7 (32 bytes)
    0xa1, 0xb2, 0xc3, 0xd4,  // SSRC of packet sender
    0x11, 0x22, 0x33, 0x44,  // SSRC_1 (source reported on)
    0x05, 0x00, 0x00, 0x10,  // fraction lost 5/256 | cumulative lost 16
    0x00, 0x01, 0xff, 0xff,  // extended highest sequence: 1 cycle, 0xffff
    0x00, 0x00, 0x00, 0x20,  // interarrival jitter 32
    0x12, 0x34, 0x56, 0x78,  // LSR
    0x00, 0x01, 0x00, 0x00,  // DLSR: 1 s
    0x81, 0xca, 0x00, 0x06,  // V=2 P=0 SC=1 | PT=202 SDES | length 6 (28 bytes)
    0xa1, 0xb2, 0xc3, 0xd4,  // chunk SSRC
    0x01, 0x10,              // CNAME, 16 bytes
    'O',  'z',  'k',  '2',  'Q', 'N', 'l', 'z', 'm', 'x', 'S', 'y', 'o', 'O', 'n', 'S',
    0x00, 0x00,              // end of items, pad to 32 bits
};

TEST(RtcpCompound, IteratesChromiumRrSdes) {
  const auto compound = parseCompound(kRrSdes);
  ASSERT_TRUE(compound);
  EXPECT_EQ(compound->count(), 2u);
  std::vector<RtcpPacket> packets(compound->begin(), compound->end());
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_EQ(packets[0].type, kTypeRr);
  EXPECT_EQ(packets[0].count, 1);
  EXPECT_EQ(packets[0].packet.size(), 32u);
  EXPECT_EQ(packets[0].body.size(), 28u);
  EXPECT_EQ(packets[1].type, kTypeSdes);
  EXPECT_EQ(packets[1].packet.data(), kRrSdes.data() + 32);

  const auto rr = parseReceiverReport(packets[0]);
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->senderSsrc, 0xa1b2c3d4u);
  ASSERT_EQ(rr->blocks.count(), 1u);
  const ReportBlock b = rr->blocks[0];
  EXPECT_EQ(b.ssrc, 0x11223344u);
  EXPECT_EQ(b.fractionLost, 5);
  EXPECT_EQ(b.cumulativeLost, 16);
  EXPECT_EQ(b.extendedHighestSeq, 0x0001ffffu);
  EXPECT_EQ(b.jitter, 32u);
  EXPECT_EQ(b.lastSr, 0x12345678u);
  EXPECT_EQ(b.delaySinceLastSr, 0x10000u);
  EXPECT_TRUE(rr->extension.empty());

  EXPECT_EQ(validateSdes(packets[1]), 1u);
  EXPECT_EQ(findCname(packets[1], 0xa1b2c3d4), "Ozk2QNlzmxSyoOnS");
  EXPECT_FALSE(findCname(packets[1], 0x11223344));
}

TEST(RtcpCompound, EveryTruncationIsRejectedExceptAtPacketBoundaries) {
  for (size_t n = 0; n < kRrSdes.size(); ++n) {
    const auto c = parseCompound(Bytes(kRrSdes.data(), n));
    if (n == 32) {
      ASSERT_TRUE(c);
      EXPECT_EQ(c->count(), 1u);
    } else {
      EXPECT_FALSE(c) << n;
    }
  }
}

RtcpError errorOf(const std::vector<uint8_t>& data) {
  RtcpError error = RtcpError::None;
  EXPECT_FALSE(parseCompound(data, &error));
  return error;
}

TEST(RtcpCompound, RejectsMalformedCompounds) {
  EXPECT_EQ(errorOf({}), RtcpError::Empty);
  EXPECT_EQ(errorOf({0x80, 0xc9, 0x00}), RtcpError::TooShort);
  // V=1.
  EXPECT_EQ(errorOf({0x40, 0xc9, 0x00, 0x01, 0, 0, 0, 1}), RtcpError::BadVersion);
  // Second packet V=3.
  EXPECT_EQ(errorOf({0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1, 0xc0, 0xc9, 0x00, 0x01, 0, 0, 0, 1}),
            RtcpError::BadVersion);
  // Length 2 (12 bytes) over 8 bytes.
  EXPECT_EQ(errorOf({0x80, 0xc9, 0x00, 0x02, 0, 0, 0, 1}), RtcpError::LengthOverrun);
  // Length 0xffff: 256 KiB claimed.
  EXPECT_EQ(errorOf({0x80, 0xc9, 0xff, 0xff, 0, 0, 0, 1}), RtcpError::LengthOverrun);
  // Trailing bytes that are not a packet.
  EXPECT_EQ(errorOf({0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1, 0x80}), RtcpError::TooShort);
  // Padding on a packet that is not the last.
  EXPECT_EQ(errorOf({0xa0, 0xc9, 0x00, 0x01, 0, 0, 0, 4, 0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1}),
            RtcpError::PaddingNotLast);
  // Padding count 0, and larger than the body.
  EXPECT_EQ(errorOf({0xa0, 0xc9, 0x00, 0x01, 0, 0, 0, 0}), RtcpError::BadPadding);
  EXPECT_EQ(errorOf({0xa0, 0xc9, 0x00, 0x01, 0, 0, 0, 5}), RtcpError::BadPadding);
}

TEST(RtcpCompound, PaddingOnTheLastPacketIsRemovedFromTheBody) {
  const std::vector<uint8_t> data = {
      0x80, 0xc9, 0x00, 0x01,  // RR, RC=0, length 1
      0x00, 0x00, 0x00, 0x01,  // sender SSRC
      0xa0, 0xcb, 0x00, 0x02,  // V=2 P=1 SC=0 | BYE | length 2 (12 bytes)
      0xaa, 0xbb, 0xcc, 0xdd,  // body
      0x00, 0x00, 0x00, 0x04,  // 4 bytes of padding
  };
  const auto c = parseCompound(data);
  ASSERT_TRUE(c);
  auto it = c->begin();
  ++it;
  EXPECT_EQ(it->type, kTypeBye);
  EXPECT_EQ(it->packet.size(), 12u);
  EXPECT_EQ(it->body.size(), 4u);
  EXPECT_EQ(++it, c->end());
}

TEST(RtcpCompound, WritesTheCommonHeader) {
  std::vector<uint8_t> buf(4);
  ByteWriter w(buf);
  writeRtcpHeader(w, 31, kTypePsfb, 20);
  EXPECT_EQ(buf, (std::vector<uint8_t>{0x9f, 0xce, 0x00, 0x04}));
}

}  // namespace
}  // namespace vicos::rtcp
