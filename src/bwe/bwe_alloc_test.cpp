// Checks that the per-packet paths of bandwidth estimation allocate nothing once constructed:
// onPacketSent, the feedback writer, the transport-cc writer and parser, and onFeedback (its
// own binary, because it counts every allocation of the program).
#include <gtest/gtest.h>

#include <array>

#include "bwe/feedback_writer.hpp"
#include "common/allocation_counter.hpp"
#include "bwe/send_side_estimator.hpp"
#include "rtcp/rtcp_compound.hpp"

namespace vicos::bwe {
namespace {

// 1200-byte packets every 4 ms (2.4 Mbit/s), every 7th lost, one reordered pair in 50, feedback
// every 50 ms through the real writer and parser, probes taken when the estimator plans them.
void runCall(SendSideEstimator& estimator, FeedbackWriter& writer, uint16_t& seq, Micros& now, Micros until) {
  std::array<uint8_t, 1500> buf{};
  std::array<ProbeCluster, 8> clusters{};
  for (; now < until; now += 4000) {
    estimator.onPacketSent(seq, 1200, now);
    if (seq % 7 != 0) writer.onPacket(seq, 0x1234, now + 30'000 + (seq % 50 == 1 ? 5000 : 0));
    ++seq;
    if (writer.due(now)) {
      while (const size_t n = writer.writeNext(buf, now)) {
        const auto compound = rtcp::parseCompound(Bytes(buf.data(), n));
        ASSERT_TRUE(compound);
        const auto fb = rtcp::parseTransportCc(*compound->begin());
        ASSERT_TRUE(fb);
        estimator.onFeedback(*fb, now + 30'000);
      }
    }
    (void)estimator.requestProbe(5'000'000, now);
    (void)estimator.takeProbeClusters(clusters);
  }
}

TEST(BweAlloc, PacketsAndFeedbackDoNotAllocate) {
  SendSideEstimator estimator;
  FeedbackWriter writer;
  uint16_t seq = 60000;
  Micros now = 0;
  runCall(estimator, writer, seq, now, 2'000'000);  // warm up
  const size_t before = heapAllocations();
  runCall(estimator, writer, seq, now, 30'000'000);  // ~7000 packets, across the seq wrap
  EXPECT_EQ(heapAllocations() - before, 0u);
  EXPECT_GT(estimator.stats().feedbacks, 500u);
  EXPECT_GT(estimator.stats().lossFraction, 0.1);
}

}  // namespace
}  // namespace vicos::bwe
