// Wrap-around arithmetic for 16-bit RTP sequence numbers and 32-bit timestamps (RFC 3550 A.1).
#pragma once

#include <cstdint>

namespace vicos {

// True when a comes after b in a 16-bit space with wrap-around.
inline bool seqNewer(uint16_t a, uint16_t b) {
  return a != b && static_cast<uint16_t>(a - b) < 0x8000;
}

inline bool tsNewer(uint32_t a, uint32_t b) {
  return a != b && static_cast<uint32_t>(a - b) < 0x80000000u;
}

// Extends 16-bit sequence numbers to 64 bits by counting cycles (RFC 3550 A.1).
class SeqUnwrapper {
 public:
  int64_t unwrap(uint16_t seq) {
    if (!mStarted) {
      mStarted = true;
      mLast = seq;
      return mLastExt = seq;
    }
    const auto delta = static_cast<int16_t>(static_cast<uint16_t>(seq - mLast));
    int64_t ext = mLastExt + delta;
    if (delta > 0) {
      mLast = seq;
      mLastExt = ext;
    }
    return ext;
  }

 private:
  bool mStarted = false;
  uint16_t mLast = 0;
  int64_t mLastExt = 0;
};

}  // namespace vicos
