// Throttling of organizer logins (P7): failed attempts counted per account, per source address
// bucket and per pair of both, in memory only (P27: never logged), with a growing wait after the
// free attempts.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "cluster/shared_failures.hpp"

namespace vicos::app {

// Milliseconds on a monotonic clock; replaceable in tests.
using MonotonicMillis = std::function<int64_t()>;
int64_t steadyMillis();

struct ThrottlePolicy {
  unsigned freeFailures = 5;               // failures before any wait
  int64_t firstDelayMs = 1000;             // wait after the first failure past the free ones
  int64_t maxDelayMs = 15 * 60 * 1000;     // the wait doubles up to this
  int64_t forgetAfterMs = 60 * 60 * 1000;  // a key is forgotten this long after its last failure
  size_t maxKeys = 100000;                 // memory bound: beyond it the oldest entries go
};

// Counts failures per opaque key.
class FailureThrottle {
 public:
  explicit FailureThrottle(MonotonicMillis clock = steadyMillis, ThrottlePolicy policy = {});

  // Milliseconds until `key` may try again; 0 when it may try now.
  int64_t waitMs(const std::string& key);
  void recordFailure(const std::string& key);
  void reset(const std::string& key);
  // Several nodes: `failures` counted across the cluster for `key`; the wait follows the larger of
  // it and the local count, as if they had all failed here just now.
  void raiseTo(const std::string& key, unsigned failures);
  size_t size() const { return mEntries.size(); }
  const ThrottlePolicy& policy() const { return mPolicy; }

 private:
  struct Entry {
    unsigned failures = 0;
    int64_t lastFailure = 0;
    int64_t blockedUntil = 0;
  };
  void prune(int64_t now);
  void block(Entry& e, int64_t now) const;

  MonotonicMillis mClock;
  ThrottlePolicy mPolicy;
  std::unordered_map<std::string, Entry> mEntries;
};

// The three counts a login is checked against (docs/security.md "Connections, logins and
// sessions"). Addresses are buckets (http/address_bucket.hpp: IPv4 address, IPv6 /64).
// - per account and address: 5 free failures. Guessing one account from one place.
// - per address: 20, for guessing many accounts from one place; more than 5 so that a staff
//   room behind one NAT address is not slowed down by one colleague's typing errors.
// - per account: 100, for guessing one account from many places. Before, 6 failures from any
//   address made the owner wait everywhere (security audit, issue 12, finding 8); now one
//   address can no longer lock the owner out, and spreading 100 guesses over 20 addresses only
//   buys a wait of seconds that doubles with each further failure.
class LoginThrottle {
 public:
  static constexpr unsigned kFreePerAccountAndAddress = 5;
  static constexpr unsigned kFreePerAddress = 20;
  static constexpr unsigned kFreePerAccount = 100;

  explicit LoginThrottle(MonotonicMillis clock = steadyMillis);

  // Milliseconds until `login` may be tried from `address`; 0 when it may now.
  int64_t waitMs(const std::string& login, const std::string& address);
  void recordFailure(const std::string& login, const std::string& address);
  // A right password clears the account's counts (not the address's: a guesser with an
  // account of their own must not clear their address by logging in).
  void recordSuccess(const std::string& login, const std::string& address);
  // Keys held in memory, for tests of the memory bound and of forgetting.
  [[nodiscard]] size_t size() const;

  // Several nodes (docs/security.md "Several nodes"): each failure is also counted in Redis under
  // keyed hashes; the cluster's count, when it comes back, raises the local one. While Redis is
  // unreachable only the local counts apply (neither open nor closed: each node throttles alone).
  void share(cluster::SharedFailures shared) { mShared = std::move(shared); }

 private:
  void shareFailure(const char* kind, FailureThrottle& throttle, const std::string& key);

  FailureThrottle mPair;
  FailureThrottle mAddress;
  FailureThrottle mAccount;
  cluster::SharedFailures mShared;
  // Answers from Redis arrive later; they touch the throttle only while it still exists.
  std::shared_ptr<bool> mAlive = std::make_shared<bool>(true);
};

}  // namespace vicos::app
