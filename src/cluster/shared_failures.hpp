// The seam through which a throttle shares its failure counts with the other nodes: two
// callbacks, empty on a single node. cluster/shared_counter.hpp provides them over Redis.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cluster/shared_counter.hpp"

namespace vicos::cluster {

struct SharedFailures {
  // Adds one failure of `kind`/`key` cluster-wide; `count` runs on the caller's thread with the
  // cluster's count, or never while Redis is unreachable (the local count stands).
  std::function<void(const std::string& kind, const std::string& key, int64_t ttlMs,
                     std::function<void(uint64_t)> count)>
      add;
  std::function<void(const std::string& kind, const std::string& key)> clear;
  explicit operator bool() const { return static_cast<bool>(add); }
};

inline SharedFailures shareThrough(SharedCounter& counter) {
  return {[&counter](const std::string& kind, const std::string& key, int64_t ttlMs,
                     std::function<void(uint64_t)> count) {
            counter.increment(kind, key, std::chrono::milliseconds(ttlMs),
                              [count = std::move(count)](std::optional<uint64_t> n) {
                                if (n) count(*n);
                              });
          },
          [&counter](const std::string& kind, const std::string& key) { counter.reset(kind, key); }};
}

}  // namespace vicos::cluster
