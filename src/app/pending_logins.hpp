// Short-lived second-factor state in memory (P8): logins whose password was right but whose
// second factor is still to come, and enrolments between "start" and "confirm". Bounded and
// expiring; never written to disk or logged (P27). Retention: at most kPendingLifetimeMs after
// the password, and gone at once when the step succeeds, fails too often or the server stops.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/login_throttle.hpp"

namespace vicos::app {

constexpr int64_t kPendingLifetimeMs = 5 * 60 * 1000;
constexpr size_t kPendingMaxEntries = 10000;
// Wrong second factors on one pending login before it is dropped and the password is due again.
constexpr unsigned kPendingMaxFailures = 5;

struct PendingLogin {
  std::string login;
  bool mustEnrol = false;                 // login.require_second_factor and no factor yet
  std::vector<uint8_t> passkeyChallenge;  // for navigator.credentials.get()
  unsigned failures = 0;
};

struct Enrolment {
  std::vector<uint8_t> totpSecret;        // shown once, stored only when a code confirms it
  std::vector<uint8_t> passkeyChallenge;  // for navigator.credentials.create()
};

// Entries by key, each forgotten kPendingLifetimeMs after it was made; when full, a new entry
// is refused (never an old one evicted, which would let one person cancel another's login).
template <typename T>
class ExpiringMap {
 public:
  explicit ExpiringMap(MonotonicMillis clock) : mClock(std::move(clock)) {}

  bool insert(const std::string& key, T value) {
    prune();
    if (mEntries.size() >= kPendingMaxEntries && !mEntries.contains(key)) return false;
    mEntries.insert_or_assign(key, Entry{std::move(value), mClock() + kPendingLifetimeMs});
    return true;
  }
  T* find(const std::string& key) {
    const auto it = mEntries.find(key);
    if (it == mEntries.end()) return nullptr;
    if (it->second.expiresAt <= mClock()) {
      mEntries.erase(it);
      return nullptr;
    }
    return &it->second.value;
  }
  void erase(const std::string& key) { mEntries.erase(key); }
  [[nodiscard]] size_t size() const { return mEntries.size(); }

 private:
  struct Entry {
    T value;
    int64_t expiresAt = 0;
  };
  void prune() {
    const int64_t now = mClock();
    std::erase_if(mEntries, [now](const auto& e) { return e.second.expiresAt <= now; });
  }

  MonotonicMillis mClock;
  std::unordered_map<std::string, Entry> mEntries;
};

// 32 random bytes in hex: the handle of a pending login that the browser sends back; empty
// when the random generator fails.
std::string newPendingToken();
// n random bytes for WebAuthn challenges and TOTP keys (W3C WebAuthn Level 2 section 13.4.3:
// at least 16); empty when the random generator fails.
std::vector<uint8_t> randomBytes(size_t n);

}  // namespace vicos::app
