// The client data a browser signs over in WebAuthn (W3C WebAuthn Level 2, section 5.8.1
// "CollectedClientData"): parsed from clientDataJSON, then checked against what this server
// asked for (sections 7.1 steps 7-10 and 7.2 steps 11-14).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/webauthn_error.hpp"

namespace vicos::auth {

// clientDataJSON is small (about 150-250 bytes); anything past this is refused unparsed.
constexpr size_t kClientDataMaxBytes = 4096;

struct ClientData {
  std::string type;  // "webauthn.create" or "webauthn.get"
  std::vector<uint8_t> challenge;
  std::string origin;
  bool crossOrigin = false;
};

// Size, then JSON, then shape: an object with string type, base64url challenge and origin.
WebAuthnResult<ClientData> parseClientData(std::span<const uint8_t> json);

// type, challenge (constant-time) and origin as expected; crossOrigin must not be true.
WebAuthnStatus checkClientData(const ClientData& data, std::string_view type,
                               std::span<const uint8_t> challenge, std::string_view origin);

}  // namespace vicos::auth
