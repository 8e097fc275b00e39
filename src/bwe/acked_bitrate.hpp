// The rate at which the receiver got our packets: bytes reported received over a sliding
// window of arrival time, the "measured" rate that AIMD decreases to (draft-ietf-rmcat-gcc-02 5.5).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "common/clock.hpp"

namespace vicos::bwe {

class AckedBitrate {
 public:
  static constexpr Micros kBucket = 10'000;
  static constexpr size_t kBuckets = 50;       // a 500 ms window
  static constexpr Micros kMinSpan = 100'000;  // no rate before 100 ms of arrivals

  // A received packet; arrivals more than a window older than the newest are ignored.
  void onPacket(Micros arrival, uint32_t size);
  // Bits per second over the window ending at the newest arrival.
  [[nodiscard]] std::optional<uint64_t> rate() const;

 private:
  std::array<uint64_t, kBuckets> mBytes{};
  uint64_t mTotal = 0;
  bool mStarted = false;
  int64_t mFirst = 0;  // bucket index of the first arrival
  int64_t mHead = 0;   // bucket index of the newest arrival
};

}  // namespace vicos::bwe
