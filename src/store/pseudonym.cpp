// Keyed pseudonyms: the secret lives in the server_secret table, created once from the
// OpenSSL random generator.
#include "store/pseudonym.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>

namespace vicos::store {
namespace {

constexpr size_t kSecretSize = 32;

Result<std::vector<uint8_t>> serverSecret(Database& db) {
  {
    auto select = db.prepare("SELECT key FROM server_secret WHERE id = 1");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    if (*row) return select->columnBlob(0);
  }
  std::vector<uint8_t> secret(kSecretSize);
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
    return Error{"the random generator failed"};
  auto insert = db.prepare("INSERT INTO server_secret (id, key) VALUES (1, ?)");
  if (!insert) return insert.error();
  insert->bindBlob(1, secret);
  if (auto s = insert->run(); !s) return s.error();
  return secret;
}

}  // namespace

Result<std::string> pseudonymFor(Database& db, std::string_view login) {
  auto secret = serverSecret(db);
  if (!secret) return secret.error();
  if (secret->size() != kSecretSize) return Error{"the server secret in the database is damaged"};
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  if (!HMAC(EVP_sha256(), secret->data(), static_cast<int>(secret->size()),
            reinterpret_cast<const unsigned char*>(login.data()), login.size(), mac, &macLength))
    return Error{"HMAC failed"};
  std::string out = "erased-";
  char hex[3];
  for (unsigned i = 0; i < 16 && i < macLength; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", mac[i]);
    out += hex;
  }
  return out;
}

}  // namespace vicos::store
