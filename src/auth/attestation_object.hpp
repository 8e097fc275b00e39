// The attestation object of a WebAuthn registration (W3C WebAuthn Level 2, section 6.5.4):
// the CBOR map {"fmt": text, "attStmt": map, "authData": bytes}. vicos asks for attestation
// "none" (it does not restrict authenticator makes), so only fmt "none" with an empty
// statement is accepted (section 8.7).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "auth/webauthn_error.hpp"

namespace vicos::auth {

struct AttestationObject {
  std::vector<uint8_t> authData;
};

WebAuthnResult<AttestationObject> parseAttestationObject(std::span<const uint8_t> cbor);

}  // namespace vicos::auth
