// Pseudonyms for erased logins (P30): HMAC-SHA-256 of the login under a random server secret
// kept in the database, so an audit entry can still tell that one account was erased without
// naming it. Whoever holds the database could test a guessed login against it; that is what
// makes it a pseudonym and not anonymous.
#pragma once

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace vicos::store {

// "erased-" and 32 hex digits (the first 128 bits of the HMAC). Creates the secret (32
// random bytes) on first use.
Result<std::string> pseudonymFor(Database& db, std::string_view login);

}  // namespace vicos::store
