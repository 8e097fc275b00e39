// Verification of an OpenID Connect ID token (OpenID Connect Core 1.0 section 3.1.3.7): the JWS
// signature with the issuer's key, then iss, aud/azp, exp/iat, nonce and sub.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "oidc/jwks.hpp"
#include "oidc/jws.hpp"

namespace vicos::oidc {

// Clock difference tolerated between us and the issuer for exp and iat.
constexpr int64_t kClockSkewSeconds = 60;
// A token issued longer ago than this is refused like an expired one: the code exchange that
// produced it happened seconds ago, so an old token means a replayed one.
constexpr int64_t kMaxTokenAgeSeconds = 600;

struct TokenExpectation {
  std::string issuer;    // exactly as configured and as the discovery document states it
  std::string clientId;  // our audience
  std::string nonce;     // the one sent with this login's authentication request
  int64_t now = 0;       // Unix seconds
};

struct IdToken {
  std::string subject;    // `sub`, unique only together with the issuer
  nlohmann::json claims;  // the whole payload, for the organizer and display-name claims
};

Checked<IdToken> verifyIdToken(std::string_view compact, const std::vector<PublicKey>& keys,
                               const TokenExpectation& expect);

}  // namespace vicos::oidc
