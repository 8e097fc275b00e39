// Random values of the code flow: state, nonce and the PKCE code verifier with its S256
// challenge (RFC 7636 sections 4.1 and 4.2).
#pragma once

#include <string>
#include <string_view>

namespace vicos::oidc {

// 32 bytes from OpenSSL's CSPRNG, base64url: 43 characters, 256 bits (also a valid RFC 7636
// code verifier).
std::string randomToken();
// BASE64URL(SHA256(ASCII(verifier))), RFC 7636 4.2.
std::string s256Challenge(std::string_view verifier);

}  // namespace vicos::oidc
