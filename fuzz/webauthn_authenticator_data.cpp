// Fuzzes the authenticator data parser (and the COSE key parser behind an AT flag): whatever
// parses accounts for every input byte, and a credential id is never longer than allowed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "auth/authenticator_data.hpp"
#include "auth/cose_key.hpp"

using namespace vicos::auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = parseAuthenticatorData(std::span<const uint8_t>(data, size));
  const auto* authData = std::get_if<AuthenticatorData>(&parsed);
  if (!authData) return 0;
  if (size < 37) std::abort();
  if (authData->credential) {
    if (authData->credential->credentialId.size() > kCredentialIdMaxBytes) std::abort();
    (void)parseCoseKey(authData->credential->publicKey);
  }
  return 0;
}
