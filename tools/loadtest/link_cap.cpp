// An emulated bottleneck: each packet leaves after those before it, at the link's rate.
#include "loadtest/link_cap.hpp"

#include <algorithm>

namespace vicos::loadtest {

std::optional<Micros> LinkCap::admit(size_t wireBytes, Micros now) {
  const Micros start = std::max(now, mFreeAt);
  if (start - now > mMaxQueue) {
    ++mDropped;
    return std::nullopt;
  }
  const auto sending = static_cast<Micros>(static_cast<uint64_t>(wireBytes) * 8 * 1'000'000 / mBps);
  mFreeAt = start + std::max<Micros>(sending, 1);
  return mFreeAt;
}

}  // namespace vicos::loadtest
