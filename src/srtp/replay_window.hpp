// Per-stream packet index bookkeeping: RTP index estimation from the rollover counter
// (RFC 3711 3.3.1, Appendix A) and a 128-packet sliding replay window (RFC 3711 3.3.2).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vicos::srtp {

// RFC 3711 Appendix A: the 48-bit index i = 2^16 * v + SEQ of a received sequence number,
// guessing v from the highest index seen so far (ROC || s_l). -1 when the guess falls
// before index 0 (a packet from "before" the first one, or garbage).
inline int64_t estimateRtpIndex(uint64_t highest, uint16_t seq) {
  const auto roc = static_cast<int64_t>(highest >> 16);
  const auto last = static_cast<uint16_t>(highest);
  int64_t v = roc;
  if (last < 0x8000) {
    if (seq > last && seq - last > 0x8000) v = roc - 1;
  } else if (last - 0x8000 > seq) {
    v = roc + 1;
  }
  if (v < 0 || v > 0xffffffffll) return -1;
  return v * 0x10000 + seq;
}

class ReplayWindow {
 public:
  static constexpr uint64_t kSize = 128;

  [[nodiscard]] bool started() const { return mStarted; }
  [[nodiscard]] uint64_t highest() const { return mHighest; }

  // True when index has not been seen and is not older than the window.
  [[nodiscard]] bool check(uint64_t index) const {
    if (!mStarted || index > mHighest) return true;
    const uint64_t age = mHighest - index;
    if (age >= kSize) return false;
    return !bit(age);
  }

  // Records an authenticated index; call only after check() said true.
  void accept(uint64_t index) {
    if (!mStarted) {
      mStarted = true;
      mHighest = index;
      mBits[0] = 1;
      mBits[1] = 0;
      return;
    }
    if (index > mHighest) {
      shift(index - mHighest);
      mHighest = index;
      mBits[0] |= 1;
      return;
    }
    const uint64_t age = mHighest - index;
    mBits[age / 64] |= uint64_t{1} << (age % 64);
  }

 private:
  [[nodiscard]] bool bit(uint64_t age) const { return (mBits[age / 64] >> (age % 64)) & 1; }

  // Bit k stands for index highest - k; moving highest up by n shifts the bits up by n.
  void shift(uint64_t n) {
    if (n >= kSize) {
      mBits[0] = mBits[1] = 0;
    } else if (n >= 64) {
      mBits[1] = mBits[0] << (n - 64);
      mBits[0] = 0;
    } else if (n > 0) {
      mBits[1] = (mBits[1] << n) | (mBits[0] >> (64 - n));
      mBits[0] <<= n;
    }
  }

  bool mStarted = false;
  uint64_t mHighest = 0;
  uint64_t mBits[2] = {0, 0};
};

}  // namespace vicos::srtp
