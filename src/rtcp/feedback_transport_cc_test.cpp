// Tests of transport-wide CC feedback: byte rows from the draft's layout, malformed input, the
// builder's chunk choice, splitting and round trips.
#include "rtcp/feedback_transport_cc.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "rtcp/rtcp_test_util.hpp"

namespace vicos::rtcp {
namespace {

using V = std::vector<uint8_t>;
using test::only;

struct Row {
  uint16_t seq;
  bool received;
  Micros arrival;
  bool operator==(const Row&) const = default;
};

std::vector<Row> rowsOf(const TransportCc& fb) {
  std::vector<Row> out;
  fb.forEach([&](const TransportCcStatus& s) { out.push_back({s.seq, s.received, s.arrival}); });
  return out;
}

// The example of docs/design/media-model.md §7 item 3, padded with the P bit and a count.
const V kRunPadded = {
    0xaf, 0xcd, 0x00, 0x06,  // V=2 P=1 FMT=15 | PT=205 RTPFB | length 6 (28 bytes)
    0x00, 0x00, 0x00, 0x01,  // SSRC of packet sender
    0x11, 0x22, 0x33, 0x44,  // SSRC of media source
    0x00, 0x0a, 0x00, 0x03,  // base sequence number 10 | packet status count 3
    0x00, 0x00, 0x10, 0x07,  // reference time 16 × 64 ms | feedback packet count 7
    0x20, 0x03,              // run length chunk: T=0 S=01 (small delta) run 3
    0x04, 0x08, 0x0c,        // recv deltas 1 ms, 2 ms, 3 ms
    0x00, 0x00, 0x03,        // padding, its last byte counts it
};

TEST(FeedbackTransportCc, ParsesTheDesignDocExample) {
  TransportCcError error = TransportCcError::TooShort;
  const auto fb = parseTransportCc(only(kRunPadded), &error);
  ASSERT_TRUE(fb);
  EXPECT_EQ(error, TransportCcError::None);
  EXPECT_EQ(fb->senderSsrc, 1u);
  EXPECT_EQ(fb->mediaSsrc, 0x11223344u);
  EXPECT_EQ(fb->baseSeq, 10);
  EXPECT_EQ(fb->statusCount, 3);
  EXPECT_EQ(fb->referenceTime, 16);
  EXPECT_EQ(fb->feedbackCount, 7);
  EXPECT_EQ(fb->receivedCount, 3);
  const Micros ref = 16 * 64000;
  EXPECT_EQ(rowsOf(*fb),
            (std::vector<Row>{{10, true, ref + 1000}, {11, true, ref + 3000}, {12, true, ref + 6000}}));
}

TEST(FeedbackTransportCc, BuildsTheDesignDocExample) {
  const Micros ref = 16 * 64000;
  const std::array<PacketArrival, 3> statuses{{{true, ref + 1000}, {true, ref + 3000}, {true, ref + 6000}}};
  std::array<uint8_t, 64> buf{};
  size_t consumed = 0;
  const size_t n = writeTransportCc(buf, {1, 0x11223344, 10, 7}, statuses, consumed);
  EXPECT_EQ(consumed, 3u);
  EXPECT_EQ(V(buf.begin(), buf.begin() + n), kRunPadded);
}

// Older libwebrtc: zero padding without the P bit. A 1-bit status vector across the wrap.
TEST(FeedbackTransportCc, ParsesZeroPaddingAndOneBitVectorAcrossTheWrap) {
  const V packet = {
      0x8f, 0xcd, 0x00, 0x06,  // P=0 FMT=15 | RTPFB | length 6
      0x00, 0x00, 0x00, 0x01, 0x11, 0x22,
      0x33, 0x44, 0xff, 0xfe, 0x00, 0x04,  // base 65534 | 4 statuses: 65534, 65535, 0, 1
      0x00, 0x00, 0x01, 0x00,              // reference 64 ms | fb count 0
      0xac, 0x00,                          // T=1 S=0: 1 0 1 1, then 10 unused symbols
      0x01, 0x02, 0x03,                    // 0.25 ms, 0.5 ms, 0.75 ms
      0x00, 0x00, 0x00,                    // zero padding
  };
  const auto fb = parseTransportCc(only(packet));
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->receivedCount, 3);
  EXPECT_EQ(rowsOf(*fb),
            (std::vector<Row>{{65534, true, 64250}, {65535, false, 0}, {0, true, 64750}, {1, true, 65500}}));
}

// A 2-bit vector with a negative (large) delta: a reordered arrival. Negative reference time.
TEST(FeedbackTransportCc, ParsesTwoBitVectorAndNegativeTimes) {
  const V packet = {
      0xaf, 0xcd, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01,
      0x11, 0x22, 0x33, 0x44, 0x00, 0x64, 0x00, 0x03,  // base 100 | 3 statuses
      0xff, 0xff, 0xff, 0x05,                          // reference −1 × 64 ms | fb count 5
      0xd8, 0x00,                                      // T=1 S=1: 01 10 00, then 4 unused symbols
      0x10,                                            // +4 ms
      0xff, 0xf8,                                      // −2 ms
      0x00, 0x00, 0x03,                                // P padding
  };
  const auto fb = parseTransportCc(only(packet));
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->referenceTime, -1);
  EXPECT_EQ(rowsOf(*fb), (std::vector<Row>{{100, true, -60000}, {101, true, -62000}, {102, false, 0}}));
}

