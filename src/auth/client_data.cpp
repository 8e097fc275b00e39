// clientDataJSON: parsed with nlohmann::json without exceptions; unknown members (for example
// "tokenBinding" or Chromium's "other_keys_can_be_added_here") are ignored as the spec asks.
#include "auth/client_data.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "common/base64url.hpp"

namespace vicos::auth {

WebAuthnResult<ClientData> parseClientData(std::span<const uint8_t> json) {
  if (json.size() > kClientDataMaxBytes) return WebAuthnError::TooLarge;
  const auto doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return WebAuthnError::BadClientData;
  const auto type = doc.find("type");
  const auto challenge = doc.find("challenge");
  const auto origin = doc.find("origin");
  if (type == doc.end() || !type->is_string() || challenge == doc.end() || !challenge->is_string() ||
      origin == doc.end() || !origin->is_string())
    return WebAuthnError::BadClientData;
  auto bytes = base64urlDecode(challenge->get_ref<const std::string&>());
  if (!bytes) return WebAuthnError::BadClientData;
  ClientData out{type->get<std::string>(), std::move(*bytes), origin->get<std::string>(), false};
  if (const auto cross = doc.find("crossOrigin"); cross != doc.end()) {
    if (!cross->is_boolean()) return WebAuthnError::BadClientData;
    out.crossOrigin = cross->get<bool>();
  }
  return out;
}

WebAuthnStatus checkClientData(const ClientData& data, std::string_view type,
                               std::span<const uint8_t> challenge, std::string_view origin) {
  if (data.type != type) return WebAuthnError::WrongType;
  if (data.challenge.size() != challenge.size() ||
      CRYPTO_memcmp(data.challenge.data(), challenge.data(), challenge.size()) != 0)
    return WebAuthnError::WrongChallenge;
  if (data.origin != origin) return WebAuthnError::WrongOrigin;
  if (data.crossOrigin) return WebAuthnError::CrossOrigin;
  return WebAuthnOk{};
}

}  // namespace vicos::auth
