// Organizer accounts made by single sign-on (P9): one users row per (issuer, subject), named
// "sso-" and a hash of the two, so that retention, export and erasure work as for local accounts.
#pragma once

#include <string>

#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/users.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

// The audit actor for accounts created at a first single sign-on.
inline constexpr const char* kActorSso = "sso";

// "sso-" and 24 hex digits of SHA-256(issuer NUL subject): stable, and no name in it.
std::string ssoLogin(const std::string& issuer, const std::string& subject);

class SsoAccounts {
 public:
  SsoAccounts(Database& db, AuditLog& audit, WallClock clock);

  // The login of the account for this subject, made on first use; updates its display name
  // (checked by checkDisplayName) and records the login time. The account has no password:
  // its password_hash is "!", which no password matches.
  Result<std::string> signIn(const std::string& issuer, const std::string& subject,
                             const std::string& displayName);

 private:
  Database& mDb;
  AuditLog& mAudit;
  WallClock mClock;
};

}  // namespace vicos::store
