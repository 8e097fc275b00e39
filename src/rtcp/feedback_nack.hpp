// RTCP generic NACK (RFC 4585 6.2.1): lost RTP sequence numbers as PID + bitmask pairs.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
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
  // Sequence numbers the packet lists, repeats included: up to 17 per item.
  [[nodiscard]] size_t lostCount() const {
    size_t n = 0;
    for (size_t i = 0; i < itemCount(); ++i) n += 1 + static_cast<size_t>(std::popcount(item(i).blp));
    return n;
  }
  // Calls f(seq) for the lost sequence numbers in packet order, repeats included, and stops
  // after `limit` of them; returns how many it passed to f.
  template <typename F>
  size_t forEachLost(F&& f, size_t limit = std::numeric_limits<size_t>::max()) const {
    size_t n = 0;
    for (size_t i = 0; i < itemCount() && n < limit; ++i) {
      const NackItem it = item(i);
      f(it.pid);
      ++n;
      for (unsigned bit = 0; bit < 16 && n < limit; ++bit) {
        if ((it.blp >> bit) & 1u) {
          f(static_cast<uint16_t>(it.pid + bit + 1));
          ++n;
        }
      }
    }
    return n;
  }
};

std::optional<Nack> parseNack(const RtcpPacket& packet);

// Packs `lost` into FCIs: as few as possible when the sequence numbers come in ascending
// (wrap-around) order, as a NACK generator lists them; any order is still correct.
// Returns the bytes written, 0 when `lost` is empty or the buffer is too small.
size_t writeNack(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc,
                 std::span<const uint16_t> lost);
// Writes `items` as given, repeats and all (abuse tests and the load tool's attack mode).
// Returns the bytes written, 0 when `items` is empty or the buffer is too small.
size_t writeNackItems(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc,
                      std::span<const NackItem> items);

}  // namespace vicos::rtcp
