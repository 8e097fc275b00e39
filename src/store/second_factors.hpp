// Second factors of organizer logins (P8): TOTP keys (RFC 6238), passkeys (WebAuthn public
// keys) and one-time recovery codes, of which only SHA-256 is kept. Rows go with the account.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

// What the organizer sees of a factor; never the secret.
struct SecondFactorInfo {
  int64_t id = 0;
  std::string kind;  // "totp" or "passkey"
  std::string label;
  UnixSeconds createdAt = 0;
  std::optional<UnixSeconds> lastUsedAt;
};

struct TotpKey {
  int64_t id = 0;
  std::vector<uint8_t> secret;
  int64_t lastStep = 0;  // the newest time step accepted; older and equal steps are refused
};

struct StoredPasskey {
  int64_t id = 0;
  std::vector<uint8_t> credentialId;
  std::vector<uint8_t> publicKey;  // DER SubjectPublicKeyInfo
  int64_t algorithm = 0;           // COSE: -7 ES256, -257 RS256
  int64_t signCount = 0;
};

// Recovery codes handed out at once; each is 16 characters of base32 (80 random bits).
constexpr size_t kRecoveryCodeCount = 10;
constexpr size_t kFactorLabelMax = 64;

class SecondFactorStore {
 public:
  SecondFactorStore(Database& db, WallClock clock);

  Result<std::vector<SecondFactorInfo>> list(const std::string& login);
  Result<bool> hasAny(const std::string& login);
  Result<int64_t> addTotp(const std::string& login, const std::string& label,
                          const std::vector<uint8_t>& secret);
  Result<int64_t> addPasskey(const std::string& login, const std::string& label, const StoredPasskey& key);
  // Removes one factor of `login`; the last factor takes the recovery codes with it. False
  // when `login` has no such factor.
  Result<bool> remove(const std::string& login, int64_t id);
  // Removes every factor and recovery code of `login` (the operator's reset); returns how many
  // factors went.
  Result<int64_t> removeAll(const std::string& login);

  Result<std::vector<TotpKey>> totpKeys(const std::string& login);
  // Accepts `step` only if it is newer than the last accepted one, atomically: a code cannot be
  // used twice, not even by two requests at once (RFC 6238 section 5.2).
  Result<bool> acceptTotpStep(int64_t id, int64_t step);
  Result<std::vector<StoredPasskey>> passkeys(const std::string& login);
  Result<std::optional<StoredPasskey>> passkeyById(const std::vector<uint8_t>& credentialId);
  // Records a use and the authenticator's new signature counter.
  Status passkeyUsed(int64_t id, int64_t signCount);

  // Replaces the recovery codes of `login` by fresh ones and returns them, the only time they
  // are readable.
  Result<std::vector<std::string>> newRecoveryCodes(const std::string& login);
  // Uses up the code if it is one of `login`'s; case and dashes do not matter.
  Result<bool> useRecoveryCode(const std::string& login, const std::string& code);
  Result<int64_t> recoveryCodesLeft(const std::string& login);

  // The rows about `login` for the export (P30), without secrets, keys or code hashes:
  // {"second_factors": [...], "recovery_codes": {"left": n}}.
  static Result<nlohmann::json> exportRows(Database& db, const std::string& login);

 private:
  Database& mDb;
  WallClock mClock;
};

}  // namespace vicos::store
