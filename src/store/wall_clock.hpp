// Wall-clock time in Unix seconds, injected into everything that stores or expires data so
// that tests control it.
#pragma once

#include <chrono>
#include <ctime>
#include <string>
#include <cstdint>
#include <functional>

namespace vicos::store {

using UnixSeconds = int64_t;
using WallClock = std::function<UnixSeconds()>;

constexpr UnixSeconds kSecondsPerDay = 86400;

inline UnixSeconds systemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ISO 8601 in UTC, e.g. "2024-05-10T12:00:00Z".
inline std::string formatUtc(UnixSeconds t) {
  const time_t seconds = static_cast<time_t>(t);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace vicos::store
