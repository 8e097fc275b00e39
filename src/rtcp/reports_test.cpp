// Tests of sender and receiver reports and their report blocks.
#include <gtest/gtest.h>

#include "rtcp/rtcp_test_util.hpp"

#include <array>
#include <vector>

#include "rtcp/receiver_report.hpp"
#include "rtcp/sender_report.hpp"

namespace vicos::rtcp {
namespace {

using V = std::vector<uint8_t>;

using test::only;

TEST(SenderReport, ParsesSenderInfo) {
  const std::vector<uint8_t> data = {
      0x80, 0xc8, 0x00, 0x06,  // V=2 RC=0 | PT=200 SR | length 6 (28 bytes)
      0x11, 0x22, 0x33, 0x44,  // SSRC of sender
      0xe4, 0xa1, 0xb2, 0xc3,  // NTP seconds
      0x80, 0x00, 0x00, 0x00,  // NTP fraction: 0.5 s
      0x00, 0x00, 0xbb, 0x80,  // RTP timestamp 48000
      0x00, 0x00, 0x00, 0x64,  // packet count 100
      0x00, 0x00, 0x3e, 0x80,  // octet count 16000
  };
  const auto sr = parseSenderReport(only(data));
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->info.ssrc, 0x11223344u);
  EXPECT_EQ(sr->info.ntpTimestamp, 0xe4a1b2c380000000ull);
  EXPECT_EQ(sr->info.rtpTimestamp, 48000u);
  EXPECT_EQ(sr->info.packetCount, 100u);
  EXPECT_EQ(sr->info.octetCount, 16000u);
  EXPECT_EQ(sr->blocks.count(), 0u);
  EXPECT_EQ(compactNtp(sr->info.ntpTimestamp), 0xb2c38000u);
  EXPECT_FALSE(parseReceiverReport(only(data)));  // wrong type
}

TEST(SenderReport, RoundTripsWithBlocks) {
  const std::array<ReportBlock, 2> blocks{{{1, 2, -1, 4, 5, 6, 7}, {8, 255, 0x7fffff, 9, 10, 11, 12}}};
  const SenderInfo info{0xabcdef01, 0x0102030405060708ull, 3, 4, 5};
  std::array<uint8_t, 128> buf{};
  const size_t n = writeSenderReport(buf, info, blocks);
  ASSERT_EQ(n, 28u + 48u);
  EXPECT_EQ(buf[0], 0x82);  // RC=2
  EXPECT_EQ(buf[3], 18);    // 76 / 4 - 1
  // Block 0's cumulative lost of -1 is 0xffffff on the wire.
  EXPECT_EQ(buf[28 + 5], 0xff);
  EXPECT_EQ(buf[28 + 7], 0xff);
  const auto sr = parseSenderReport(only(Bytes(buf.data(), n)));
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->info, info);
  ASSERT_EQ(sr->blocks.count(), 2u);
  EXPECT_EQ(sr->blocks[0], blocks[0]);
  EXPECT_EQ(sr->blocks[1], blocks[1]);
  EXPECT_EQ(writeSenderReport(std::span<uint8_t>(buf.data(), n - 1), info, blocks), 0u);
}

TEST(ReceiverReport, ClampsCumulativeLostTo24Bits) {
  const std::array<ReportBlock, 2> blocks{{{1, 0, 0x1000000, 0, 0, 0, 0}, {2, 0, -0x1000000, 0, 0, 0, 0}}};
  std::array<uint8_t, 64> buf{};
  const size_t n = writeReceiverReport(buf, 7, blocks);
  ASSERT_EQ(n, 56u);
  const auto rr = parseReceiverReport(only(Bytes(buf.data(), n)));
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->senderSsrc, 7u);
  EXPECT_EQ(rr->blocks[0].cumulativeLost, 0x7fffff);
  EXPECT_EQ(rr->blocks[1].cumulativeLost, -0x800000);
}

TEST(ReceiverReport, RejectsMissingBlocksAndKeepsExtensions) {
  const std::vector<uint8_t> missing = {
      0x82, 0xc9, 0x00, 0x07,  // RC=2 but room for one block only
      0x00, 0x00, 0x00, 0x01,  // sender SSRC
      0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  EXPECT_FALSE(parseReceiverReport(only(missing)));
  const std::vector<uint8_t> extended = {
      0x80, 0xc9, 0x00, 0x02,  // RC=0, length 2
      0x00, 0x00, 0x00, 0x01,  // sender SSRC
      0xde, 0xad, 0xbe, 0xef,  // profile-specific extension
  };
  const auto rr = parseReceiverReport(only(extended));
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->blocks.count(), 0u);
  EXPECT_EQ(rr->extension.size(), 4u);
  const std::vector<uint8_t> noSsrc = {0x80, 0xc9, 0x00, 0x00};
  EXPECT_FALSE(parseReceiverReport(only(noSsrc)));
}

TEST(ReceiverReport, RefusesTooManyBlocksOrTooSmallBuffers) {
  std::array<ReportBlock, 32> blocks{};
  std::array<uint8_t, 1024> buf{};
  EXPECT_EQ(writeReceiverReport(buf, 1, blocks), 0u);
  EXPECT_EQ(writeReceiverReport(buf, 1, std::span(blocks).first(31)), 8u + 31 * 24);
  EXPECT_EQ(writeReceiverReport(std::span<uint8_t>(buf.data(), 7), 1, {}), 0u);
  EXPECT_EQ(writeReceiverReport(std::span<uint8_t>(buf.data(), 8), 1, {}), 8u);
}

}  // namespace
}  // namespace vicos::rtcp
