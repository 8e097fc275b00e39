// base64url without padding (RFC 4648 section 5), the encoding WebAuthn uses for challenges
// and credential ids in clientDataJSON and in our JSON API.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vicos::auth {

std::string base64urlEncode(std::span<const uint8_t> bytes);
// Nothing for characters outside the alphabet, padding, or a length that no encoding has.
std::optional<std::vector<uint8_t>> base64urlDecode(std::string_view text);

}  // namespace vicos::auth
