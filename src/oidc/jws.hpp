// The JWS compact serialization (RFC 7515 section 7.1) of an ID token, split and decoded but not
// yet verified: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace vicos::oidc {

// Why an ID token was refused; the callback counts and logs these codes, never the token.
enum class TokenError {
  Malformed,       // not three base64url parts of JSON objects, too large, or `crit` present
  UnsupportedAlg,  // `alg` other than RS256 / ES256, including "none" (RFC 8725 3.1)
  UnknownKey,      // no key in the issuer's JWKS with this `kid`
  AlgMismatch,     // the key is for another algorithm than the header names
  BadSignature,
  WrongIssuer,
  WrongAudience,
  WrongAuthorizedParty,
  WrongNonce,
  Expired,
  NotYetValid,  // iat (or nbf) in the future beyond the allowed skew
  MissingSubject,
};
const char* tokenErrorName(TokenError error);

// An ID token is a few kilobytes; anything larger is refused before decoding.
constexpr size_t kMaxTokenBytes = 16 * 1024;

struct Jws {
  nlohmann::json header;     // a JSON object with a string `alg`
  nlohmann::json payload;    // a JSON object (the claims)
  std::string signingInput;  // the first two parts as sent, with the dot: what was signed
  std::string signature;     // decoded bytes
};

template <typename T>
using Checked = std::variant<T, TokenError>;

// Pure: no keys, no clock. Checks size, the three parts, base64url, JSON objects, `alg` a string.
Checked<Jws> parseJws(std::string_view compact);

}  // namespace vicos::oidc
