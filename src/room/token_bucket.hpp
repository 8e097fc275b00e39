// A token bucket (burst, then one token per interval) that rate-limits one participant's messages.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace vicos::room {

class TokenBucket {
 public:
  // Full at first: `burst` messages pass at once, then one per `intervalMs`.
  TokenBucket(int64_t burst, int64_t intervalMs)
      : mCapacity(burst * intervalMs), mIntervalMs(intervalMs), mLevel(mCapacity) {}

  // Takes a token at monotonic time `nowMs` if one is there; false (nothing taken) otherwise.
  bool take(int64_t nowMs) {
    // The level counts milliseconds of refill, so that integer time refills exactly. A clock
    // that steps back refills nothing and does not move the reference back.
    if (!mLast || nowMs > *mLast) {
      if (mLast) mLevel = std::min(mCapacity, mLevel + (nowMs - *mLast));
      mLast = nowMs;
    }
    if (mLevel < mIntervalMs) return false;
    mLevel -= mIntervalMs;
    return true;
  }

 private:
  int64_t mCapacity;
  int64_t mIntervalMs;
  int64_t mLevel;
  std::optional<int64_t> mLast;
};

}  // namespace vicos::room
