// Failure counts shared by all nodes (login and PIN throttles): INCR on a keyed hash with a TTL
// renewed at each failure, so a guesser who spreads attempts over nodes is counted once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cluster/keyed_hash.hpp"
#include "cluster/redis_link.hpp"

namespace vicos::cluster {

class SharedCounter {
 public:
  SharedCounter(RedisLink& link, KeyedHash hash) : mLink(link), mHash(std::move(hash)) {}

  // Adds one to `kind`/`key` and renews its TTL; `done` gets the cluster-wide count, or nothing
  // while Redis is unreachable (the caller keeps its local count, docs/security.md "Several nodes").
  void increment(const std::string& kind, const std::string& key, std::chrono::milliseconds ttl,
                 std::function<void(std::optional<uint64_t>)> done);
  // The count now (0 when none); nothing while unreachable.
  void read(const std::string& kind, const std::string& key,
            std::function<void(std::optional<uint64_t>)> done);
  void reset(const std::string& kind, const std::string& key);

  std::string counterKey(const std::string& kind, const std::string& key) const {
    return "vicos:count:" + kind + ":" + mHash(kind, key);
  }

 private:
  RedisLink& mLink;
  KeyedHash mHash;
};

}  // namespace vicos::cluster