TEST(FeedbackTransportCc, ParsesLongRunOfLosses) {
  const V packet = {
      0x8f, 0xcd, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01,
      0x11, 0x22, 0x33, 0x44, 0x00, 0x05, 0x03, 0xe9,  // base 5 | 1001 statuses
      0x00, 0x00, 0x00, 0x01,                          // reference 0 | fb count 1
      0x03, 0xe8,                                      // run S=00 (lost) × 1000
      0x20, 0x01,                                      // run S=01 × 1
      0xff, 0x00, 0x00, 0x00,                          // 63.75 ms, zero padding
  };
  const auto fb = parseTransportCc(only(packet));
  ASSERT_TRUE(fb);
  const auto rows = rowsOf(*fb);
  ASSERT_EQ(rows.size(), 1001u);
  EXPECT_EQ(rows[999], (Row{1004, false, 0}));
  EXPECT_EQ(rows[1000], (Row{1005, true, 63750}));
}

TransportCcError errorOf(const V& packet) {
  TransportCcError error = TransportCcError::None;
  EXPECT_FALSE(parseTransportCc(only(packet), &error));
  return error;
}

TEST(FeedbackTransportCc, RejectsMalformed) {
  const V ssrcs = {0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44};
  auto packet = [&](std::initializer_list<uint8_t> fci, uint8_t first = 0x8f) {
    V p = {first, 0xcd, 0x00, static_cast<uint8_t>((8 + fci.size()) / 4)};
    p.insert(p.end(), ssrcs.begin(), ssrcs.end());
    p.insert(p.end(), fci);
    return p;
  };
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1})), TransportCcError::TooShort);
  EXPECT_EQ(errorOf(packet({0, 1, 0, 0, 0, 0, 0, 0, 0x20, 0x01, 0x01, 0})), TransportCcError::NoStatus);
  // 15 statuses, one 1-bit vector of 14 and nothing after it.
  EXPECT_EQ(errorOf(packet({0, 1, 0, 15, 0, 0, 0, 0, 0x80, 0x00, 0, 0})), TransportCcError::ChunksCutOff);
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1, 0, 0, 0, 0, 0x60, 0x01, 0, 0})), TransportCcError::ReservedSymbol);
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1, 0, 0, 0, 0, 0xc0 | 0x30, 0, 0, 0})),
            TransportCcError::ReservedSymbol);
  // Three small deltas announced, two present.
  EXPECT_EQ(errorOf(packet({0, 1, 0, 3, 0, 0, 0, 0, 0x20, 0x03, 1, 2})), TransportCcError::DeltasCutOff);
  // A large delta cut in half.
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1, 0, 0, 0, 0, 0x40, 0x01, 0x05, 0x01}, 0xaf)),
            TransportCcError::DeltasCutOff);
  // Four bytes after the deltas, or a non-zero padding byte without P.
  EXPECT_EQ(errorOf(packet({0, 1, 0, 2, 0, 0, 0, 0, 0x20, 0x02, 1, 2, 0, 0, 0, 0})),
            TransportCcError::TrailingBytes);
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 1, 9})), TransportCcError::TrailingBytes);
  // Other RTPFB FMTs and PSFB FMT 15 (REMB) are not transport-cc.
  EXPECT_EQ(errorOf(packet({0, 1, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 1, 0}, 0x81)),
            TransportCcError::NotTransportCc);
  V remb = packet({0, 1, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 1, 0});
  remb[1] = 0xce;
  EXPECT_EQ(errorOf(remb), TransportCcError::NotTransportCc);
  // The media SSRC cut off.
  EXPECT_EQ(errorOf(V{0x8f, 0xcd, 0x00, 0x01, 0, 0, 0, 1}), TransportCcError::TooShort);
}

// Writes all of `statuses` (several packets if needed) and reads them back.
std::vector<Row> roundTrip(uint16_t base, const std::vector<PacketArrival>& statuses, size_t limit,
                           size_t* packets = nullptr, std::vector<size_t>* sizes = nullptr) {
  std::vector<Row> out;
  std::vector<uint8_t> buf(limit);
  size_t done = 0;
  size_t count = 0;
  while (done < statuses.size()) {
    size_t consumed = 0;
    const auto seq = static_cast<uint16_t>(base + done);
    const size_t n = writeTransportCc(buf, {1, 2, seq, static_cast<uint8_t>(count)},
                                      std::span(statuses).subspan(done), consumed);
    if (n == 0) {
      ADD_FAILURE() << "nothing written at " << done;
      break;
    }
    EXPECT_LE(n, limit);
    EXPECT_EQ(n % 4, 0u);
    if (sizes != nullptr) sizes->push_back(n);
    TransportCcError error = TransportCcError::None;
    const auto fb = parseTransportCc(only(Bytes(buf.data(), n)), &error);
    if (!fb) {
      ADD_FAILURE() << "written packet does not parse: " << static_cast<int>(error);
      break;
    }
    EXPECT_EQ(fb->statusCount, consumed);
    EXPECT_EQ(fb->feedbackCount, count % 256);
    for (const Row& r : rowsOf(*fb)) out.push_back(r);
    done += consumed;
    ++count;
  }
  if (packets != nullptr) *packets = count;
  return out;
}

