// Tests of generic NACK parsing, expansion and packing.
#include "rtcp/feedback_nack.hpp"

#include <gtest/gtest.h>

#include "rtcp/rtcp_test_util.hpp"

#include <array>
#include <vector>

namespace vicos::rtcp {
namespace {

using V = std::vector<uint8_t>;

using test::only;

std::vector<uint16_t> lostOf(const Nack& nack) {
  std::vector<uint16_t> out;
  nack.forEachLost([&](uint16_t seq) { out.push_back(seq); });
  return out;
}

// A NACK as Chromium sends it (reduced size, alone in its SRTCP packet).
const std::vector<uint8_t> kNack = {
    0x81, 0xcd, 0x00, 0x03,  // V=2 FMT=1 | PT=205 RTPFB | length 3 (16 bytes)
    0x00, 0x00, 0x00, 0x01,  // SSRC of packet sender (1: a receive-only peer)
    0x11, 0x22, 0x33, 0x44,  // SSRC of media source
    0x00, 0x64, 0x00, 0x05,  // PID 100 | BLP 0b101: 101 and 103 too
};

TEST(FeedbackNack, ParsesAndExpands) {
  const auto nack = parseNack(only(kNack));
  ASSERT_TRUE(nack);
  EXPECT_EQ(nack->senderSsrc, 1u);
  EXPECT_EQ(nack->mediaSsrc, 0x11223344u);
  ASSERT_EQ(nack->itemCount(), 1u);
  EXPECT_EQ(nack->item(0).pid, 100);
  EXPECT_EQ(nack->item(0).blp, 5);
  EXPECT_EQ(lostOf(*nack), (std::vector<uint16_t>{100, 101, 103}));
}

TEST(FeedbackNack, BuildsTheSameBytes) {
  const std::array<uint16_t, 3> lost{100, 101, 103};
  std::array<uint8_t, 64> buf{};
  const size_t n = writeNack(buf, 1, 0x11223344, lost);
  ASSERT_EQ(n, kNack.size());
  EXPECT_TRUE(std::equal(kNack.begin(), kNack.end(), buf.begin()));
}

std::vector<uint16_t> roundTrip(const std::vector<uint16_t>& lost, size_t* items) {
  std::vector<uint8_t> buf(512);
  const size_t n = writeNack(buf, 1, 2, lost);
  EXPECT_NE(n, 0u);
  buf.resize(n);
  const auto nack = parseNack(only(buf));
  EXPECT_TRUE(nack);
  *items = nack->itemCount();
  return lostOf(*nack);
}

TEST(FeedbackNack, PacksIntoFewestItems) {
  size_t items = 0;
  std::vector<uint16_t> seventeen;
  for (uint16_t s = 1; s <= 17; ++s) seventeen.push_back(s);
  EXPECT_EQ(roundTrip(seventeen, &items), seventeen);
  EXPECT_EQ(items, 1u);  // PID 1, BLP 0xffff

  std::vector<uint16_t> eighteen = seventeen;
  eighteen.push_back(18);
  EXPECT_EQ(roundTrip(eighteen, &items), eighteen);
  EXPECT_EQ(items, 2u);

  // Across the wrap.
  EXPECT_EQ(roundTrip({65534, 65535, 0, 5}, &items), (std::vector<uint16_t>{65534, 65535, 0, 5}));
  EXPECT_EQ(items, 1u);

  // Far apart, duplicates and out of order are still correct.
  EXPECT_EQ(roundTrip({10, 5000, 10, 12, 9}, &items), (std::vector<uint16_t>{10, 12, 5000, 9}));
  EXPECT_EQ(items, 3u);
}

// A NACK that repeats one item asks for the same packets again and again: lostCount and
// forEachLost see every repeat, and forEachLost stops at its limit.
TEST(FeedbackNack, ItemsAreWrittenVerbatimAndCountedWithRepeats) {
  const std::array<NackItem, 3> items{{{100, 0xffff}, {100, 0xffff}, {7, 0x0001}}};
  std::array<uint8_t, 64> buf{};
  const size_t n = writeNackItems(buf, 1, 0x11223344, items);
  ASSERT_EQ(n, 12u + 3 * 4);
  EXPECT_EQ(std::vector<uint8_t>(buf.begin(), buf.begin() + 4), (V{0x81, 0xcd, 0x00, 0x05}));
  const V packet(buf.begin(), buf.begin() + n);
  const auto nack = parseNack(only(packet));
  ASSERT_TRUE(nack);
  EXPECT_EQ(nack->itemCount(), 3u);
  EXPECT_EQ(nack->lostCount(), 17u + 17u + 2u);
  EXPECT_EQ(lostOf(*nack).size(), 36u);

  std::vector<uint16_t> first;
  EXPECT_EQ(nack->forEachLost([&](uint16_t seq) { first.push_back(seq); }, 20), 20u);
  ASSERT_EQ(first.size(), 20u);
  EXPECT_EQ(first[16], 116);
  EXPECT_EQ(first[17], 100);  // the repeat starts over
  EXPECT_EQ(first[19], 102);
  EXPECT_EQ(nack->forEachLost([](uint16_t) {}, 0), 0u);
  EXPECT_EQ(nack->forEachLost([](uint16_t) {}, 1000), 36u);

  EXPECT_EQ(writeNackItems(buf, 1, 2, {}), 0u);
  EXPECT_EQ(writeNackItems(std::span<uint8_t>(buf.data(), 23), 1, 2, items), 0u);
}

TEST(FeedbackNack, RejectsMalformedAndRefusesBadInput) {
  // No FCI.
  EXPECT_FALSE(parseNack(only(V{0x81, 0xcd, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2})));
  // FCI of 2 bytes (padding P=1 removes the other 2).
  EXPECT_FALSE(parseNack(only(V{0xa1, 0xcd, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 2})));
  // Media SSRC cut off.
  EXPECT_FALSE(parseNack(only(V{0x81, 0xcd, 0x00, 0x01, 0, 0, 0, 1})));
  // FMT 15 (transport-wide CC) is not a NACK.
  EXPECT_FALSE(parseNack(only(V{0x8f, 0xcd, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0})));
  // Same FMT, PSFB: a PLI is not a NACK.
  EXPECT_FALSE(parseNack(only(V{0x81, 0xce, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0})));

  std::array<uint8_t, 16> buf{};
  EXPECT_EQ(writeNack(buf, 1, 2, {}), 0u);
  const std::array<uint16_t, 2> apart{1, 100};
  EXPECT_EQ(writeNack(buf, 1, 2, apart), 0u);  // needs 20 bytes
  EXPECT_EQ(writeNack(std::span<uint8_t>(buf.data(), 11), 1, 2, std::span(apart).first(1)), 0u);
}

}  // namespace
}  // namespace vicos::rtcp
