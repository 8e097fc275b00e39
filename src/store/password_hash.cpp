// Password hashing via libargon2; every call is independent, so any thread may make it.
#include "store/password_hash.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>

namespace vicos::store {
namespace {

constexpr size_t kSaltSize = 16;
constexpr size_t kHashSize = 32;

}  // namespace

Result<std::string> hashPassword(std::string_view password, const PasswordParams& params) {
  uint8_t salt[kSaltSize];
  if (RAND_bytes(salt, sizeof salt) != 1) return Error{"the random generator failed"};
  std::string encoded(argon2_encodedlen(params.timeCost, params.memoryKiB, params.parallelism, kSaltSize,
                                        kHashSize, Argon2_id),
                      '\0');
  const int rc =
      argon2id_hash_encoded(params.timeCost, params.memoryKiB, params.parallelism, password.data(),
                            password.size(), salt, sizeof salt, kHashSize, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Error{std::string("Argon2id: ") + argon2_error_message(rc)};
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool passwordMatches(const std::optional<std::string>& encoded, std::string_view password,
                     const PasswordParams& params) {
  if (encoded) return argon2id_verify(encoded->c_str(), password.data(), password.size()) == ARGON2_OK;
  const std::array<uint8_t, kSaltSize> salt{};
  std::array<uint8_t, kHashSize> hash{};
  (void)argon2id_hash_raw(params.timeCost, params.memoryKiB, params.parallelism, password.data(),
                          password.size(), salt.data(), salt.size(), hash.data(), hash.size());
  return false;
}

}  // namespace vicos::store
