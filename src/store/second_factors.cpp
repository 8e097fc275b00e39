// Second-factor rows: the TOTP step and the passkey counter are advanced with conditional
// UPDATEs, so that the database, not a read-then-write in our code, refuses a replay.
#include "store/second_factors.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

namespace vicos::store {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr size_t kRecoveryCodeChars = 16;

// Upper case, without dashes and spaces, as the code was handed out.
std::string normalizeCode(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

// The codes carry 80 random bits, so a plain SHA-256 cannot be reversed by guessing; a slow
// hash (Argon2id) would only slow the login down.
std::vector<uint8_t> codeHash(const std::string& normalized) {
  std::vector<uint8_t> hash(SHA256_DIGEST_LENGTH);
  SHA256(reinterpret_cast<const unsigned char*>(normalized.data()), normalized.size(), hash.data());
  return hash;
}

Result<std::string> randomCode() {
  uint8_t random[kRecoveryCodeChars];
  if (RAND_bytes(random, sizeof random) != 1) return Error{"the random generator failed"};
  std::string code;
  for (size_t i = 0; i < kRecoveryCodeChars; ++i) {
    if (i > 0 && i % 4 == 0) code.push_back('-');
    code.push_back(kBase32[random[i] & 31]);  // 5 bits of each byte: 80 bits in all
  }
  return code;
}

// The id an INSERT ... RETURNING id gave the new row.
Result<int64_t> insertedId(Statement& insert) {
  auto row = insert.step();
  if (!row) return row.error();
  if (!*row) return Error{"the new second factor has no id"};
  return insert.columnInt(0);
}

}  // namespace

SecondFactorStore::SecondFactorStore(Database& db, WallClock clock) : mDb(db), mClock(std::move(clock)) {}

Result<std::vector<SecondFactorInfo>> SecondFactorStore::list(const std::string& login) {
  auto stmt = mDb.prepare(
      "SELECT id, kind, label, created_at, last_used_at FROM second_factors WHERE login = ? ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  std::vector<SecondFactorInfo> out;
  auto done = stmt->eachRow([&] {
    SecondFactorInfo info{
        stmt->columnInt(0), stmt->columnText(1), stmt->columnText(2), stmt->columnInt(3), {}};
    if (!stmt->columnIsNull(4)) info.lastUsedAt = stmt->columnInt(4);
    out.push_back(std::move(info));
  });
  if (!done) return done.error();
  return out;
}

Result<bool> SecondFactorStore::hasAny(const std::string& login) {
  auto factors = list(login);
  if (!factors) return factors.error();
  return !factors->empty();
}

Result<int64_t> SecondFactorStore::addTotp(const std::string& login, const std::string& label,
                                           const std::vector<uint8_t>& secret) {
  auto stmt = mDb.prepare(
      "INSERT INTO second_factors (login, kind, label, secret, created_at) VALUES (?, 'totp', ?, ?, ?) "
      "RETURNING id");
  if (!stmt) return stmt.error();
  stmt->bind(1, login).bind(2, label).bindBlob(3, secret).bind(4, mClock());
  return insertedId(*stmt);
}

Result<int64_t> SecondFactorStore::addPasskey(const std::string& login, const std::string& label,
                                              const StoredPasskey& key) {
  auto stmt = mDb.prepare(
      "INSERT INTO second_factors (login, kind, label, credential_id, public_key, algorithm, counter, "
      "created_at) VALUES (?, 'passkey', ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!stmt) return stmt.error();
  stmt->bind(1, login).bind(2, label).bindBlob(3, key.credentialId).bindBlob(4, key.publicKey);
  stmt->bind(5, key.algorithm).bind(6, key.signCount).bind(7, mClock());
  return insertedId(*stmt);
}

Result<bool> SecondFactorStore::remove(const std::string& login, int64_t id) {
  bool removed = false;
  auto done = mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("DELETE FROM second_factors WHERE id = ? AND login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, login);
    if (auto s = stmt->run(); !s) return s;
    removed = mDb.changes() == 1;
    auto left = hasAny(login);
    if (!left) return left.error();
    if (*left) return Ok{};
    auto codes = mDb.prepare("DELETE FROM recovery_codes WHERE login = ?");
    if (!codes) return codes.error();
    codes->bind(1, login);
    return codes->run();
  });
  if (!done) return done.error();
  return removed;
}

Result<int64_t> SecondFactorStore::removeAll(const std::string& login) {
  int64_t removed = 0;
  auto done = mDb.transaction([&]() -> Status {
    auto stmt = mDb.prepare("DELETE FROM second_factors WHERE login = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, login);
    if (auto s = stmt->run(); !s) return s;
    removed = mDb.changes();
    auto codes = mDb.prepare("DELETE FROM recovery_codes WHERE login = ?");
    if (!codes) return codes.error();
    codes->bind(1, login);
    return codes->run();
  });
  if (!done) return done.error();
  return removed;
}

Result<std::vector<TotpKey>> SecondFactorStore::totpKeys(const std::string& login) {
  auto stmt = mDb.prepare("SELECT id, secret, counter FROM second_factors WHERE login = ? AND kind = 'totp'");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  std::vector<TotpKey> out;
  auto done = stmt->eachRow([&] {
    out.push_back(TotpKey{stmt->columnInt(0), stmt->columnBlob(1), stmt->columnInt(2)});
  });
  if (!done) return done.error();
  return out;
}

Result<bool> SecondFactorStore::acceptTotpStep(int64_t id, int64_t step) {
  auto stmt = mDb.prepare(
      "UPDATE second_factors SET counter = ?1, last_used_at = ?2 WHERE id = ?3 AND kind = 'totp' "
      "AND counter < ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, step).bind(2, mClock()).bind(3, id);
  if (auto s = stmt->run(); !s) return s.error();
  return mDb.changes() == 1;
}

namespace {
StoredPasskey readPasskey(const Statement& stmt) {
  return StoredPasskey{stmt.columnInt(0), stmt.columnBlob(1), stmt.columnBlob(2), stmt.columnInt(3),
                       stmt.columnInt(4)};
}
constexpr const char* kPasskeyColumns =
    "SELECT id, credential_id, public_key, algorithm, counter FROM second_factors WHERE kind = 'passkey' "
    "AND ";
}  // namespace

Result<std::vector<StoredPasskey>> SecondFactorStore::passkeys(const std::string& login) {
  auto stmt = mDb.prepare(std::string(kPasskeyColumns) + "login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  std::vector<StoredPasskey> out;
  auto done = stmt->eachRow([&] { out.push_back(readPasskey(*stmt)); });
  if (!done) return done.error();
  return out;
}

Result<std::optional<StoredPasskey>> SecondFactorStore::passkeyById(
    const std::vector<uint8_t>& credentialId) {
  auto stmt = mDb.prepare(std::string(kPasskeyColumns) + "credential_id = ?");
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, credentialId);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredPasskey>();
  return std::optional<StoredPasskey>(readPasskey(*stmt));
}

Status SecondFactorStore::passkeyUsed(int64_t id, int64_t signCount) {
  auto stmt = mDb.prepare("UPDATE second_factors SET counter = ?, last_used_at = ? WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, signCount).bind(2, mClock()).bind(3, id);
  return stmt->run();
}

Result<std::vector<std::string>> SecondFactorStore::newRecoveryCodes(const std::string& login) {
  std::vector<std::string> codes;
  auto done = mDb.transaction([&]() -> Status {
    auto clear = mDb.prepare("DELETE FROM recovery_codes WHERE login = ?");
    if (!clear) return clear.error();
    clear->bind(1, login);
    if (auto s = clear->run(); !s) return s;
    while (codes.size() < kRecoveryCodeCount) {
      auto code = randomCode();
      if (!code) return code.error();
      auto insert = mDb.prepare("INSERT INTO recovery_codes (login, code_hash) VALUES (?, ?)");
      if (!insert) return insert.error();
      insert->bind(1, login).bindBlob(2, codeHash(normalizeCode(*code)));
      if (auto s = insert->run(); !s) return s;
      codes.push_back(std::move(*code));
    }
    return Ok{};
  });
  if (!done) return done.error();
  return codes;
}

Result<bool> SecondFactorStore::useRecoveryCode(const std::string& login, const std::string& code) {
  const std::string normalized = normalizeCode(code);
  if (normalized.size() != kRecoveryCodeChars) return false;
  // An index probe on the hash: no byte-by-byte comparison of stored codes in our code.
  auto stmt = mDb.prepare("DELETE FROM recovery_codes WHERE login = ? AND code_hash = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login).bindBlob(2, codeHash(normalized));
  if (auto s = stmt->run(); !s) return s.error();
  return mDb.changes() == 1;
}

Result<int64_t> SecondFactorStore::recoveryCodesLeft(const std::string& login) {
  auto stmt = mDb.prepare("SELECT count(*) FROM recovery_codes WHERE login = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, login);
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->columnInt(0);
}

Result<nlohmann::json> SecondFactorStore::exportRows(Database& db, const std::string& login) {
  SecondFactorStore store(db, [] { return UnixSeconds{0}; });
  auto factors = store.list(login);
  if (!factors) return factors.error();
  auto left = store.recoveryCodesLeft(login);
  if (!left) return left.error();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& f : *factors)
    rows.push_back(
        {{"kind", f.kind},
         {"label", f.label},
         {"created_at", formatUtc(f.createdAt)},
         {"last_used_at", f.lastUsedAt ? nlohmann::json(formatUtc(*f.lastUsedAt)) : nlohmann::json()}});
  return nlohmann::json{{"second_factors", rows}, {"recovery_codes", {{"left", *left}}}};
}

}  // namespace vicos::store
