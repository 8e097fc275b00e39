// State, nonce and PKCE values from RAND_bytes and SHA-256.
#include "oidc/pkce.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>

#include "oidc/base64url.hpp"

namespace vicos::oidc {

std::string randomToken() {
  std::array<unsigned char, 32> bytes{};
  // Control path only; a failing CSPRNG must never yield a guessable state.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return base64UrlEncode(bytes);
}

std::string s256Challenge(std::string_view verifier) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest.data());
  return base64UrlEncode(digest);
}

}  // namespace vicos::oidc
