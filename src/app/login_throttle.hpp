// Throttling of organizer logins (P7): failed attempts counted per account and per source
// address, in memory only (P27: never logged), with a growing wait after the free attempts.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace vicos::app {

// Milliseconds on a monotonic clock; replaceable in tests.
using MonotonicMillis = std::function<int64_t()>;
int64_t steadyMillis();

struct ThrottlePolicy {
  unsigned freeFailures = 5;             // failures before any wait
  int64_t firstDelayMs = 1000;           // wait after the first failure past the free ones
  int64_t maxDelayMs = 15 * 60 * 1000;   // the wait doubles up to this
  int64_t forgetAfterMs = 60 * 60 * 1000;  // a key is forgotten this long after its last failure
  size_t maxKeys = 100000;               // memory bound: beyond it the oldest entries go
};

// Keys are opaque strings: the caller passes "account:<login>" and "address:<ip>".
class FailureThrottle {
 public:
  explicit FailureThrottle(MonotonicMillis clock = steadyMillis, ThrottlePolicy policy = {});

  // Milliseconds until `key` may try again; 0 when it may try now.
  int64_t waitMs(const std::string& key);
  void recordFailure(const std::string& key);
  void reset(const std::string& key);
  size_t size() const { return mEntries.size(); }

 private:
  struct Entry {
    unsigned failures = 0;
    int64_t lastFailure = 0;
    int64_t blockedUntil = 0;
  };
  void prune(int64_t now);

  MonotonicMillis mClock;
  ThrottlePolicy mPolicy;
  std::unordered_map<std::string, Entry> mEntries;
};

}  // namespace vicos::app
