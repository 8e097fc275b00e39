// Exponential back-off per key: after `freeFailures` failures each further failure blocks the
// key for firstDelay * 2^(n-1), capped at maxDelay.
#include "app/login_throttle.hpp"

#include <algorithm>
#include <chrono>

namespace vicos::app {

int64_t steadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

FailureThrottle::FailureThrottle(MonotonicMillis clock, ThrottlePolicy policy)
    : mClock(std::move(clock)), mPolicy(policy) {}

int64_t FailureThrottle::waitMs(const std::string& key) {
  const int64_t now = mClock();
  auto it = mEntries.find(key);
  if (it == mEntries.end()) return 0;
  if (now - it->second.lastFailure >= mPolicy.forgetAfterMs) {
    mEntries.erase(it);
    return 0;
  }
  return std::max<int64_t>(0, it->second.blockedUntil - now);
}

void FailureThrottle::recordFailure(const std::string& key) {
  const int64_t now = mClock();
  if (!mEntries.contains(key) && mEntries.size() >= mPolicy.maxKeys) prune(now);
  Entry& e = mEntries[key];
  if (e.failures > 0 && now - e.lastFailure >= mPolicy.forgetAfterMs) e = Entry{};
  ++e.failures;
  e.lastFailure = now;
  block(e, now);
}

void FailureThrottle::block(Entry& e, int64_t now) const {
  if (e.failures > mPolicy.freeFailures) {
    const unsigned doublings = std::min(e.failures - mPolicy.freeFailures - 1, 30u);
    const int64_t delay = std::min(mPolicy.firstDelayMs << doublings, mPolicy.maxDelayMs);
    e.blockedUntil = now + delay;
  }
}

void FailureThrottle::raiseTo(const std::string& key, unsigned failures) {
  const int64_t now = mClock();
  auto it = mEntries.find(key);
  if (it != mEntries.end() && it->second.failures >= failures) return;
  if (it == mEntries.end() && mEntries.size() >= mPolicy.maxKeys) prune(now);
  Entry& e = mEntries[key];
  e.failures = failures;
  e.lastFailure = now;
  block(e, now);
}

void FailureThrottle::reset(const std::string& key) { mEntries.erase(key); }

void FailureThrottle::prune(int64_t now) {
  std::erase_if(mEntries,
                [&](const auto& kv) { return now - kv.second.lastFailure >= mPolicy.forgetAfterMs; });
  // Still full: drop the entry whose last failure is oldest, so memory stays bounded.
  if (mEntries.size() >= mPolicy.maxKeys) {
    auto oldest = std::min_element(mEntries.begin(), mEntries.end(), [](const auto& a, const auto& b) {
      return a.second.lastFailure < b.second.lastFailure;
    });
    mEntries.erase(oldest);
  }
}

namespace {

ThrottlePolicy withFreeFailures(unsigned free) {
  ThrottlePolicy policy;
  policy.freeFailures = free;
  return policy;
}

// An address bucket holds no newline, so a key splits back into its pair at its last one: no
// login name can be made up to share another pair's key.
std::string pairKey(const std::string& login, const std::string& address) { return login + "\n" + address; }

}  // namespace

LoginThrottle::LoginThrottle(MonotonicMillis clock)
    : mPair(clock, withFreeFailures(kFreePerAccountAndAddress)),
      mAddress(clock, withFreeFailures(kFreePerAddress)),
      mAccount(std::move(clock), withFreeFailures(kFreePerAccount)) {}

int64_t LoginThrottle::waitMs(const std::string& login, const std::string& address) {
  return std::max({mPair.waitMs(pairKey(login, address)), mAddress.waitMs(address), mAccount.waitMs(login)});
}

void LoginThrottle::recordFailure(const std::string& login, const std::string& address) {
  mPair.recordFailure(pairKey(login, address));
  mAddress.recordFailure(address);
  mAccount.recordFailure(login);
  shareFailure("login-pair", mPair, pairKey(login, address));
  shareFailure("login-address", mAddress, address);
  shareFailure("login-account", mAccount, login);
}

void LoginThrottle::shareFailure(const char* kind, FailureThrottle& throttle, const std::string& key) {
  if (!mShared) return;
  // Redis forgets a count as the local throttle does: forgetAfterMs after its last failure.
  mShared.add(kind, key, throttle.policy().forgetAfterMs,
              [alive = std::weak_ptr<bool>(mAlive), &throttle, key](uint64_t count) {
                if (alive.expired()) return;
                throttle.raiseTo(key, static_cast<unsigned>(std::min<uint64_t>(count, 1u << 30)));
              });
}

void LoginThrottle::recordSuccess(const std::string& login, const std::string& address) {
  mPair.reset(pairKey(login, address));
  mAccount.reset(login);
  if (mShared) {
    mShared.clear("login-pair", pairKey(login, address));
    mShared.clear("login-account", login);
  }
}

size_t LoginThrottle::size() const { return mPair.size() + mAddress.size() + mAccount.size(); }

}  // namespace vicos::app
