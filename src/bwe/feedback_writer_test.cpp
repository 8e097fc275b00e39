// Tests of the feedback writer through the real parser: gaps, wrap, reordering, late packets,
// duplicates, a restart after a long gap, splitting, and the interval.
#include "bwe/feedback_writer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::bwe {
namespace {

struct Status {
  uint16_t seq;
  bool received;
  Micros arrival;
  bool operator==(const Status&) const = default;
};

// All packets the writer has to write now, as (seq, received, arrival) in order.
std::vector<Status> drain(FeedbackWriter& w, Micros now, size_t* packets = nullptr) {
  std::vector<Status> out;
  std::vector<uint8_t> buf(1500);
  size_t count = 0;
  while (const size_t n = w.writeNext(buf, now)) {
    EXPECT_LE(n, 1200u);
    const auto compound = rtcp::parseCompound(Bytes(buf.data(), n));
    EXPECT_TRUE(compound);
    if (!compound) break;
    const auto fb = rtcp::parseTransportCc(*compound->begin());
    EXPECT_TRUE(fb);
    if (!fb) break;
    EXPECT_EQ(fb->mediaSsrc, 0x5555u);
    fb->forEach([&](const rtcp::TransportCcStatus& s) { out.push_back({s.seq, s.received, s.arrival}); });
    ++count;
  }
  if (packets != nullptr) *packets = count;
  return out;
}

TEST(FeedbackWriter, ReportsArrivalsAndGapsAcrossTheWrap) {
  FeedbackWriter w;
  EXPECT_FALSE(w.due(0));
  w.onPacket(65534, 0x5555, 100'000);
  w.onPacket(0, 0x5555, 102'000);  // 65535 lost
  w.onPacket(1, 0x5555, 103'000);
  EXPECT_TRUE(w.due(103'000));
  EXPECT_EQ(drain(w, 103'000),
            (std::vector<Status>{
                {65534, true, 100'000}, {65535, false, 0}, {0, true, 102'000}, {1, true, 103'000}}));
  EXPECT_FALSE(w.due(104'000));
  w.onPacket(2, 0x5555, 120'000);
  EXPECT_FALSE(w.due(140'000));  // 50 ms since the last feedback
  EXPECT_TRUE(w.due(153'000));
  EXPECT_EQ(drain(w, 153'000), (std::vector<Status>{{2, true, 120'000}}));
}

TEST(FeedbackWriter, ReordersAndReportsLatePacketsAgain) {
  FeedbackWriter w;
  w.onPacket(10, 0x5555, 1'000'000);
  w.onPacket(12, 0x5555, 1'001'000);
  w.onPacket(11, 0x5555, 1'002'000);  // reordered before the feedback: a negative delta
  EXPECT_EQ(drain(w, 1'002'000),
            (std::vector<Status>{{10, true, 1'000'000}, {11, true, 1'002'000}, {12, true, 1'001'000}}));
  w.onPacket(15, 0x5555, 1'010'000);  // 13 and 14 missing
  EXPECT_EQ(drain(w, 1'060'000),
            (std::vector<Status>{{13, false, 0}, {14, false, 0}, {15, true, 1'010'000}}));
  w.onPacket(14, 0x5555, 1'070'000);  // arrived after its loss was reported: report again from it
  w.onPacket(14, 0x5555, 1'071'000);  // and a duplicate
  EXPECT_EQ(w.counters().duplicates, 1u);
  EXPECT_EQ(drain(w, 1'120'000), (std::vector<Status>{{14, true, 1'070'000}, {15, true, 1'010'000}}));
}

TEST(FeedbackWriter, DropsPacketsTooFarBehindAndRestartsAfterALongGap) {
  FeedbackWriterConfig c;
  c.capacity = 64;
  c.maxRewind = 8;
  FeedbackWriter w(c);
  for (uint16_t s = 0; s < 40; ++s)
    if (s != 5) w.onPacket(s, 0x5555, 1000 * s);
  EXPECT_EQ(drain(w, 40'000).size(), 40u);
  w.onPacket(5, 0x5555, 41'000);  // 35 behind, more than maxRewind
  EXPECT_EQ(w.counters().tooLate, 1u);
  w.onPacket(20000, 0x5555, 50'000);  // far ahead: start over there
  EXPECT_EQ(w.counters().restarts, 1u);
  w.onPacket(20001, 0x5555, 51'000);
  EXPECT_EQ(drain(w, 100'000), (std::vector<Status>{{20000, true, 50'000}, {20001, true, 51'000}}));
}

TEST(FeedbackWriter, SplitsLargeBacklogsAndGivesUpWhatTheRingCannotHold) {
  FeedbackWriterConfig c;
  c.capacity = 4096;
  FeedbackWriter w(c);
  for (int i = 0; i < 3000; ++i) w.onPacket(static_cast<uint16_t>(60000 + i), 0x5555, 2'000'000 + i * 3000);
  size_t packets = 0;
  const auto all = drain(w, 20'000'000, &packets);
  ASSERT_EQ(all.size(), 3000u);
  EXPECT_GE(packets, 3u);  // ~1 byte per packet: at least 3 × 1200 bytes
  EXPECT_EQ(all.back(), (Status{static_cast<uint16_t>(62999), true, 2'000'000 + 2999 * 3000}));

  FeedbackWriterConfig small;
  small.capacity = 100;
  FeedbackWriter s(small);
  for (uint16_t i = 0; i < 130; ++i) s.onPacket(i, 0x5555, i * 1000);
  EXPECT_EQ(s.counters().overwritten, 30u);
  const auto kept = drain(s, 200'000);
  ASSERT_EQ(kept.size(), 100u);
  EXPECT_EQ(kept.front().seq, 30);
}

}  // namespace
}  // namespace vicos::bwe
