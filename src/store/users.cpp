// Organizer accounts over the users table; the Argon2id work is in password_hash.cpp.
#include "store/users.hpp"

#include "store/erasure_token.hpp"
#include "store/second_factors.hpp"

namespace vicos::store {
namespace {

// The columns readUser() reads, in its order.
const std::string kUserColumns = "login, display_name, created_at, last_login_at, is_admin, disabled";
constexpr int kUserColumnCount = 6;

User readUser(const Statement& stmt) {
  User user{stmt.columnText(0), stmt.columnText(1), stmt.columnInt(2), std::nullopt};
  if (!stmt.columnIsNull(3)) user.lastLoginAt = stmt.columnInt(3);
  user.admin = stmt.columnInt(4) != 0;
  user.disabled = stmt.columnInt(5) != 0;
  return user;
}

nlohmann::json timeOrNull(std::optional<UnixSeconds> t) {
  return t ? nlohmann::json(formatUtc(*t)) : nlohmann::json(nullptr);
}

// The person's login sessions: when each began and ends. The SHA-256 of the cookie's token is
// left out: it only verifies a token the person's browser holds.
Result<nlohmann::json> exportSessions(Database& db, const std::string& login) {
  auto stmt = db.prepare("SELECT created_at, expires_at FROM sessions WHERE login = ? ORDER BY created_at");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  nlohmann::json rows = nlohmann::json::array();
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    rows.push_back(
        {{"created_at", formatUtc(stmt->columnInt(0))}, {"expires_at", formatUtc(stmt->columnInt(1))}});
  }
  return rows;
}

}  // namespace

std::optional<std::string> checkLogin(std::string_view login) {
  if (login.empty() || login.size() > 64) return "a login has 1 to 64 characters";
  for (char c : login)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return "a login may contain only a-z, 0-9, '.', '_' and '-'";
  if (login == kActorOperator || login == kActorRetention || login.rfind("erased-", 0) == 0)
    return "'operator', 'retention' and logins starting with 'erased-' are reserved";
  if (login.rfind(kSsoLoginPrefix, 0) == 0) return "logins starting with 'sso-' are for single sign-on";
  return std::nullopt;
}

std::optional<std::string> checkDisplayName(std::string_view name) {
  if (name.empty() || name.size() > 100) return "a display name has 1 to 100 bytes";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return "a display name must not contain control characters";
  return std::nullopt;
}

std::optional<std::string> checkPassword(std::string_view password) {
  if (password.size() < 8) return "a password needs at least 8 characters";
  if (password.size() > 1024) return "a password has at most 1024 bytes";
  for (char c : password)
    if (c == '\n' || c == '\r' || c == '\0') return "a password must not contain line breaks";
  return std::nullopt;
}

UserStore::UserStore(Database& db, AuditLog& audit, WallClock clock, PasswordParams params)
    : mDb(db), mAudit(audit), mClock(std::move(clock)), mParams(params) {}

Status UserStore::add(const std::string& login, const std::string& displayName, std::string_view password,
                      const std::string& actor, bool admin) {
  if (auto problem = checkLogin(login)) return Error{*problem};
  if (auto problem = checkDisplayName(displayName)) return Error{*problem};
  if (auto problem = checkPassword(password)) return Error{*problem};
  auto existing = find(login);
  if (!existing) return existing.error();
  if (*existing) return Error{"the login '" + login + "' exists already"};
  auto hash = hashPassword(password, mParams);
  if (!hash) return hash.error();
  return addHashed(login, displayName, *hash, actor, admin);
}

Status UserStore::addHashed(const std::string& login, const std::string& displayName,
                            const std::string& encodedHash, const std::string& actor, bool admin) {
  if (auto problem = checkLogin(login)) return Error{*problem};
  if (auto problem = checkDisplayName(displayName)) return Error{*problem};
  auto existing = find(login);
  if (!existing) return existing.error();
  if (*existing) return Error{"the login '" + login + "' exists already"};
  return mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare(
        "INSERT INTO users (login, display_name, password_hash, created_at, is_admin) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    const UnixSeconds now = mClock();
    stmt->bind(1, login).bind(2, displayName).bind(3, encodedHash).bind(4, now).bind(5, int64_t{admin});
    if (auto s = stmt->run(); !s) return s;
    if (auto s = mAudit.record(now, actor, AuditAction::UserAdded, login); !s) return s;
    if (!admin) return Ok{};
    return mAudit.record(now, actor, AuditAction::AdminGranted, login);
  });
}

