// A single-producer single-consumer ring of RTP packets from one media worker to another, for
// a room whose participants are spread over several workers: the publisher's worker copies
// each decrypted packet in, the subscriber's worker forwards it from there. Slots are
// allocated once; pushing and popping take no lock and allocate nothing.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"

namespace vicos::sfu {

class RelayRing {
 public:
  // 1,024 packets: a third of a second of 30 Mbit/s; a full ring drops (and counts) packets.
  static constexpr size_t kSlots = 1024;
  static constexpr size_t kSlotSize = 1500;

  struct Packet {
    uint32_t relayId = 0;  // names the mirror producer on the receiving worker
    uint8_t encoding = 0;  // the producer's encoding (simulcast layer) it belongs to
    Micros arrival = 0;    // when the publisher's worker received it
    uint16_t size = 0;
    std::array<uint8_t, kSlotSize> data;
  };

  RelayRing() : mSlots(std::make_unique<Packet[]>(kSlots)) {}

  // Publisher's worker only. False when the ring is full or the packet too large.
  bool push(uint32_t relayId, uint8_t encoding, Bytes packet, Micros arrival) {
    if (packet.size() > kSlotSize) return false;
    const uint64_t head = mHead.load(std::memory_order_relaxed);
    if (head - mTail.load(std::memory_order_acquire) == kSlots) return false;
    Packet& slot = mSlots[head % kSlots];
    slot.relayId = relayId;
    slot.encoding = encoding;
    slot.arrival = arrival;
    slot.size = static_cast<uint16_t>(packet.size());
    std::memcpy(slot.data.data(), packet.data(), packet.size());
    mHead.store(head + 1, std::memory_order_release);
    return true;
  }

  // Subscriber's worker only: the oldest packet, valid until pop(); nullptr when empty.
  Packet* front() {
    const uint64_t tail = mTail.load(std::memory_order_relaxed);
    if (tail == mHead.load(std::memory_order_acquire)) return nullptr;
    return &mSlots[tail % kSlots];
  }
  void pop() { mTail.store(mTail.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

  // Set by the publisher's worker when it pushed since the subscriber's worker last drained:
  // the subscriber's worker is woken once per batch, not per packet.
  bool markPending() { return !mPending.exchange(true, std::memory_order_acq_rel); }
  // An exchange, not a store: it synchronises with the publisher's markPending, so the
  // packets pushed before it are visible to the drain that follows.
  void clearPending() { mPending.exchange(false, std::memory_order_acq_rel); }

 private:
  std::unique_ptr<Packet[]> mSlots;
  // Head and tail on their own cache lines, so the two threads do not share one.
  alignas(64) std::atomic<uint64_t> mHead{0};
  alignas(64) std::atomic<uint64_t> mTail{0};
  alignas(64) std::atomic<bool> mPending{false};
};

}  // namespace vicos::sfu
