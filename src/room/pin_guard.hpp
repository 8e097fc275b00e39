// The meeting PIN's guard (P11): checks attempts in constant time and throttles wrong ones with
// a growing wait per connection and per room, in memory only (the PIN is never logged).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "cluster/shared_failures.hpp"

namespace vicos::room {

struct PinThrottlePolicy {
  unsigned freeFailures = 3;       // wrong attempts before any wait
  int64_t firstDelayMs = 1000;     // the first wait; it doubles with each further wrong attempt
  int64_t maxDelayMs = 60 * 1000;  // up to this
};

class PinGuard {
 public:
  // Per connection few free attempts; per room more (many people may mistype), but a guesser
  // opening connection after connection still slows down for the whole room.
  static constexpr PinThrottlePolicy kPerConnection{3, 1000, 60 * 1000};
  static constexpr PinThrottlePolicy kPerRoom{10, 1000, 5 * 60 * 1000};
  // A room's count is forgotten this long after its last wrong attempt.
  static constexpr int64_t kRoomForgetMs = 60 * 60 * 1000;

  enum class Outcome { Right, Wrong, Throttled };

  // `who` is the connection (the waiting participant's id), `nowMs` a monotonic time.
  // Throttled attempts are not compared at all and do not count.
  Outcome attempt(const std::string& who, std::string_view given, std::string_view pin, int64_t nowMs);
  // Milliseconds until `who` may try again (the longer of its own and the room's wait).
  int64_t waitMs(const std::string& who, int64_t nowMs) const;
  // The connection was admitted or left.
  void forget(const std::string& who) { mConnections.erase(who); }
  // A new PIN: earlier wrong attempts were against another secret.
  void reset();
  size_t trackedConnections() const { return mConnections.size(); }
  // Several nodes: the room's wrong attempts also count in Redis under a keyed hash of `roomName`
  // (docs/security.md "Several nodes"), so a guesser who tries one room through many nodes slows
  // down everywhere; without Redis the local count stands.
  void share(cluster::SharedFailures shared, std::string roomName);

 private:
  struct Count {
    unsigned failures = 0;
    int64_t lastFailure = 0;
    int64_t blockedUntil = 0;
  };
  static void fail(Count& count, const PinThrottlePolicy& policy, int64_t nowMs);

  std::map<std::string, Count> mConnections;
  Count mRoom;
  cluster::SharedFailures mShared;
  std::string mRoomName;                                        // the shared count's key; never logged
  std::shared_ptr<bool> mAlive = std::make_shared<bool>(true);  // late answers from Redis
};

// Constant-time comparison of a PIN attempt (CRYPTO_memcmp), whatever its length.
bool pinMatches(std::string_view given, std::string_view pin);

}  // namespace vicos::room
