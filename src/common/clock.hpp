// Monotonic time in microseconds, and the NTP wall-clock format RTCP uses (RFC 3550 4).
#pragma once

#include <chrono>
#include <cstdint>

namespace vicos {

using Micros = int64_t;

inline Micros nowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32).
inline uint64_t ntpNow() {
  constexpr uint64_t kUnixToNtp = 2208988800ull;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const uint64_t secs = static_cast<uint64_t>(us / 1000000) + kUnixToNtp;
  const uint64_t frac = (static_cast<uint64_t>(us % 1000000) << 32) / 1000000;
  return (secs << 32) | frac;
}

}  // namespace vicos
