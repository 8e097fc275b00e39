// base64url without padding (RFC 4648 section 5): WebAuthn challenges and credential ids, and
// every JOSE part of OpenID Connect (RFC 7515 2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vicos {

std::string base64urlEncode(std::span<const uint8_t> bytes);
// Nothing for characters outside the alphabet, padding, or a length that no encoding has.
std::optional<std::vector<uint8_t>> base64urlDecode(std::string_view text);

}  // namespace vicos
