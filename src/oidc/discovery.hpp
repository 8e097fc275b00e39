// The issuer's discovery document (OpenID Connect Discovery 1.0 sections 3 and 4) and the token
// endpoint's answer (RFC 6749 5.1): the few members the code flow needs, checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vicos::oidc {

struct Discovery {
  std::string issuer;
  std::string authorizationEndpoint;
  std::string tokenEndpoint;
  std::string jwksUri;
};

// Nothing unless the document is a JSON object whose `issuer` is exactly `expectedIssuer`
// (Discovery 4.3, against an issuer mix-up) and whose three endpoints are https URLs.
std::optional<Discovery> parseDiscovery(std::string_view json, const std::string& expectedIssuer);

// The `id_token` of a successful token response with token_type Bearer, or nothing.
std::optional<std::string> parseTokenResponse(std::string_view json);

// True for "https://" followed by a host, without a fragment (RFC 3986; Discovery 3).
bool isHttpsUrl(std::string_view url);

}  // namespace vicos::oidc
