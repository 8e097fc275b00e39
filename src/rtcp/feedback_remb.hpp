// Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb 2.2): PSFB FMT 15 with the
// "REMB" identifier, a bitrate as mantissa × 2^exponent and the SSRCs it applies to.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

struct Remb {
  uint32_t senderSsrc = 0;
  uint8_t exponent = 0;   // 6 bits
  uint32_t mantissa = 0;  // 18 bits
  Bytes ssrcBytes;        // count() × 4 bytes

  // Bits per second, saturated at UINT64_MAX when mantissa × 2^exponent does not fit.
  [[nodiscard]] uint64_t bitrate() const;
  [[nodiscard]] size_t count() const { return ssrcBytes.size() / 4; }
  [[nodiscard]] uint32_t ssrc(size_t index) const {
    return loadBe32(ssrcBytes.data() + 4 * index);
  }
};

std::optional<Remb> parseRemb(const RtcpPacket& packet);

// Encodes `bitrate` with the smallest exponent whose mantissa fits 18 bits (exact for
// bitrates below 2^18, rounded down beyond). Up to 255 SSRCs; returns the bytes written or 0.
size_t writeRemb(MutableBytes out, uint32_t senderSsrc, uint64_t bitrate,
                 std::span<const uint32_t> ssrcs);

}  // namespace vicos::rtcp
