// Recently received RTP packets of one video stream, kept for answering NACKs (RFC 4585 6.2.1).
// Slots are allocated once; storing and finding a packet allocates nothing.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::sfu {

class RtpCache {
 public:
  // 512 packets hold about one second of 4 Mbit/s video in 1,200-byte packets.
  static constexpr size_t kSlots = 512;
  static constexpr size_t kSlotSize = 1500;

  RtpCache() : mSlots(std::make_unique<Slot[]>(kSlots)) {}

  void store(uint16_t sequence, Bytes packet) {
    if (packet.size() > kSlotSize) return;
    Slot& slot = mSlots[sequence % kSlots];
    slot.sequence = sequence;
    slot.size = static_cast<uint16_t>(packet.size());
    std::memcpy(slot.data.data(), packet.data(), packet.size());
  }

  // The packet with this sequence number, if it is still held.
  std::optional<Bytes> find(uint16_t sequence) const {
    const Slot& slot = mSlots[sequence % kSlots];
    if (slot.size == 0 || slot.sequence != sequence) return std::nullopt;
    return Bytes(slot.data.data(), slot.size);
  }

 private:
  struct Slot {
    uint16_t sequence = 0;
    uint16_t size = 0;
    std::array<uint8_t, kSlotSize> data;
  };
  std::unique_ptr<Slot[]> mSlots;
};

}  // namespace vicos::sfu
