// Tests of the send log: matching feedback to sent packets across the wrap, duplicates, late
// arrivals after a loss report, unknown and evicted numbers, reference time wrap.
#include "bwe/send_log.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "bwe/bwe_test_util.hpp"

namespace vicos::bwe {
namespace {

using test::feedbackFor;

std::vector<PacketResult> match(SendLog& log, const rtcp::TransportCc& fb) {
  std::vector<PacketResult> out;
  const size_t n = log.onFeedback(fb, [&](const PacketResult& r) { out.push_back(r); });
  EXPECT_EQ(n, out.size());
  return out;
}

TEST(SendLog, MatchesFeedbackAcrossTheWrap) {
  SendLog log(64);
  log.onPacketSent(65534, 1000, 10'000);
  log.onPacketSent(65535, 1100, 11'000, 7);
  log.onPacketSent(0, 1200, 12'000);
  log.onPacketSent(1, 1300, 13'000);
  const auto fb = feedbackFor(65534, {{true, 64'500}, {false, 0}, {true, 66'000}, {true, 65'000}});
  const auto results = match(log, fb->feedback);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].seq, 65534);
  EXPECT_TRUE(results[0].received);
  EXPECT_EQ(results[0].size, 1000u);
  EXPECT_EQ(results[0].sendTime, 10'000);
  EXPECT_EQ(results[0].arrival, 64'500);
  EXPECT_FALSE(results[1].received);
  EXPECT_EQ(results[1].probeCluster, 7);
  EXPECT_EQ(results[2].seq, 65536);
  EXPECT_EQ(results[2].arrival, 66'000);
  EXPECT_EQ(results[3].seq, 65537);
  EXPECT_EQ(results[3].arrival, 65'000);  // reordered on the way: arrived before its predecessor
  EXPECT_EQ(log.counters().unknown, 0u);
}

TEST(SendLog, PassesEachPacketOnceAsLostAndOnceAsReceived) {
  SendLog log(64);
  for (uint16_t s = 100; s < 103; ++s) log.onPacketSent(s, 500, s * 1000);
  const auto first = feedbackFor(100, {{true, 200'000}, {false, 0}, {true, 201'000}});
  EXPECT_EQ(match(log, first->feedback).size(), 3u);
  EXPECT_EQ(match(log, first->feedback).size(), 0u);  // the same feedback again
  EXPECT_EQ(log.counters().duplicate, 3u);
  // 101 arrived late: a later feedback reports it received.
  const auto late = feedbackFor(101, {{true, 202'000}, {true, 201'000}});
  const auto results = match(log, late->feedback);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].seq, 101);
  EXPECT_TRUE(results[0].received);
  EXPECT_EQ(log.counters().duplicate, 4u);
}

TEST(SendLog, CountsUnknownAndEvictedNumbers) {
  SendLog log(16);
  const auto none = feedbackFor(5, {{true, 1000}});
  EXPECT_EQ(match(log, none->feedback).size(), 0u);  // nothing sent yet
  EXPECT_EQ(log.counters().unknown, 1u);
  for (uint16_t s = 0; s < 40; ++s) log.onPacketSent(s, 100, s);
  // 5 was overwritten by 21 and 37; 45 was never sent; 30 is still there.
  const auto fb = feedbackFor(5, {{true, 1000}});
  EXPECT_EQ(match(log, fb->feedback).size(), 0u);
  const auto future = feedbackFor(45, {{true, 1000}});
  EXPECT_EQ(match(log, future->feedback).size(), 0u);
  EXPECT_EQ(log.counters().unknown, 3u);
  const auto known = feedbackFor(30, {{true, 1000}});
  EXPECT_EQ(match(log, known->feedback).size(), 1u);
}

TEST(SendLog, ArrivalsContinueAcrossTheReferenceTimeWrap) {
  SendLog log(16);
  log.onPacketSent(1, 100, 0);
  log.onPacketSent(2, 100, 1000);
  // Reference 0x7fffff × 64 ms, then the 24-bit field wraps to −0x800000.
  const Micros before = Micros{0x7fffff} * 64'000;
  const auto a = feedbackFor(1, {{true, before + 1000}});
  const auto b = feedbackFor(2, {{true, -Micros{0x800000} * 64'000 + 2000}});
  const auto ra = match(log, a->feedback);
  const auto rb = match(log, b->feedback);
  ASSERT_EQ(ra.size(), 1u);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(rb[0].arrival - ra[0].arrival, 64'000 + 1000);
}

}  // namespace
}  // namespace vicos::bwe
