// The issuer's signing keys from its JWK Set (RFC 7517 section 5): RSA keys for RS256 and P-256
// keys for ES256 (RFC 7518 sections 6.2 and 6.3), turned into OpenSSL keys once per fetch.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vicos::oidc {

enum class Alg { RS256, ES256 };
std::optional<Alg> algFromName(std::string_view name);  // only the two we verify; never "none"

struct PublicKey {
  std::string kid;  // may be empty when the set has one key
  Alg alg = Alg::RS256;
  std::shared_ptr<EVP_PKEY> key;
};

// Keys beyond this count are ignored; a provider publishes a handful.
constexpr size_t kMaxKeys = 32;
// RSA keys shorter than this are skipped (BSI TR-02102-1 asks for 2000 bits and more).
constexpr int kMinRsaBits = 2048;

// Pure over the JSON text: keys of other types, curves or uses (`use` other than "sig"), with a
// contradicting `alg`, or malformed are skipped. Nothing when the text is not a JWK Set.
std::optional<std::vector<PublicKey>> parseJwks(std::string_view json);

// The key a token header names: by `kid`, or the only key when neither names one.
const PublicKey* findKey(const std::vector<PublicKey>& keys, std::string_view kid);

}  // namespace vicos::oidc
