// An emulated bottleneck on a participant's downlink: a rate and a short tail-drop queue, like a home router's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/clock.hpp"

namespace vicos::loadtest {

class LinkCap {
 public:
  // `bps`: the link's rate; `maxQueue`: how long a packet may wait before it is dropped.
  explicit LinkCap(uint64_t bps, Micros maxQueue = 100'000) : mBps(bps), mMaxQueue(maxQueue) {}

  // A packet of `wireBytes` (IP and UDP headers included) reaches the link at `now`: when it
  // leaves it (its arrival at the receiver), or nothing when the queue is full and it is lost.
  std::optional<Micros> admit(size_t wireBytes, Micros now);

  [[nodiscard]] uint64_t dropped() const { return mDropped; }

 private:
  uint64_t mBps;
  Micros mMaxQueue;
  Micros mFreeAt = 0;  // when the link has sent everything queued so far
  uint64_t mDropped = 0;
};

}  // namespace vicos::loadtest
