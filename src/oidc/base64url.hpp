// base64url without padding (RFC 4648 section 5), the encoding of every JOSE part (RFC 7515 2).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vicos::oidc {

// Nothing when `text` holds a character outside A-Z a-z 0-9 - _, padding, or a length that no
// encoding produces (a remainder of one character, or non-zero trailing bits).
std::optional<std::string> base64UrlDecode(std::string_view text);
std::string base64UrlEncode(std::span<const unsigned char> bytes);
inline std::string base64UrlEncode(std::string_view bytes) {
  return base64UrlEncode({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
}

}  // namespace vicos::oidc