Result<std::vector<User>> UserStore::list() {
  auto stmt = mDb.prepare("SELECT " + kUserColumns + " FROM users ORDER BY login");
  if (!stmt) return stmt.error();
  std::vector<User> users;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    users.push_back(readUser(*stmt));
  }
  return users;
}

Result<std::optional<User>> UserStore::find(const std::string& login) {
  auto stmt = mDb.prepare("SELECT " + kUserColumns + " FROM users WHERE login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<User>();
  return std::optional<User>(readUser(*stmt));
}

Result<int64_t> UserStore::count() {
  auto stmt = mDb.prepare("SELECT count(*) FROM users");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->columnInt(0);
}

Result<int64_t> UserStore::setPassword(const std::string& login, std::string_view password,
                                       const std::string& actor) {
  if (auto problem = checkPassword(password)) return Error{*problem};
  auto hash = hashPassword(password, mParams);
  if (!hash) return hash.error();
  return setPasswordHash(login, *hash, actor);
}

Result<int64_t> UserStore::setPasswordHash(const std::string& login, const std::string& encodedHash,
                                           const std::string& actor) {
  int64_t ended = 0;
  auto changed = mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("UPDATE users SET password_hash = ? WHERE login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, encodedHash).bind(2, login);
    if (auto s = stmt->run(); !s) return s;
    if (mDb.changes() == 0) return Error{"no login '" + login + "'"};
    // A password change is how an operator locks out whoever learnt the old one: their
    // sessions must not outlive it (security audit, issue 12, finding 9).
    auto sessions = endSessionsLocked(login);
    if (!sessions) return sessions.error();
    ended = *sessions;
    return mAudit.record(mClock(), actor, AuditAction::PasswordChanged, login);
  });
  if (!changed) return changed.error();
  return ended;
}

Result<int64_t> UserStore::endSessionsLocked(const std::string& login) {
  auto stmt = mDb.prepare("DELETE FROM sessions WHERE login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  if (auto s = stmt->run(); !s) return s.error();
  return mDb.changes();
}

Status UserStore::setAdmin(const std::string& login, bool admin, const std::string& actor) {
  return mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("UPDATE users SET is_admin = ? WHERE login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, int64_t{admin}).bind(2, login);
    if (auto s = stmt->run(); !s) return s;
    if (mDb.changes() == 0) return Error{"no login '" + login + "'"};
    return mAudit.record(mClock(), actor, admin ? AuditAction::AdminGranted : AuditAction::AdminRevoked,
                         login);
  });
}

Result<int64_t> UserStore::setDisabled(const std::string& login, bool disabled, const std::string& actor) {
  int64_t ended = 0;
  auto changed = mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("UPDATE users SET disabled = ? WHERE login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, int64_t{disabled}).bind(2, login);
    if (auto s = stmt->run(); !s) return s;
    if (mDb.changes() == 0) return Error{"no login '" + login + "'"};
    if (disabled) {
      auto sessions = endSessionsLocked(login);
      if (!sessions) return sessions.error();
      ended = *sessions;
    }
    return mAudit.record(mClock(), actor, disabled ? AuditAction::UserDisabled : AuditAction::UserEnabled,
                         login);
  });
  if (!changed) return changed.error();
  return ended;
}

Status UserStore::remove(const std::string& login, const std::string& actor) {
  return mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("DELETE FROM users WHERE login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, login);
    if (auto s = stmt->run(); !s) return s;
    if (mDb.changes() == 0) return Error{"no login '" + login + "'"};
    return mAudit.record(mClock(), actor, AuditAction::UserRemoved, login);
  });
}

Result<bool> UserStore::verifyPassword(const std::string& login, std::string_view password) {
  auto hash = passwordHash(login);
  if (!hash) return hash.error();
  if (!passwordMatches(*hash, password, mParams)) return false;
  if (auto s = recordLogin(login); !s) return s.error();
  return true;
}

Result<std::optional<std::string>> UserStore::passwordHash(const std::string& login) {
  // A disabled account looks like an unknown one to the login: the same Argon2id work, no session.
  auto stmt = mDb.prepare("SELECT password_hash FROM users WHERE login = ? AND disabled = 0");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->columnText(0));
}

