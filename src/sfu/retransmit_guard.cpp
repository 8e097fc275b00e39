// The retransmission guard's repeat table and token bucket.
#include "sfu/retransmit_guard.hpp"

#include <algorithm>

namespace vicos::sfu {
namespace {

constexpr Micros kMicrosPerFloorByte = 1'000'000 / RetransmitGuard::kFloorBytesPerSecond;
static_assert(1'000'000 % RetransmitGuard::kFloorBytesPerSecond == 0);

// Milliseconds modulo 65,536, never 0 (0 marks an empty entry).
uint16_t stamp(Micros now) {
  const auto ms = static_cast<uint16_t>(now / 1000);
  return ms == 0 ? 1 : ms;
}

}  // namespace

bool RetransmitGuard::recentlyResent(uint16_t sequence, Micros now) const {
  if (!mResent) return false;
  const uint32_t entry = mResent[sequence % RtpCache::kSlots];
  const auto at = static_cast<uint16_t>(entry & 0xffff);
  if (at == 0 || (entry >> 16) != sequence) return false;
  return static_cast<uint16_t>(stamp(now) - at) < kRepeatInterval / 1000;
}

void RetransmitGuard::onResent(uint16_t sequence, Micros now) {
  if (!mResent) mResent = std::make_unique<uint32_t[]>(RtpCache::kSlots);  // zero: never resent
  mResent[sequence % RtpCache::kSlots] = (static_cast<uint32_t>(sequence) << 16) | stamp(now);
}

bool RetransmitGuard::trySpend(size_t bytes, Micros now) {
  refill(now);
  if (mTokens < static_cast<int64_t>(bytes)) return false;
  mTokens -= static_cast<int64_t>(bytes);
  return true;
}

// The floor accrues whole bytes only, keeping the remainder of the time for the next call, so
// that frequent calls do not round it away.
void RetransmitGuard::refill(Micros now) {
  if (!mStarted || mTokens >= kBurstBytes) {
    mStarted = true;
    mRefilled = now;
    return;
  }
  const Micros elapsed = now - mRefilled;
  if (elapsed <= 0) return;
  const int64_t gained = elapsed / kMicrosPerFloorByte;
  mTokens = std::min(kBurstBytes, mTokens + gained);
  mRefilled += gained * kMicrosPerFloorByte;
}

}  // namespace vicos::sfu