std::vector<Row> expected(uint16_t base, const std::vector<PacketArrival>& statuses) {
  std::vector<Row> out;
  for (size_t i = 0; i < statuses.size(); ++i)
    out.push_back({static_cast<uint16_t>(base + i), statuses[i].received,
                   statuses[i].received ? statuses[i].arrival : 0});
  return out;
}

TEST(FeedbackTransportCc, RoundTripsLossReorderingAndWrap) {
  std::vector<PacketArrival> statuses;
  Micros t = 5 * 64000 + 1250;
  for (int i = 0; i < 200; ++i) {
    const bool lost = i % 17 == 3 || (i > 50 && i < 60);
    if (i % 23 == 7)
      t -= 3000;  // reordered: a negative delta
    else if (i % 31 == 11)
      t += 700000;  // a 700 ms stall: a large delta
    else
      t += 250 * (i % 5);  // small deltas, zero included
    statuses.push_back({!lost, lost ? 0 : t});
  }
  size_t packets = 0;
  EXPECT_EQ(roundTrip(65500, statuses, 1200, &packets), expected(65500, statuses));
  EXPECT_EQ(packets, 1u);
}

TEST(FeedbackTransportCc, ChoosesCompactChunks) {
  // 14 alternating received/lost with small deltas: one 1-bit vector, 7 deltas.
  std::vector<PacketArrival> alternating;
  for (int i = 0; i < 14; ++i) alternating.push_back({i % 2 == 0, i * 1000});
  std::vector<size_t> sizes;
  EXPECT_EQ(roundTrip(1, alternating, 1200, nullptr, &sizes), expected(1, alternating));
  EXPECT_EQ(sizes, (std::vector<size_t>{32}));  // 20 + 2 + 7, padded

  // 3000 received 1 ms apart: one run chunk and 3000 deltas.
  std::vector<PacketArrival> steady;
  for (int i = 0; i < 3000; ++i) steady.push_back({true, 64000 + i * 1000});
  sizes.clear();
  EXPECT_EQ(roundTrip(1, steady, 4000, nullptr, &sizes), expected(1, steady));
  EXPECT_EQ(sizes, (std::vector<size_t>{3024}));  // 20 + 2 + 3000, padded

  // Large deltas force 2-bit vectors: 7 statuses per chunk.
  std::vector<PacketArrival> mixed;
  for (int i = 0; i < 14; ++i) mixed.push_back({true, (i % 2 == 0 ? 100000 : 0) + i * 250});
  sizes.clear();
  EXPECT_EQ(roundTrip(1, mixed, 1200, nullptr, &sizes), expected(1, mixed));
  EXPECT_EQ(sizes, (std::vector<size_t>{20 + 4 + 1 + 13 * 2 + 1}));
}

TEST(FeedbackTransportCc, SplitsAtTheSizeLimitAndAtDeltasOutOfRange) {
  std::vector<PacketArrival> many;
  for (int i = 0; i < 1000; ++i) many.push_back({i % 9 != 0, i * 2000});
  size_t packets = 0;
  std::vector<size_t> sizes;
  EXPECT_EQ(roundTrip(65000, many, 200, &packets, &sizes), expected(65000, many));
  EXPECT_GE(packets, 6u);
  for (size_t s : sizes) EXPECT_LE(s, 200u);

  // 9 s between two arrivals does not fit a 16-bit delta: a new packet with a new reference.
  const std::vector<PacketArrival> gap{{true, 1000}, {true, 2000}, {true, 9002000}, {true, 9003000}};
  EXPECT_EQ(roundTrip(7, gap, 1200, &packets), expected(7, gap));
  EXPECT_EQ(packets, 2u);

  // 70000 statuses: at most 0xffff per packet.
  const std::vector<PacketArrival> lost(70000);
  EXPECT_EQ(roundTrip(0, lost, 1200, &packets), expected(0, lost));
  EXPECT_EQ(packets, 2u);
}

TEST(FeedbackTransportCc, RefusesEmptyInputAndTinyBuffers) {
  std::array<uint8_t, 64> buf{};
  size_t consumed = 9;
  EXPECT_EQ(writeTransportCc(buf, {}, {}, consumed), 0u);
  EXPECT_EQ(consumed, 0u);
  const std::array<PacketArrival, 1> one{{{true, 0}}};
  EXPECT_EQ(writeTransportCc(std::span<uint8_t>(buf.data(), 23), {}, one, consumed), 0u);
  EXPECT_EQ(writeTransportCc(std::span<uint8_t>(buf.data(), 24), {}, one, consumed), 24u);
  EXPECT_EQ(consumed, 1u);
}

}  // namespace
}  // namespace vicos::rtcp
