// Credential public keys in COSE_Key form (RFC 9052 section 7, RFC 9053 sections 2.1 and 7.1,
// RFC 8230 for RSA), turned into an OpenSSL key and stored as DER SubjectPublicKeyInfo.
//   EC2 (ES256): {1: 2, 3: -7,   -1: 1 (P-256), -2: x (32 bytes), -3: y (32 bytes)}
//   RSA (RS256): {1: 3, 3: -257, -1: n, -2: e}
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auth/webauthn_error.hpp"

namespace vicos::auth {

constexpr int64_t kCoseEs256 = -7;
constexpr int64_t kCoseRs256 = -257;

struct PublicKey {
  int64_t algorithm = 0;
  std::vector<uint8_t> spki;  // DER SubjectPublicKeyInfo
};

// ES256 with a point on P-256, or RS256 with a 2048-4096-bit modulus; anything else is refused.
WebAuthnResult<PublicKey> parseCoseKey(std::span<const uint8_t> cbor);

// Checks `signature` over `message` with SHA-256 (ES256: DER ECDSA-Sig-Value, WebAuthn section
// 6.5.6; RS256: PKCS #1 v1.5).
bool verifySignature(const PublicKey& key, std::span<const uint8_t> message,
                     std::span<const uint8_t> signature);

}  // namespace vicos::auth
