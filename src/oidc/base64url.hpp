// base64url without padding (RFC 4648 section 5), the encoding of every JOSE part (RFC 7515 2),
// as text: the common codec (common/base64url.hpp) for JOSE's string-shaped parts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/base64url.hpp"

namespace vicos::oidc {

// Nothing when `text` holds a character outside A-Z a-z 0-9 - _, padding, or a length that no
// encoding produces (a remainder of one character, or non-zero trailing bits).
inline std::optional<std::string> base64UrlDecode(std::string_view text) {
  auto bytes = base64urlDecode(text);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}
inline std::string base64UrlEncode(std::span<const unsigned char> bytes) { return base64urlEncode(bytes); }
inline std::string base64UrlEncode(std::string_view bytes) {
  return base64UrlEncode({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
}

}  // namespace vicos::oidc
