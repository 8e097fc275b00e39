// Logger implementation: one line per call, written with a single syscall so that lines from
// several threads never interleave.
#include "common/log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

namespace vicos::log {
namespace {
std::atomic<Level> gLevel{Level::Info};

// The file sink. Lines are still one write() each; the mutex only guards switching to the
// next day's file.
std::atomic<bool> gToFile{false};
std::mutex gFileMutex;
std::string gDirectory;
int gFileFd = -1;
int64_t gFileDay = -1;

void writeLine(time_t now, const char* line, size_t len) {
  if (gToFile.load(std::memory_order_relaxed)) {
    std::lock_guard lock(gFileMutex);
    const int64_t day = static_cast<int64_t>(now) / 86400;
    if (!gDirectory.empty() && day != gFileDay) {
      if (gFileFd >= 0) ::close(gFileFd);
      const std::string path = gDirectory + "/" + logFileName(now);
      gFileFd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
      if (gFileFd >= 0) ::fchmod(gFileFd, 0600);
      gFileDay = day;
    }
    if (gFileFd >= 0) {
      [[maybe_unused]] auto written = ::write(gFileFd, line, len);
      return;
    }
  }
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line, len);
}

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
  writeLine(ts.tv_sec, line, len);
}

std::string logFileName(int64_t unixSeconds) {
  const time_t t = static_cast<time_t>(unixSeconds);
  tm utc{};
  gmtime_r(&t, &utc);
  char name[32];
  strftime(name, sizeof name, "vicos-%Y-%m-%d.log", &utc);
  return name;
}

bool setLogDirectory(const std::string& dir, std::string& error) {
  if (!dir.empty()) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      if (::mkdir(dir.c_str(), 0700) != 0) {
        error = "cannot create the log directory " + dir + ": " + std::strerror(errno);
        return false;
      }
    } else if (!S_ISDIR(st.st_mode)) {
      error = "the log directory " + dir + " is not a directory";
      return false;
    }
  }
  std::lock_guard lock(gFileMutex);
  if (gFileFd >= 0) ::close(gFileFd);
  gFileFd = -1;
  gFileDay = -1;
  gDirectory = dir;
  gToFile = !dir.empty();
  return true;
}

}  // namespace vicos::log
