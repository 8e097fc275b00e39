// The connection budget from getrlimit/setrlimit (POSIX), computed once at start.
#include "app/connection_budget.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace vicos::app {

namespace {
constexpr size_t kMinConnections = 16;
}  // namespace

size_t reservedFiles(size_t mediaWorkers) {
  return kReservedFiles + kReservedFilesPerMediaWorker * mediaWorkers;
}

size_t connectionBudget(uint64_t openFileLimit, size_t mediaWorkers, size_t configured) {
  const size_t wanted = configured > 0 ? configured : kDefaultMaxConnections;
  const uint64_t reserved = reservedFiles(mediaWorkers);
  const uint64_t available = openFileLimit > reserved ? openFileLimit - reserved : 0;
  return std::max<size_t>(static_cast<size_t>(std::min<uint64_t>(wanted, available)), kMinConnections);
}

uint64_t raiseOpenFileLimit(uint64_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    const rlim_t raised = limit.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, limit.rlim_max);
    rlimit next{std::max(raised, limit.rlim_cur), limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &next) == 0) limit = next;
  }
  return limit.rlim_cur == RLIM_INFINITY ? wanted : limit.rlim_cur;
}

}  // namespace vicos::app
