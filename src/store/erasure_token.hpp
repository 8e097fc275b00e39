// The name an erased login leaves in the audit log (P30): "erased-" and 128 random bits, drawn
// afresh for each erasure. Nothing in the database (no key, no hash of the login) links it back
// to the login, so it is anonymous to whoever holds the database; it only tells that the
// entries under it were one account's.
#pragma once

#include <string>

#include "store/result.hpp"

namespace vicos::store {

// "erased-" and 32 hex digits from the OpenSSL random generator.
Result<std::string> newErasureToken();

}  // namespace vicos::store
