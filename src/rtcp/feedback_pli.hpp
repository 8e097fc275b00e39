// RTCP picture loss indication (RFC 4585 6.3.1): "send me a key frame", no FCI.
#pragma once

#include <cstdint>
#include <optional>

#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

struct Pli {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
};

std::optional<Pli> parsePli(const RtcpPacket& packet);

// Always 12 bytes; returns 0 when the buffer is smaller.
size_t writePli(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc);

}  // namespace vicos::rtcp
