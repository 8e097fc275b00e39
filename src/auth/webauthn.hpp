// WebAuthn relying-party checks for registering a passkey and for logging in with it (W3C
// WebAuthn Level 2, sections 7.1 and 7.2), over the parsers of this folder.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "auth/cose_key.hpp"
#include "auth/webauthn_error.hpp"

namespace vicos::auth {

// What the server asked for.
struct RelyingParty {
  std::string id;                        // the RP ID: the server's host name
  std::string origin;                    // "https://" + host (and port), as the browser reports it
  bool requireUserVerification = false;  // a second factor needs presence, not a PIN
};

struct NewCredential {
  std::vector<uint8_t> credentialId;
  PublicKey publicKey;
  uint32_t signCount = 0;
};

// Section 7.1 steps 5-21 for attestation "none".
WebAuthnResult<NewCredential> verifyRegistration(const RelyingParty& rp, std::span<const uint8_t> challenge,
                                                 std::span<const uint8_t> clientDataJson,
                                                 std::span<const uint8_t> attestationObject);

// Section 7.2 steps 10-21: returns the new signature counter to store. `storedCount` is the
// counter kept for the credential; a counter that does not grow (when either is non-zero)
// means a cloned authenticator (section 6.1.1) and is refused.
WebAuthnResult<uint32_t> verifyAssertion(const RelyingParty& rp, std::span<const uint8_t> challenge,
                                         const PublicKey& key, int64_t storedCount,
                                         std::span<const uint8_t> clientDataJson,
                                         std::span<const uint8_t> authenticatorData,
                                         std::span<const uint8_t> signature);

}  // namespace vicos::auth
