// Tests of SDES validation, CNAME lookup and writing, and BYE.
#include <gtest/gtest.h>

#include "rtcp/rtcp_test_util.hpp"

#include <array>
#include <vector>

#include "rtcp/bye.hpp"
#include "rtcp/sdes.hpp"

namespace vicos::rtcp {
namespace {

using V = std::vector<uint8_t>;

using test::only;

TEST(Sdes, TwoChunksWithSeveralItems) {
  const std::vector<uint8_t> data = {
      0x82, 0xca, 0x00, 0x05,  // SC=2 | SDES | length 5 (24 bytes)
      0x00, 0x00, 0x00, 0x01,  // chunk 1 SSRC
      0x02, 0x01, 'x',         // NAME "x"
      0x01, 0x02, 'a',  'b',   // CNAME "ab"
      0x00,                    // end, already aligned after this byte
      0x00, 0x00, 0x00, 0x02,  // chunk 2 SSRC
      0x01, 0x01, 'c',         // CNAME "c"
      0x00,                    // end
  };
  const RtcpPacket p = only(data);
  EXPECT_EQ(validateSdes(p), 2u);
  EXPECT_EQ(findCname(p, 1), "ab");
  EXPECT_EQ(findCname(p, 2), "c");
  EXPECT_FALSE(findCname(p, 3));
}

TEST(Sdes, RejectsMalformedChunks) {
  // Item length runs past the packet.
  const V overrun = {0x81, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x09, 'a', 0x00};
  EXPECT_FALSE(validateSdes(only(overrun)));
  EXPECT_FALSE(findCname(only(overrun), 1));
  // No terminating zero byte.
  EXPECT_FALSE(validateSdes(only(V{0x81, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, 'a', 'b'})));
  // SC=2 with one chunk.
  EXPECT_FALSE(validateSdes(only(V{0x82, 0xca, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x01, 'a', 0x00})));
  // Not an SDES at all.
  EXPECT_FALSE(validateSdes(only(V{0x80, 0xc9, 0x00, 0x01, 0, 0, 0, 1})));
}

TEST(Sdes, WritesOneCnameChunk) {
  std::array<uint8_t, 64> buf{};
  const size_t n = writeSdesCname(buf, 0xa1b2c3d4, "Ozk2QNlzmxSyoOnS");
  ASSERT_EQ(n, 28u);
  EXPECT_EQ(buf[0], 0x81);
  EXPECT_EQ(buf[3], 6);
  const RtcpPacket p = only(Bytes(buf.data(), n));
  EXPECT_EQ(findCname(p, 0xa1b2c3d4), "Ozk2QNlzmxSyoOnS");
  // A 2-byte CNAME: 2 + 2 + 1 = 5 bytes of items, padded to 8.
  EXPECT_EQ(writeSdesCname(buf, 1, "ab"), 16u);
  EXPECT_EQ(writeSdesCname(buf, 1, ""), 0u);
  EXPECT_EQ(writeSdesCname(std::span<uint8_t>(buf.data(), 27), 1, "Ozk2QNlzmxSyoOnS"), 0u);
}

TEST(Bye, ParsesSourcesAndReason) {
  const std::vector<uint8_t> data = {
      0x82, 0xcb, 0x00, 0x04,  // SC=2 | BYE | length 4 (20 bytes)
      0x11, 0x22, 0x33, 0x44,  // SSRC 1
      0x55, 0x66, 0x77, 0x88,  // SSRC 2
      0x04, 'b',  'y',  'e',   // reason length 4
      '!',  0x00, 0x00, 0x00,  // padding
  };
  const auto bye = parseBye(only(data));
  ASSERT_TRUE(bye);
  ASSERT_EQ(bye->count(), 2u);
  EXPECT_EQ(bye->ssrc(0), 0x11223344u);
  EXPECT_EQ(bye->ssrc(1), 0x55667788u);
  EXPECT_EQ(bye->reason, "bye!");

  std::array<uint8_t, 32> buf{};
  const std::array<uint32_t, 2> ssrcs{0x11223344, 0x55667788};
  ASSERT_EQ(writeBye(buf, ssrcs, "bye!"), data.size());
  EXPECT_TRUE(std::equal(data.begin(), data.end(), buf.begin()));
  EXPECT_EQ(writeBye(buf, ssrcs), 12u);
}

TEST(Bye, RejectsMalformed) {
  // SC=2, one SSRC.
  EXPECT_FALSE(parseBye(only(V{0x82, 0xcb, 0x00, 0x01, 0, 0, 0, 1})));
  // Reason length 9 past the end.
  EXPECT_FALSE(parseBye(only(V{0x81, 0xcb, 0x00, 0x02, 0, 0, 0, 1, 0x09, 'a', 'b', 'c'})));
  std::array<uint32_t, 32> many{};
  std::array<uint8_t, 256> buf{};
  EXPECT_EQ(writeBye(buf, many), 0u);
}

}  // namespace
}  // namespace vicos::rtcp
