// Fuzzes the clientDataJSON parser: whatever parses has a challenge that encodes back to a
// base64url string of the same bytes, and checking it never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "common/base64url.hpp"
#include "auth/client_data.hpp"

using namespace vicos;
using namespace vicos::auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = parseClientData(std::span<const uint8_t>(data, size));
  if (const auto* client = std::get_if<ClientData>(&parsed)) {
    if (base64urlDecode(base64urlEncode(client->challenge)) != client->challenge) std::abort();
    (void)checkClientData(*client, "webauthn.get", client->challenge, client->origin);
  }
  return 0;
}