Status UserStore::recordLogin(const std::string& login) {
  auto update = mDb.prepare("UPDATE users SET last_login_at = ? WHERE login = ?");
  if (!update) return update.error();
  update->bind(1, mClock()).bind(2, login);
  return update->run();
}

Result<nlohmann::json> UserStore::exportData(const std::string& login, const std::string& actor) {
  auto stmt = mDb.prepare("SELECT " + kUserColumns + ", password_hash FROM users WHERE login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  auto row = stmt->step();
  if (!row) return row.error();
  auto entries = mAudit.naming(login);
  if (!entries) return entries.error();
  if (!*row && entries->empty()) return Error{"nothing is stored about '" + login + "'"};

  nlohmann::json out;
  out["format"] = "vicos-user-export/1";
  out["login"] = login;
  out["exported_at"] = formatUtc(mClock());
  if (*row) {
    const User user = readUser(*stmt);
    out["account"] = {{"login", user.login},
                      {"display_name", user.displayName},
                      {"created_at", formatUtc(user.createdAt)},
                      {"last_login_at", timeOrNull(user.lastLoginAt)},
                      {"admin", user.admin},
                      {"disabled", user.disabled},
                      {"password_hash", stmt->columnText(kUserColumnCount)}};
  } else {
    out["account"] = nullptr;
  }
  auto sessions = exportSessions(mDb, login);
  if (!sessions) return sessions.error();
  out["sessions"] = std::move(*sessions);
  auto factors = SecondFactorStore::exportRows(mDb, login);
  if (!factors) return factors.error();
  out["second_factors"] = std::move(factors->at("second_factors"));
  out["recovery_codes"] = std::move(factors->at("recovery_codes"));
  // Single sign-on accounts: the issuer and subject identifier they were made for (sso_accounts.hpp).
  auto sso = mDb.prepare("SELECT issuer, subject FROM sso_identities WHERE login = ?");
  if (!sso) return sso.error();
  sso->bind(1, login);
  auto ssoRow = sso->step();
  if (!ssoRow) return ssoRow.error();
  out["single_sign_on"] = nullptr;
  if (*ssoRow) out["single_sign_on"] = {{"issuer", sso->columnText(0)}, {"subject", sso->columnText(1)}};
  out["audit_log"] = nlohmann::json::array();
  for (const auto& e : *entries)
    out["audit_log"].push_back({{"at", formatUtc(e.at)}, {"actor", e.actor}, {"action", e.action},
                                {"target", e.target}, {"detail", e.detail}});
  if (auto s = mAudit.record(mClock(), actor, AuditAction::UserExported, login); !s) return s.error();
  return out;
}

Status UserStore::eraseLocked(const std::string& login, const std::string& actor, AuditAction action) {
  auto token = newErasureToken();
  if (!token) return token.error();
  auto stmt = mDb.prepare("DELETE FROM users WHERE login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  if (auto s = stmt->run(); !s) return s;
  const int64_t accounts = mDb.changes();
  auto entries = mAudit.eraseName(login, *token);
  if (!entries) return entries.error();
  if (accounts == 0 && *entries == 0) return Error{"nothing is stored about '" + login + "'"};
  return mAudit.record(mClock(), actor, action, *token);
}

Status UserStore::erase(const std::string& login, const std::string& actor) {
  auto erased = mDb.transaction([&] { return eraseLocked(login, actor, AuditAction::UserDeleted); });
  if (!erased) return erased;
  // The rows are zeroed in the pages (secure_delete); the checkpoint empties the WAL, which
  // still holds the pages as they were before.
  return mDb.checkpoint();
}

Result<int64_t> UserStore::eraseUnusedSince(UnixSeconds cutoff) {
  auto stmt = mDb.prepare("SELECT login FROM users WHERE coalesce(last_login_at, created_at) < ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, cutoff);
  std::vector<std::string> logins;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    logins.push_back(stmt->columnText(0));
  }
  for (const auto& login : logins)
    if (auto s = mDb.transaction([&] { return eraseLocked(login, kActorRetention, AuditAction::UserExpired); }); !s)
      return s.error();
  if (!logins.empty())
    if (auto s = mDb.checkpoint(); !s) return s.error();
  return static_cast<int64_t>(logins.size());
}

}  // namespace vicos::store
