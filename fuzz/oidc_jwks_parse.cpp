// Fuzzes the JWK Set parser and the discovery and token response parsers: no crash, no leak,
// and every key kept is a usable OpenSSL key of the algorithm it claims.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oidc/discovery.hpp"
#include "oidc/jwks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto keys = vicos::oidc::parseJwks(text)) {
    if (keys->size() > vicos::oidc::kMaxKeys) std::abort();
    for (const auto& k : *keys) {
      if (!k.key) std::abort();
      const bool rsa = EVP_PKEY_is_a(k.key.get(), "RSA") == 1;
      if (rsa != (k.alg == vicos::oidc::Alg::RS256)) std::abort();
    }
  }
  (void)vicos::oidc::parseDiscovery(text, "https://issuer.test");
  (void)vicos::oidc::parseTokenResponse(text);
  return 0;
}
