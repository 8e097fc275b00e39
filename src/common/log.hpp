// Process-wide logger: levelled lines on stderr or in daily files. No line holds an IP address, a
// login, a display name or a room name (P27); tests/unit/log_privacy.test.mjs scans every call.
#pragma once

#include <cstdarg>
#include <cstdint>
#include <string>

namespace vicos::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

void setLevel(Level level);
bool enabled(Level level);

// printf-style; `component` is a short tag such as "ice" or "http".
void write(Level level, const char* component, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Sends lines to daily files DIR/vicos-YYYY-MM-DD.log (UTC day, mode 0600) instead of stderr,
// so that the retention job can delete whole days (P27). Creates DIR (mode 0700) if needed.
// An empty DIR goes back to stderr. Returns false and sets `error` if DIR cannot be created.
bool setLogDirectory(const std::string& dir, std::string& error);

// "vicos-YYYY-MM-DD.log" for the UTC day of `unixSeconds`.
std::string logFileName(int64_t unixSeconds);

}  // namespace vicos::log

#define VICOS_LOG(level, component, ...)                                         \
  do {                                                                            \
    if (::vicos::log::enabled(level)) ::vicos::log::write(level, component, __VA_ARGS__); \
  } while (0)
#define LOG_DEBUG(component, ...) VICOS_LOG(::vicos::log::Level::Debug, component, __VA_ARGS__)
#define LOG_INFO(component, ...) VICOS_LOG(::vicos::log::Level::Info, component, __VA_ARGS__)
#define LOG_WARN(component, ...) VICOS_LOG(::vicos::log::Level::Warn, component, __VA_ARGS__)
#define LOG_ERROR(component, ...) VICOS_LOG(::vicos::log::Level::Error, component, __VA_ARGS__)
