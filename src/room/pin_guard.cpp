// PIN attempts: constant-time comparison and the growing waits after wrong ones.
#include "room/pin_guard.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

namespace vicos::room {

bool pinMatches(std::string_view given, std::string_view pin) {
  // Compare fixed-size buffers so that neither the position of the first difference nor the
  // attempt's length changes the time taken; the lengths are compared separately.
  std::array<unsigned char, 64> a{};
  std::array<unsigned char, 64> b{};
  if (given.size() > a.size() || pin.size() > b.size() || pin.empty()) return false;
  std::copy(given.begin(), given.end(), a.begin());
  std::copy(pin.begin(), pin.end(), b.begin());
  const bool same = CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
  return same && given.size() == pin.size();
}

void PinGuard::fail(Count& count, const PinThrottlePolicy& policy, int64_t nowMs) {
  ++count.failures;
  count.lastFailure = nowMs;
  if (count.failures <= policy.freeFailures) return;
  const unsigned doublings = std::min(count.failures - policy.freeFailures - 1, 30u);
  const int64_t delay = std::min(policy.maxDelayMs, policy.firstDelayMs << doublings);
  count.blockedUntil = nowMs + delay;
}

int64_t PinGuard::waitMs(const std::string& who, int64_t nowMs) const {
  int64_t wait = std::max<int64_t>(0, mRoom.blockedUntil - nowMs);
  if (auto it = mConnections.find(who); it != mConnections.end())
    wait = std::max(wait, it->second.blockedUntil - nowMs);
  return wait;
}

PinGuard::Outcome PinGuard::attempt(const std::string& who, std::string_view given, std::string_view pin,
                                    int64_t nowMs) {
  if (mRoom.failures > 0 && nowMs - mRoom.lastFailure > kRoomForgetMs) mRoom = Count{};
  if (waitMs(who, nowMs) > 0) return Outcome::Throttled;
  if (pinMatches(given, pin)) {
    mConnections.erase(who);
    return Outcome::Right;
  }
  fail(mConnections[who], kPerConnection, nowMs);
  fail(mRoom, kPerRoom, nowMs);
  if (mShared)
    mShared.add("pin-room", mRoomName, kRoomForgetMs,
                [this, alive = std::weak_ptr<bool>(mAlive), nowMs](uint64_t n) {
                  if (alive.expired() || n <= mRoom.failures) return;
                  // The cluster's count as if the other nodes' failures had all happened here, now.
                  mRoom.failures = static_cast<unsigned>(std::min<uint64_t>(n, 1u << 30)) - 1;
                  fail(mRoom, kPerRoom, std::max(nowMs, mRoom.lastFailure));
                });
  return Outcome::Wrong;
}

void PinGuard::share(cluster::SharedFailures shared, std::string roomName) {
  mShared = std::move(shared);
  mRoomName = std::move(roomName);
}

void PinGuard::reset() {
  mConnections.clear();
  mRoom = Count{};
  if (mShared) mShared.clear("pin-room", mRoomName);
}

}  // namespace vicos::room
