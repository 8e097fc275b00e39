// RTCP generic NACK (RFC 4585 6.2.1): lost RTP sequence numbers as PID + bitmask pairs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

struct NackItem {
  uint16_t pid = 0;  // a lost packet
  uint16_t blp = 0;  // bit i set: pid + i + 1 is lost too
};

struct Nack {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  Bytes fci;  // itemCount() × 4 bytes, at least one item

  [[nodiscard]] size_t itemCount() const { return fci.size() / 4; }
  [[nodiscard]] NackItem item(size_t index) const {
    const uint8_t* p = fci.data() + 4 * index;
    return {loadBe16(p), loadBe16(p + 2)};
  }
  // Calls f(seq) for every lost sequence number, in packet order.
  template <typename F>
  void forEachLost(F&& f) const {
    for (size_t i = 0; i < itemCount(); ++i) {
      const NackItem it = item(i);
      f(it.pid);
      for (unsigned bit = 0; bit < 16; ++bit) {
        if ((it.blp >> bit) & 1u) f(static_cast<uint16_t>(it.pid + bit + 1));
      }
    }
  }
};

std::optional<Nack> parseNack(const RtcpPacket& packet);

// Packs `lost` into FCIs: as few as possible when the sequence numbers come in ascending
// (wrap-around) order, as a NACK generator lists them; any order is still correct.
// Returns the bytes written, 0 when `lost` is empty or the buffer is too small.
size_t writeNack(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc,
                 std::span<const uint16_t> lost);

}  // namespace vicos::rtcp
