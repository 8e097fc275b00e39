// The audit log of administrative actions (P20): when, who (the operator on the command
// line, the retention job, or an organizer login), what, and on which account. It never
// holds IP addresses or anything from a meeting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

enum class AuditAction {
  UserAdded,
  UserRemoved,
  PasswordChanged,
  UserExported,
  UserDeleted,    // erased on request (Art. 17); the target is an erasure token
  UserExpired,    // erased by the retention job; the target is an erasure token
  RetentionRun,
  LoginSucceeded,  // an organizer logged in (the actor and target are the login; no address)
  LoginFailed,     // a wrong password for an existing login
  LoggedOut,
  AdminGranted,  // the admin role (docs/operations.md "Admin page")
  AdminRevoked,
  UserDisabled,  // the account cannot log in; its sessions ended
  UserEnabled,
  SecondFactorAdded,       // detail: "totp" or "passkey" (P8)
  SecondFactorRemoved,     // detail: "totp" or "passkey"
  RecoveryCodesCreated,    // a fresh set replaced the old one
  SecondFactorFailed,      // a wrong code, recovery code or passkey after a right password
  RecoveryCodeUsed,        // a login used up one recovery code
};

// Stable names as stored in the database ("user.added", ...).
const char* auditActionName(AuditAction action);

// Actors that are not organizer logins.
inline constexpr const char* kActorOperator = "operator";    // the `vicos` command line
inline constexpr const char* kActorRetention = "retention";  // the retention job

struct AuditEntry {
  int64_t id = 0;
  UnixSeconds at = 0;
  std::string actor;
  std::string action;
  std::string target;
  std::string detail;
};

class AuditLog {
 public:
  explicit AuditLog(Database& db) : mDb(db) {}

  Status record(UnixSeconds at, const std::string& actor, AuditAction action,
                const std::string& target = {}, const std::string& detail = {});
  // Oldest first.
  Result<std::vector<AuditEntry>> list();
  // Entries whose actor or target is `name` (for export and erasure).
  Result<std::vector<AuditEntry>> naming(const std::string& name);
  // Removes entries whose target is `name` and replaces `name` as actor by `token`;
  // returns how many entries were removed.
  Result<int64_t> eraseName(const std::string& name, const std::string& token);
  // When `action` was last recorded, if ever.
  Result<std::optional<UnixSeconds>> latest(AuditAction action);
  // The newest entry of `action`, if any (the admin page shows the last retention run).
  Result<std::optional<AuditEntry>> latestEntry(AuditAction action);
  // Removes entries older than `cutoff`; returns how many.
  Result<int64_t> removeOlderThan(UnixSeconds cutoff);

 private:
  Result<std::vector<AuditEntry>> query(Statement& stmt);

  Database& mDb;
};

}  // namespace vicos::store
