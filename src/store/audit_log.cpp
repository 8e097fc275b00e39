// Audit log storage: plain rows in the audit_log table, trimmed by the retention job.
#include "store/audit_log.hpp"

namespace vicos::store {

const char* auditActionName(AuditAction action) {
  switch (action) {
    case AuditAction::UserAdded: return "user.added";
    case AuditAction::UserRemoved: return "user.removed";
    case AuditAction::PasswordChanged: return "user.password_changed";
    case AuditAction::UserExported: return "user.exported";
    case AuditAction::UserDeleted: return "user.deleted";
    case AuditAction::UserExpired: return "user.expired";
    case AuditAction::RetentionRun: return "retention.run";
    case AuditAction::LoginSucceeded: return "login.succeeded";
    case AuditAction::LoginFailed: return "login.failed";
    case AuditAction::LoggedOut: return "login.logged_out";
    case AuditAction::AdminGranted: return "user.admin_granted";
    case AuditAction::AdminRevoked: return "user.admin_revoked";
    case AuditAction::UserDisabled: return "user.disabled";
    case AuditAction::UserEnabled: return "user.enabled";
    case AuditAction::SecondFactorAdded: return "second_factor.added";
    case AuditAction::SecondFactorRemoved: return "second_factor.removed";
    case AuditAction::RecoveryCodesCreated: return "second_factor.recovery_codes_created";
    case AuditAction::SecondFactorFailed: return "login.second_factor_failed";
    case AuditAction::RecoveryCodeUsed: return "login.recovery_code_used";
  }
  return "unknown";
}

Status AuditLog::record(UnixSeconds at, const std::string& actor, AuditAction action,
                        const std::string& target, const std::string& detail) {
  auto stmt = mDb.prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  stmt->bind(1, at).bind(2, actor).bind(3, auditActionName(action)).bind(4, target).bind(5, detail);
  return stmt->run();
}

Result<std::vector<AuditEntry>> AuditLog::query(Statement& stmt) {
  std::vector<AuditEntry> entries;
  for (;;) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) break;
    entries.push_back(AuditEntry{stmt.columnInt(0), stmt.columnInt(1), stmt.columnText(2),
                                 stmt.columnText(3), stmt.columnText(4), stmt.columnText(5)});
  }
  return entries;
}

Result<std::vector<AuditEntry>> AuditLog::list() {
  auto stmt = mDb.prepare("SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY at, id");
  if (!stmt) return stmt.error();
  return query(*stmt);
}

Result<std::vector<AuditEntry>> AuditLog::naming(const std::string& name) {
  auto stmt = mDb.prepare(
      "SELECT id, at, actor, action, target, detail FROM audit_log WHERE actor = ?1 OR target = ?1 "
      "ORDER BY at, id");
  if (!stmt) return stmt.error();
  stmt->bind(1, name);
  return query(*stmt);
}

Result<int64_t> AuditLog::eraseName(const std::string& name, const std::string& token) {
  auto remove = mDb.prepare("DELETE FROM audit_log WHERE target = ?");
  if (!remove) return remove.error();
  remove->bind(1, name);
  if (auto s = remove->run(); !s) return s.error();
  const int64_t removed = mDb.changes();
  // What this login did to others stays auditable, under the erasure token (P20, P30).
  auto rename = mDb.prepare("UPDATE audit_log SET actor = ? WHERE actor = ?");
  if (!rename) return rename.error();
  rename->bind(1, token).bind(2, name);
  if (auto s = rename->run(); !s) return s.error();
  return removed;
}

Result<std::optional<UnixSeconds>> AuditLog::latest(AuditAction action) {
  auto stmt = mDb.prepare("SELECT max(at) FROM audit_log WHERE action = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, auditActionName(action));
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->columnIsNull(0)) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(stmt->columnInt(0));
}

Result<std::optional<AuditEntry>> AuditLog::latestEntry(AuditAction action) {
  auto stmt = mDb.prepare(
      "SELECT id, at, actor, action, target, detail FROM audit_log WHERE action = ? "
      "ORDER BY at DESC, id DESC LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, auditActionName(action));
  auto entries = query(*stmt);
  if (!entries) return entries.error();
  if (entries->empty()) return std::optional<AuditEntry>();
  return std::optional<AuditEntry>(std::move(entries->front()));
}

Result<int64_t> AuditLog::removeOlderThan(UnixSeconds cutoff) {
  auto stmt = mDb.prepare("DELETE FROM audit_log WHERE at < ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, cutoff);
  if (auto s = stmt->run(); !s) return s.error();
  return mDb.changes();
}

}  // namespace vicos::store
