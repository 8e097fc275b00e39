// Test helper shared by the RTCP tests: the single packet of a compound.
#pragma once

#include <gtest/gtest.h>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp::test {

// Its views point into `data`, which must outlive them.
inline RtcpPacket only(Bytes data) {
  const auto c = parseCompound(data);
  if (!c || c->count() != 1) {
    ADD_FAILURE() << "not a single valid packet";
    return {};
  }
  return *c->begin();
}

}  // namespace vicos::rtcp::test
