// RTCP BYE (RFC 3550 6.6): the sources leaving and an optional reason.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp {

struct Bye {
  Bytes ssrcBytes;  // count × 4 bytes
  std::string_view reason;

  [[nodiscard]] size_t count() const { return ssrcBytes.size() / 4; }
  [[nodiscard]] uint32_t ssrc(size_t index) const {
    return loadBe32(ssrcBytes.data() + 4 * index);
  }
};

std::optional<Bye> parseBye(const RtcpPacket& packet);

// Up to 31 SSRCs and a reason of at most 255 bytes; returns the bytes written or 0.
size_t writeBye(MutableBytes out, std::span<const uint32_t> ssrcs, std::string_view reason = {});

}  // namespace vicos::rtcp
