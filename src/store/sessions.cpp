// Session rows keyed by SHA-256(token): the lookup is an index probe on the hash, so the
// token itself is never compared byte by byte (no timing signal about stored tokens).
#include "store/sessions.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <vector>

namespace vicos::store {
namespace {

constexpr size_t kTokenBytes = 32;

std::vector<uint8_t> tokenHash(std::string_view token) {
  std::vector<uint8_t> hash(SHA256_DIGEST_LENGTH);
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), hash.data());
  return hash;
}

}  // namespace

bool isSessionToken(std::string_view token) {
  if (token.size() != kSessionTokenChars) return false;
  for (char c : token)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

SessionStore::SessionStore(Database& db, WallClock clock, UnixSeconds lifetime)
    : mDb(db), mClock(std::move(clock)), mLifetime(lifetime) {}

Result<std::string> SessionStore::create(const std::string& login) {
  uint8_t random[kTokenBytes];
  if (RAND_bytes(random, sizeof random) != 1) return Error{"the random generator failed"};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(kSessionTokenChars);
  for (uint8_t b : random) {
    token.push_back(kHex[b >> 4]);
    token.push_back(kHex[b & 0xf]);
  }
  auto stmt = mDb.prepare("INSERT INTO sessions (token_hash, login, created_at, expires_at) VALUES (?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  const UnixSeconds now = mClock();
  stmt->bindBlob(1, tokenHash(token)).bind(2, login).bind(3, now).bind(4, now + mLifetime);
  if (auto s = stmt->run(); !s) return s.error();
  return token;
}

Result<std::optional<std::string>> SessionStore::lookup(std::string_view token) {
  if (!isSessionToken(token)) return std::optional<std::string>();
  // A disabled account's sessions were deleted when it was disabled; the join keeps that true
  // should a session row ever outlive it.
  auto stmt = mDb.prepare(
      "SELECT s.login FROM sessions s JOIN users u ON u.login = s.login "
      "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0");
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, tokenHash(token)).bind(2, mClock());
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->columnText(0));
}

Status SessionStore::revoke(std::string_view token) {
  if (!isSessionToken(token)) return Ok{};
  auto stmt = mDb.prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!stmt) return stmt.error();
  stmt->bindBlob(1, tokenHash(token));
  return stmt->run();
}

Result<int64_t> SessionStore::removeExpired(UnixSeconds now) {
  auto stmt = mDb.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, now);
  if (auto s = stmt->run(); !s) return s.error();
  return mDb.changes();
}

}  // namespace vicos::store
