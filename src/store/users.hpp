// Organizer accounts (P7): logins with Argon2id password hashes, and the data subject rights
// on them (export and erasure, P30). Guests never have accounts (P10).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/password_hash.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

struct User {
  std::string login;
  std::string displayName;
  UnixSeconds createdAt = 0;
  std::optional<UnixSeconds> lastLoginAt;
  bool admin = false;     // may open the admin page (docs/operations.md "Admin page")
  bool disabled = false;  // may not log in
};

// Logins of single sign-on accounts start with this (store/sso_accounts.hpp).
inline constexpr std::string_view kSsoLoginPrefix = "sso-";

// 1-64 characters of [a-z0-9._-]; "operator", "retention" and "erased-..." are reserved for
// the audit log, "sso-..." for single sign-on. Returns the problem, worded for the operator, or nothing.
std::optional<std::string> checkLogin(std::string_view login);
// 1-100 bytes without control characters.
std::optional<std::string> checkDisplayName(std::string_view name);
// 8-1024 bytes without line breaks or NUL.
std::optional<std::string> checkPassword(std::string_view password);

class UserStore {
 public:
  UserStore(Database& db, AuditLog& audit, WallClock clock, PasswordParams params = {});

  Status add(const std::string& login, const std::string& displayName, std::string_view password,
             const std::string& actor, bool admin = false);
  // add() with the Argon2id hash already made (by hashPassword(), on a worker thread).
  Status addHashed(const std::string& login, const std::string& displayName, const std::string& encodedHash,
                   const std::string& actor, bool admin = false);
  Result<std::vector<User>> list();
  Result<std::optional<User>> find(const std::string& login);
  Result<int64_t> count();
  // Sets a new password and, in the same transaction, ends every login session of the account:
  // whoever knew the old password is logged out. Returns how many sessions ended.
  Result<int64_t> setPassword(const std::string& login, std::string_view password, const std::string& actor);
  // setPassword() with the Argon2id hash already made.
  Result<int64_t> setPasswordHash(const std::string& login, const std::string& encodedHash,
                                  const std::string& actor);
  // Grants or revokes the admin role; an error for an unknown login. Audited.
  Status setAdmin(const std::string& login, bool admin, const std::string& actor);
  // Disables or enables an account. Disabling ends every session of the account in the same
  // transaction, and a disabled account cannot log in. Audited; returns how many sessions ended.
  Result<int64_t> setDisabled(const std::string& login, bool disabled, const std::string& actor);
  // Removes the account; its sessions go with it (foreign key), the audit log keeps its entries
  // about it until they expire.
  Status remove(const std::string& login, const std::string& actor);
  // True only for an existing login with this password; records the login time. An unknown
  // login costs the same Argon2id work as a known one, so timing does not tell which logins
  // exist. Throttling is the caller's job (P7). Runs Argon2id on the calling thread: the
  // server uses passwordHash(), passwordMatches() on a worker and recordLogin() instead.
  Result<bool> verifyPassword(const std::string& login, std::string_view password);
  // The stored encoded hash, or nothing for an unknown or disabled login.
  Result<std::optional<std::string>> passwordHash(const std::string& login);
  // Notes a successful login (last_login_at, which the retention of unused accounts reads).
  Status recordLogin(const std::string& login);
  [[nodiscard]] const PasswordParams& passwordParams() const { return mParams; }

  // Everything stored about `login` (Art. 15 and 20, P30): the account row, including the
  // password hash, its sessions, second factors and recovery codes (without their secrets),
  // and the audit entries that name it.
  Result<nlohmann::json> exportData(const std::string& login, const std::string& actor);
  // Erases the account, its sessions and second factors, and every audit entry about it
  // (Art. 17, P30), leaving one audit entry whose target is a fresh random erasure token
  // (erasure_token.hpp). Works also after remove() while entries remain.
  Status erase(const std::string& login, const std::string& actor);
  // The retention job: erases accounts neither used nor created since `cutoff`.
  Result<int64_t> eraseUnusedSince(UnixSeconds cutoff);

 private:
  // Deletes every session of `login` inside the caller's transaction; returns how many.
  Result<int64_t> endSessionsLocked(const std::string& login);
  Status eraseLocked(const std::string& login, const std::string& actor, AuditAction action);

  Database& mDb;
  AuditLog& mAudit;
  WallClock mClock;
  PasswordParams mParams;
};

}  // namespace vicos::store
