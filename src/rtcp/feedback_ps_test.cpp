// Tests of the payload-specific feedback messages: PLI, FIR and REMB.
#include <gtest/gtest.h>

#include "rtcp/rtcp_test_util.hpp"

#include <array>
#include <vector>

#include "rtcp/feedback_fir.hpp"
#include "rtcp/feedback_pli.hpp"
#include "rtcp/feedback_remb.hpp"

namespace vicos::rtcp {
namespace {

using V = std::vector<uint8_t>;

using test::only;

// A PLI as Chromium sends it.
const std::vector<uint8_t> kPli = {
    0x81, 0xce, 0x00, 0x02,  // V=2 FMT=1 | PT=206 PSFB | length 2 (12 bytes)
    0x00, 0x00, 0x00, 0x01,  // SSRC of packet sender
    0x11, 0x22, 0x33, 0x44,  // SSRC of media source
};

TEST(FeedbackPli, ParsesAndBuilds) {
  const auto pli = parsePli(only(kPli));
  ASSERT_TRUE(pli);
  EXPECT_EQ(pli->senderSsrc, 1u);
  EXPECT_EQ(pli->mediaSsrc, 0x11223344u);
  std::array<uint8_t, 12> buf{};
  ASSERT_EQ(writePli(buf, 1, 0x11223344), 12u);
  EXPECT_TRUE(std::equal(kPli.begin(), kPli.end(), buf.begin()));
  EXPECT_EQ(writePli(std::span<uint8_t>(buf.data(), 11), 1, 2), 0u);
}

TEST(FeedbackPli, RejectsFciAndOtherFormats) {
  EXPECT_FALSE(parsePli(only(V{0x81, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0})));
  EXPECT_FALSE(parsePli(only(V{0x81, 0xcd, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2})));  // RTPFB
  EXPECT_FALSE(parsePli(only(V{0x84, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2})));  // FMT 4
  EXPECT_FALSE(parsePli(only(V{0x81, 0xce, 0x00, 0x01, 0, 0, 0, 1})));  // media SSRC cut
}

// RFC 5104 4.3.1 layout.
const std::vector<uint8_t> kFir = {
    0x84, 0xce, 0x00, 0x04,  // V=2 FMT=4 | PT=206 PSFB | length 4 (20 bytes)
    0x00, 0x00, 0x00, 0x01,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // media source SSRC: 0 for FIR
    0x11, 0x22, 0x33, 0x44,  // FCI: SSRC of the media sender
    0x07, 0x00, 0x00, 0x00,  // command sequence number 7 | reserved
};

TEST(FeedbackFir, ParsesAndBuilds) {
  const auto fir = parseFir(only(kFir));
  ASSERT_TRUE(fir);
  EXPECT_EQ(fir->senderSsrc, 1u);
  ASSERT_EQ(fir->count(), 1u);
  EXPECT_EQ(fir->entry(0), (FirEntry{0x11223344, 7}));
  std::array<uint8_t, 32> buf{};
  const std::array<FirEntry, 1> one{{{0x11223344, 7}}};
  ASSERT_EQ(writeFir(buf, 1, one), kFir.size());
  EXPECT_TRUE(std::equal(kFir.begin(), kFir.end(), buf.begin()));
  const std::array<FirEntry, 2> two{{{1, 255}, {2, 0}}};
  ASSERT_EQ(writeFir(buf, 9, two), 28u);
  const auto back = parseFir(only(Bytes(buf.data(), 28)));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->count(), 2u);
  EXPECT_EQ(back->entry(0), two[0]);
  EXPECT_EQ(back->entry(1), two[1]);
  EXPECT_EQ(writeFir(buf, 9, {}), 0u);
  EXPECT_EQ(writeFir(std::span<uint8_t>(buf.data(), 19), 1, one), 0u);
}

TEST(FeedbackFir, RejectsTruncatedFci) {
  // 4 bytes of FCI: half an entry.
  EXPECT_FALSE(parseFir(only(V{0x84, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2})));
  // No FCI.
  EXPECT_FALSE(parseFir(only(V{0x84, 0xce, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0})));
}

// A REMB as Chromium sends it: 500 kbit/s for one SSRC.
const std::vector<uint8_t> kRemb = {
    0x8f, 0xce, 0x00, 0x05,  // V=2 FMT=15 | PT=206 PSFB | length 5 (24 bytes)
    0x00, 0x00, 0x00, 0x01,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // media source SSRC: 0
    'R',  'E',  'M',  'B',   // unique identifier
    0x01, 0x07, 0xd0, 0x90,  // Num SSRC 1 | exp 1, mantissa 250000 (0x3d090)
    0x11, 0x22, 0x33, 0x44,  // SSRC feedback
};

TEST(FeedbackRemb, ParsesAndBuilds) {
  const auto remb = parseRemb(only(kRemb));
  ASSERT_TRUE(remb);
  EXPECT_EQ(remb->senderSsrc, 1u);
  EXPECT_EQ(remb->exponent, 1);
  EXPECT_EQ(remb->mantissa, 250000u);
  EXPECT_EQ(remb->bitrate(), 500000u);
  ASSERT_EQ(remb->count(), 1u);
  EXPECT_EQ(remb->ssrc(0), 0x11223344u);
  std::array<uint8_t, 32> buf{};
  const std::array<uint32_t, 1> ssrcs{0x11223344};
  ASSERT_EQ(writeRemb(buf, 1, 500000, ssrcs), kRemb.size());
  EXPECT_TRUE(std::equal(kRemb.begin(), kRemb.end(), buf.begin()));
  EXPECT_EQ(writeRemb(std::span<uint8_t>(buf.data(), 23), 1, 500000, ssrcs), 0u);
}

uint64_t encodeDecode(uint64_t bitrate) {
  std::array<uint8_t, 20> buf{};
  const size_t n = writeRemb(buf, 1, bitrate, {});
  EXPECT_EQ(n, 20u);
  const auto remb = parseRemb(only(Bytes(buf.data(), n)));
  EXPECT_TRUE(remb);
  return remb ? remb->bitrate() : 0;
}

TEST(FeedbackRemb, MantissaExponentEncoding) {
  EXPECT_EQ(encodeDecode(0), 0u);
  EXPECT_EQ(encodeDecode(262143), 262143u);             // largest exact mantissa
  EXPECT_EQ(encodeDecode(262145), 262144u);             // rounded down
  EXPECT_EQ(encodeDecode(10'000'000'000ull), 9999941632ull);
  EXPECT_EQ(encodeDecode(UINT64_MAX), uint64_t{0x3ffff} << 46);
  Remb r;
  r.mantissa = 0x3ffff;
  r.exponent = 63;
  EXPECT_EQ(r.bitrate(), UINT64_MAX);  // saturates instead of wrapping
  r.exponent = 46;
  EXPECT_EQ(r.bitrate(), uint64_t{0x3ffff} << 46);
}

TEST(FeedbackRemb, RejectsMalformed) {
  auto bad = kRemb;
  bad[15] = 'C';  // "REMC"
  EXPECT_FALSE(parseRemb(only(bad)));
  bad = kRemb;
  bad[16] = 2;  // two SSRCs announced, one present
  EXPECT_FALSE(parseRemb(only(bad)));
  bad = kRemb;
  bad[16] = 0;  // zero announced, one present
  EXPECT_FALSE(parseRemb(only(bad)));
  // Cut after the identifier.
  EXPECT_FALSE(parseRemb(only(V{0x8f, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 'R', 'E', 'M', 'B'})));
}

}  // namespace
}  // namespace vicos::rtcp
