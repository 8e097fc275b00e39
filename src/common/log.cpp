// Logger implementation: one line per call, written with a single syscall so that lines from
// several threads never interleave.
#include "common/log.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>

namespace vicos::log {
namespace {
std::atomic<Level> gLevel{Level::Info};
std::atomic<AddressMode> gAddressMode{AddressMode::Hidden};

const char* levelName(Level level) {
  switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
  }
  return "?";
}
}  // namespace

void setLevel(Level level) { gLevel = level; }
void setAddressMode(AddressMode mode) { gAddressMode = mode; }
AddressMode addressMode() { return gAddressMode; }
bool enabled(Level level) { return level >= gLevel.load(std::memory_order_relaxed); }

void write(Level level, const char* component, const char* fmt, ...) {
  char line[1024];
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  int n = static_cast<int>(strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ ", &utc));
  n += snprintf(line + n, sizeof line - static_cast<size_t>(n), "%s %s: ", levelName(level), component);
  va_list args;
  va_start(args, fmt);
  int m = vsnprintf(line + n, sizeof line - static_cast<size_t>(n), fmt, args);
  va_end(args);
  size_t len = static_cast<size_t>(n) + (m > 0 ? static_cast<size_t>(m) : 0);
  if (len > sizeof line - 2) len = sizeof line - 2;
  line[len++] = '\n';
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line, len);
}

std::string address(const std::string& ip) {
  switch (gAddressMode.load()) {
    case AddressMode::Hidden: return "[address hidden]";
    case AddressMode::Full: return ip;
    case AddressMode::Shortened: break;
  }
  unsigned char buf[16];
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, ip.c_str(), buf) == 1) {
    buf[3] = 0;  // /24
    inet_ntop(AF_INET, buf, out, sizeof out);
    return std::string(out) + "/24";
  }
  if (inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
    for (int i = 6; i < 16; ++i) buf[i] = 0;  // /48
    inet_ntop(AF_INET6, buf, out, sizeof out);
    return std::string(out) + "/48";
  }
  return "[address hidden]";
}

}  // namespace vicos::log
