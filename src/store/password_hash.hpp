// Argon2id password hashing and checking (RFC 9106), free of the database and of shared state,
// so that the login's password workers may run it on their own threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/result.hpp"

namespace vicos::store {

// Argon2id cost. RFC 9106 4's second recommended option is t=3, m=64 MiB (with p=4); one
// lane keeps a login on one core. The time per hash is measured in docs/privacy.md; tests
// pass cheaper parameters.
struct PasswordParams {
  uint32_t timeCost = 3;
  uint32_t memoryKiB = 64 * 1024;
  uint32_t parallelism = 1;
};

// The encoded hash ("$argon2id$v=19$m=...") of `password` with a fresh random salt.
Result<std::string> hashPassword(std::string_view password, const PasswordParams& params);

// True when `password` matches `encoded` (argon2id_verify: recomputed, compared in constant
// time). Without a stored hash (an unknown login) it computes a throwaway hash with `params`
// and returns false, so the time taken does not tell which logins exist.
bool passwordMatches(const std::optional<std::string>& encoded, std::string_view password,
                     const PasswordParams& params);

}  // namespace vicos::store
