// UplinkDemux: packets as browsers send them, as byte rows, latched by MID, RID and repaired RID.
#include "sfu/uplink_demux.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rtp/rtp_extensions.hpp"

namespace vicos::sfu {
namespace {

constexpr std::string_view kRids[] = {"q", "h", "f"};

// A packet with a payload byte after the header; `extensions` as (id, text) pairs.
std::vector<uint8_t> packet(uint32_t ssrc, uint8_t pt, std::vector<std::pair<uint8_t, std::string>> extensions) {
  std::vector<rtp::ExtensionElement> elements;
  for (const auto& [id, text] : extensions)
    elements.push_back({id, Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size())});
  std::vector<uint8_t> out(128);
  const size_t n = rtp::writeRtpHeader(out, {false, pt, 7, 9000, ssrc}, elements);
  out.resize(n);
  out.push_back(0x10);
  return out;
}

std::variant<UplinkStream, Drop> classify(UplinkDemux& demux, const std::vector<uint8_t>& bytes) {
  const auto view = rtp::parseRtp(bytes);
  EXPECT_TRUE(view);
  return demux.classify(*view);
}

class UplinkDemuxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(demux.declare(1, kRids));  // the camera
    demux.setRtxPayloadType(97);
  }
  UplinkDemux demux;
};

TEST_F(UplinkDemuxTest, TheFirstPacketOfALayerNamesItsMidAndRid) {
  // V=2 X=1, PT 96, seq 0x1a2b, timestamp, SSRC; one-byte extensions, one word: mid "1", rid "f".
  const std::vector<uint8_t> first{0x90, 0x60, 0x1a, 0x2b, 0x00, 0x00, 0x10, 0x00, 0x11, 0x22, 0x33, 0x44,
                                   0xbe, 0xde, 0x00, 0x01, 0x10, 0x31, 0x40, 0x66, 0x10};
  EXPECT_EQ(classify(demux, first), (std::variant<UplinkStream, Drop>(UplinkStream{1, 2, false})));
  // Later packets of that SSRC carry no extensions (browsers stop after our receiver report).
  const std::vector<uint8_t> later{0x80, 0x60, 0x1a, 0x2c, 0x00, 0x00, 0x10, 0x00, 0x11, 0x22, 0x33, 0x44, 0x10};
  EXPECT_EQ(classify(demux, later), (std::variant<UplinkStream, Drop>(UplinkStream{1, 2, false})));
}

TEST_F(UplinkDemuxTest, RtxNamesTheEncodingItRepairsWithTheRepairedRid) {
  // PT 97 with mid "1" and repaired rid (id 5) "h".
  const std::vector<uint8_t> rtx{0x90, 0x61, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x55, 0x66, 0x77, 0x88,
                                 0xbe, 0xde, 0x00, 0x01, 0x10, 0x31, 0x50, 0x68, 0x10};
  EXPECT_EQ(classify(demux, rtx), (std::variant<UplinkStream, Drop>(UplinkStream{1, 1, true})));
  // A rid (id 4) on an RTX packet does not count: RFC 8852 3.2 names the repaired one.
  EXPECT_EQ(classify(demux, packet(0x99, 97, {{1, "1"}, {4, "h"}})), (std::variant<UplinkStream, Drop>(Drop::UnknownRid)));
}

TEST_F(UplinkDemuxTest, AnUplinkWithoutRidsIsKnownByItsMidAlone) {
  EXPECT_EQ(classify(demux, packet(0xA0, 111, {{1, "0"}})), (std::variant<UplinkStream, Drop>(UplinkStream{0, 0, false})));
  EXPECT_EQ(classify(demux, packet(0xA1, 97, {{1, "2"}})), (std::variant<UplinkStream, Drop>(UplinkStream{2, 0, true})));
}

TEST_F(UplinkDemuxTest, UnknownStreamsAreDroppedWithTheirReason) {
  using Result = std::variant<UplinkStream, Drop>;
  EXPECT_EQ(classify(demux, packet(0xB0, 96, {})), Result(Drop::UnknownSsrc));              // no MID
  EXPECT_EQ(classify(demux, packet(0xB1, 96, {{1, "3"}})), Result(Drop::UnknownSsrc));      // no such uplink
  EXPECT_EQ(classify(demux, packet(0xB2, 96, {{1, "10"}})), Result(Drop::UnknownSsrc));
  EXPECT_EQ(classify(demux, packet(0xB3, 96, {{1, "1"}})), Result(Drop::UnknownRid));       // RID missing
  EXPECT_EQ(classify(demux, packet(0xB4, 96, {{1, "1"}, {4, "x"}})), Result(Drop::UnknownRid));
  EXPECT_EQ(classify(demux, packet(0xB5, 96, {{1, "1"}, {4, "f f"}})), Result(Drop::UnknownRid));
  // Nothing of that was latched.
  EXPECT_EQ(classify(demux, packet(0xB4, 96, {})), Result(Drop::UnknownSsrc));
}

