// The bit rate of a stream as it arrives: bytes counted over half-second windows, smoothed.
#pragma once

#include <cstdint>

#include "common/clock.hpp"

namespace vicos::sfu {

class BitrateMeter {
 public:
  static constexpr Micros kWindow = 500'000;

  void onBytes(size_t bytes, Micros now) {
    if (mWindowStart < 0) mWindowStart = now;
    if (const Micros elapsed = now - mWindowStart; elapsed >= kWindow) {
      const auto measured = static_cast<uint64_t>(static_cast<double>(mBytes) * 8e6 / static_cast<double>(elapsed));
      // A new stream starts at its first measurement; after that each window weighs one third, so
      // that a keyframe's burst does not decide alone.
      mBps = mHaveRate ? (2 * mBps + measured) / 3 : measured;
      mHaveRate = true;
      mBytes = 0;
      mWindowStart = now;
    }
    mBytes += bytes;
    mLast = now;
  }

  // Bits per second; 0 before the first window closed or after two windows without a packet.
  uint64_t bps(Micros now) const { return mHaveRate && now - mLast < 2 * kWindow ? mBps : 0; }

  void reset() { *this = BitrateMeter{}; }

 private:
  Micros mWindowStart = -1;
  Micros mLast = 0;
  uint64_t mBytes = 0;
  uint64_t mBps = 0;
  bool mHaveRate = false;
};

}  // namespace vicos::sfu
