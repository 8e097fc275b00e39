// Retention (P27, P30): how long each stored category is kept, and the job that deletes what
// has expired and records in the audit log that it ran.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "store/audit_log.hpp"
#include "store/sessions.hpp"
#include "store/users.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

// Days to keep each category; 0 keeps it forever.
struct RetentionPolicy {
  unsigned accountsUnusedDays = 365;  // organizer accounts not used for this long
  unsigned auditDays = 180;           // audit log entries
  unsigned logDays = 7;               // daily log files (P27: default 7 days)
  unsigned sessionHours = 12;         // organizer login sessions expire this long after login
};

struct RetentionReport {
  int64_t accountsErased = 0;
  int64_t auditEntriesRemoved = 0;
  int64_t logFilesRemoved = 0;
  int64_t sessionsRemoved = 0;
  // One line for the operator and the audit entry's detail.
  std::string summary() const;
};

// Deletes what has expired at `now`: accounts (erased as in UserStore::erase, so nothing of
// them stays but a pseudonym), audit entries and, when logDir is set, the daily log files
// vicos-YYYY-MM-DD.log whose whole day lies before the cutoff, and, when `sessions` is set,
// expired login sessions. Then records the run.
Result<RetentionReport> runRetention(UserStore& users, AuditLog& audit, const RetentionPolicy& policy,
                                     const std::optional<std::filesystem::path>& logDir, UnixSeconds now,
                                     SessionStore* sessions = nullptr);

// Removes expired daily log files from `dir`; other files are left alone.
Result<int64_t> removeExpiredLogFiles(const std::filesystem::path& dir, unsigned days, UnixSeconds now);

// The day (UTC midnight) a name like "vicos-2024-05-10.log" stands for, if it is one.
std::optional<UnixSeconds> logFileDay(const std::string& fileName);

}  // namespace vicos::store
