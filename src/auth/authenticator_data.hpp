// Authenticator data (W3C WebAuthn Level 2, section 6.1), the bytes an authenticator signs:
//
//   0                  32      33             37
//   +------------------+-------+--------------+---------------------------+------------+
//   | rpIdHash (32)    | flags | signCount(4) | attestedCredentialData    | extensions |
//   +------------------+-------+--------------+---------------------------+------------+
//   flags: bit 0 UP (user present), bit 2 UV (user verified), bit 3 BE, bit 4 BS,
//          bit 6 AT (attested credential data follows), bit 7 ED (extensions follow)
//
//   attestedCredentialData (section 6.5.1):
//   | aaguid (16) | credentialIdLength (2, big-endian) | credentialId | credentialPublicKey (COSE) |
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "auth/webauthn_error.hpp"

namespace vicos::auth {

constexpr uint8_t kFlagUserPresent = 0x01;
constexpr uint8_t kFlagUserVerified = 0x04;
constexpr uint8_t kFlagAttestedData = 0x40;
constexpr uint8_t kFlagExtensions = 0x80;
// Section 6.5.1: "credentialIdLength ... MUST NOT be greater than 1023".
constexpr size_t kCredentialIdMaxBytes = 1023;

struct AttestedCredential {
  std::array<uint8_t, 16> aaguid{};
  std::vector<uint8_t> credentialId;
  std::vector<uint8_t> publicKey;  // the COSE_Key, as CBOR
};

struct AuthenticatorData {
  std::array<uint8_t, 32> rpIdHash{};
  uint8_t flags = 0;
  uint32_t signCount = 0;
  std::optional<AttestedCredential> credential;
};

// Everything must be consumed: attested data only with AT, extensions only with ED.
WebAuthnResult<AuthenticatorData> parseAuthenticatorData(std::span<const uint8_t> bytes);

}  // namespace vicos::auth
