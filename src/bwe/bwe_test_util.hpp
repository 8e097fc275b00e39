// Test helper shared by the bandwidth estimation tests: a parsed transport-cc feedback that owns
// its bytes, built with the real writer.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "rtcp/feedback_transport_cc.hpp"

namespace vicos::bwe::test {

struct OwnedFeedback {
  std::vector<uint8_t> bytes;
  rtcp::TransportCc feedback;  // points into bytes
};

// One feedback packet for statuses[i] = base + i (all of them must fit 4 KiB).
inline std::unique_ptr<OwnedFeedback> feedbackFor(uint16_t base,
                                                  const std::vector<rtcp::PacketArrival>& statuses,
                                                  uint8_t count = 0) {
  auto out = std::make_unique<OwnedFeedback>();
  out->bytes.resize(4096);
  size_t consumed = 0;
  const size_t n = rtcp::writeTransportCc(out->bytes, {1, 2, base, count}, statuses, consumed);
  EXPECT_EQ(consumed, statuses.size());
  out->bytes.resize(n);
  const auto compound = rtcp::parseCompound(out->bytes);
  EXPECT_TRUE(compound);
  if (!compound) return out;
  const auto fb = rtcp::parseTransportCc(*compound->begin());
  EXPECT_TRUE(fb);
  if (fb) out->feedback = *fb;
  return out;
}

}  // namespace vicos::bwe::test
