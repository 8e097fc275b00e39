// The retention job. Cutoffs are computed from the injected time, never from the file
// system's clock, so a test can move time forward.
#include "store/retention.hpp"

#include <charconv>
#include <ctime>

namespace vicos::store {
namespace {

bool readNumber(const std::string& text, size_t pos, size_t length, int& out) {
  for (size_t i = pos; i < pos + length; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  const char* first = text.data() + pos;
  auto [end, ec] = std::from_chars(first, first + length, out);
  return ec == std::errc() && end == first + length;
}

}  // namespace

std::string RetentionReport::summary() const {
  return "accounts=" + std::to_string(accountsErased) + " audit_entries=" + std::to_string(auditEntriesRemoved) +
         " log_files=" + std::to_string(logFilesRemoved) + " sessions=" + std::to_string(sessionsRemoved);
}

std::optional<UnixSeconds> logFileDay(const std::string& name) {
  // vicos-YYYY-MM-DD.log
  if (name.size() != 20 || name.rfind("vicos-", 0) != 0 || name.compare(16, 4, ".log") != 0 ||
      name[10] != '-' || name[13] != '-')
    return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!readNumber(name, 6, 4, y) || !readNumber(name, 11, 2, m) || !readNumber(name, 14, 2, d)) return std::nullopt;
  // Before 1970 no file of ours exists, and strftime writes such years with fewer digits, so
  // the name would not be the one the logger writes for that day (found by fuzzing).
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  tm date{};
  date.tm_year = y - 1900;
  date.tm_mon = m - 1;
  date.tm_mday = d;
  const time_t t = timegm(&date);
  if (date.tm_mday != d) return std::nullopt;  // timegm normalised e.g. Feb 30
  return static_cast<UnixSeconds>(t);
}

Result<int64_t> removeExpiredLogFiles(const std::filesystem::path& dir, unsigned days, UnixSeconds now) {
  if (days == 0) return int64_t{0};
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return int64_t{0};
  const UnixSeconds cutoff = now - static_cast<UnixSeconds>(days) * kSecondsPerDay;
  int64_t removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const auto day = logFileDay(entry.path().filename().string());
    // A file holds lines up to the end of its day; it goes when all of them are too old.
    if (!day || *day + kSecondsPerDay > cutoff) continue;
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
    else if (ec) return Error{"cannot delete " + entry.path().string() + ": " + ec.message()};
  }
  if (ec) return Error{"cannot read the log directory " + dir.string() + ": " + ec.message()};
  return removed;
}

Result<RetentionReport> runRetention(UserStore& users, AuditLog& audit, const RetentionPolicy& policy,
                                     const std::optional<std::filesystem::path>& logDir, UnixSeconds now,
                                     SessionStore* sessions) {
  RetentionReport report;
  if (sessions) {
    auto removed = sessions->removeExpired(now);
    if (!removed) return removed.error();
    report.sessionsRemoved = *removed;
  }
  if (policy.accountsUnusedDays > 0) {
    auto erased = users.eraseUnusedSince(now - static_cast<UnixSeconds>(policy.accountsUnusedDays) * kSecondsPerDay);
    if (!erased) return erased.error();
    report.accountsErased = *erased;
  }
  if (policy.auditDays > 0) {
    auto removed = audit.removeOlderThan(now - static_cast<UnixSeconds>(policy.auditDays) * kSecondsPerDay);
    if (!removed) return removed.error();
    report.auditEntriesRemoved = *removed;
  }
  if (logDir) {
    auto removed = removeExpiredLogFiles(*logDir, policy.logDays, now);
    if (!removed) return removed.error();
    report.logFilesRemoved = *removed;
  }
  if (auto s = audit.record(now, kActorRetention, AuditAction::RetentionRun, {}, report.summary()); !s)
    return s.error();
  return report;
}

}  // namespace vicos::store
