// Fuzzes the compact JWS parser and the ID token verifier before any key is involved: whatever
// parses must have an object header with a string alg, and a token never verifies without keys.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oidc/id_token.hpp"
#include "oidc/jws.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = vicos::oidc::parseJws(text);
  if (const auto* jws = std::get_if<vicos::oidc::Jws>(&parsed)) {
    if (!jws->header.is_object() || !jws->header["alg"].is_string() || !jws->payload.is_object())
      std::abort();
  }
  const auto verified = vicos::oidc::verifyIdToken(text, {}, {"https://issuer.test", "vicos", "nonce", 0});
  if (std::holds_alternative<vicos::oidc::IdToken>(verified)) std::abort();
  return 0;
}
