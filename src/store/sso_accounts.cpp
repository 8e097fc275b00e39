// Single sign-on accounts over the users and sso_identities tables, in one transaction.
#include "store/sso_accounts.hpp"

#include <openssl/sha.h>

#include <array>

namespace vicos::store {

std::string ssoLogin(const std::string& issuer, const std::string& subject) {
  const std::string input = issuer + std::string(1, '\0') + subject;
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string login(kSsoLoginPrefix);
  for (size_t i = 0; i < 12; ++i) login += {kHex[digest[i] >> 4], kHex[digest[i] & 15]};
  return login;
}

SsoAccounts::SsoAccounts(Database& db, AuditLog& audit, WallClock clock)
    : mDb(db), mAudit(audit), mClock(std::move(clock)) {}

Result<std::string> SsoAccounts::signIn(const std::string& issuer, const std::string& subject,
                                        const std::string& displayName) {
  if (auto problem = checkDisplayName(displayName)) return Error{*problem};
  if (issuer.empty() || subject.empty() || subject.size() > 255) return Error{"a subject has 1 to 255 bytes"};
  std::string login;
  bool created = false;
  auto done = mDb.transaction([&]() -> Status {
    auto find = mDb.prepare("SELECT login FROM sso_identities WHERE issuer = ? AND subject = ?");
    if (!find) return find.error();
    find->bind(1, issuer).bind(2, subject);
    auto row = find->step();
    if (!row) return row.error();
    const UnixSeconds now = mClock();
    if (*row) {
      login = find->columnText(0);
      auto update = mDb.prepare("UPDATE users SET display_name = ?, last_login_at = ? WHERE login = ?");
      if (!update) return update.error();
      update->bind(1, displayName).bind(2, now).bind(3, login);
      return update->run();
    }
    login = ssoLogin(issuer, subject);
    created = true;
    auto user = mDb.prepare(
        "INSERT INTO users (login, display_name, password_hash, created_at, last_login_at) VALUES (?, ?, "
        "'!', ?, ?)");
    if (!user) return user.error();
    user->bind(1, login).bind(2, displayName).bind(3, now).bind(4, now);
    if (auto s = user->run(); !s) return s;
    auto identity = mDb.prepare("INSERT INTO sso_identities (login, issuer, subject) VALUES (?, ?, ?)");
    if (!identity) return identity.error();
    identity->bind(1, login).bind(2, issuer).bind(3, subject);
    return identity->run();
  });
  if (!done) return done.error();
  if (created)
    if (auto s = mAudit.record(mClock(), kActorSso, AuditAction::UserAdded, login); !s) return s.error();
  return login;
}

}  // namespace vicos::store
