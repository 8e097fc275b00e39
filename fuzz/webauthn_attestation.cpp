// Fuzzes the registration path: the attestation object, the authenticator data inside it and
// the COSE key inside that; a key that parses must also survive a verification attempt.
#include <cstddef>
#include <cstdint>
#include <span>

#include "auth/attestation_object.hpp"
#include "auth/authenticator_data.hpp"
#include "auth/cose_key.hpp"

using namespace vicos::auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto object = parseAttestationObject(std::span<const uint8_t>(data, size));
  const auto* parsed = std::get_if<AttestationObject>(&object);
  if (!parsed) return 0;
  auto auth = parseAuthenticatorData(parsed->authData);
  const auto* authData = std::get_if<AuthenticatorData>(&auth);
  if (!authData || !authData->credential) return 0;
  auto key = parseCoseKey(authData->credential->publicKey);
  if (const auto* k = std::get_if<PublicKey>(&key))
    (void)verifySignature(*k, parsed->authData, parsed->authData);
  return 0;
}