TEST_F(UplinkDemuxTest, ANewSsrcForTheSameLayerReplacesTheOld) {
  using Result = std::variant<UplinkStream, Drop>;
  EXPECT_EQ(classify(demux, packet(0xC0, 96, {{1, "1"}, {4, "q"}})), Result(UplinkStream{1, 0, false}));
  EXPECT_EQ(classify(demux, packet(0xC1, 96, {{1, "1"}, {4, "q"}})), Result(UplinkStream{1, 0, false}));
  EXPECT_EQ(classify(demux, packet(0xC0, 96, {})), Result(Drop::UnknownSsrc));  // forgotten: the table stays bounded
  EXPECT_EQ(classify(demux, packet(0xC1, 96, {})), Result(UplinkStream{1, 0, false}));
}

TEST_F(UplinkDemuxTest, DeclaringAgainForgetsThatUplinksStreams) {
  using Result = std::variant<UplinkStream, Drop>;
  classify(demux, packet(0xD0, 96, {{1, "1"}, {4, "h"}}));
  classify(demux, packet(0xD1, 111, {{1, "0"}}));
  const std::string_view two[] = {"lo", "hi"};
  ASSERT_TRUE(demux.declare(1, two));
  EXPECT_EQ(classify(demux, packet(0xD0, 96, {})), Result(Drop::UnknownSsrc));
  EXPECT_EQ(classify(demux, packet(0xD1, 111, {})), Result(UplinkStream{0, 0, false}));  // another uplink
  EXPECT_EQ(classify(demux, packet(0xD2, 96, {{1, "1"}, {4, "hi"}})), Result(UplinkStream{1, 1, false}));
}

TEST_F(UplinkDemuxTest, DeclaringTheSameLayoutAgainKeepsTheLatches) {
  // A renegotiation answers with the same RIDs; browsers send no MID or RID any more by then.
  using Result = std::variant<UplinkStream, Drop>;
  classify(demux, packet(0xE0, 96, {{1, "1"}, {4, "f"}}));
  ASSERT_TRUE(demux.declare(1, kRids));
  EXPECT_EQ(classify(demux, packet(0xE0, 96, {})), Result(UplinkStream{1, 2, false}));
}

TEST_F(UplinkDemuxTest, SsrcsTheAnswerNamedAreKnownBeforeAnyExtension) {
  using Result = std::variant<UplinkStream, Drop>;
  demux.latch({1, 1, false}, 0xF0);
  demux.latch({1, 1, true}, 0xF1);  // a=ssrc-group:FID 0xF0 0xF1 (Firefox)
  EXPECT_EQ(classify(demux, packet(0xF0, 96, {})), Result(UplinkStream{1, 1, false}));
  EXPECT_EQ(classify(demux, packet(0xF1, 97, {})), Result(UplinkStream{1, 1, true}));
  // One SSRC names one stream: latched again elsewhere, it leaves its old place.
  demux.latch({2, 0, false}, 0xF0);
  EXPECT_EQ(classify(demux, packet(0xF0, 96, {})), Result(UplinkStream{2, 0, false}));
  demux.latch({3, 0, false}, 0xF2);  // no such uplink: ignored
  EXPECT_EQ(classify(demux, packet(0xF2, 96, {})), Result(Drop::UnknownSsrc));
}

TEST(UplinkDemux, RefusesLayoutsItCannotHold) {
  UplinkDemux demux;
  const std::string_view four[] = {"a", "b", "c", "d"};
  const std::string_view bad[] = {"a b"};
  const std::string_view tooLong[] = {"0123456789abcdefg"};
  EXPECT_FALSE(demux.declare(1, four));
  EXPECT_FALSE(demux.declare(1, bad));
  EXPECT_FALSE(demux.declare(1, tooLong));
  EXPECT_FALSE(demux.declare(3, kRids));
  EXPECT_TRUE(demux.declare(2, kRids));
}

}  // namespace
}  // namespace vicos::sfu
