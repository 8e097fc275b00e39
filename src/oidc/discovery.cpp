// Checks on the discovery document and the token response; no I/O here (provider.cpp fetches).
#include "oidc/discovery.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace vicos::oidc {
namespace {

std::optional<std::string> httpsMember(const nlohmann::json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end() || !it->is_string() || !isHttpsUrl(it->get_ref<const std::string&>()))
    return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

bool isHttpsUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() <= kScheme.size() || url.size() > 2048 || !url.starts_with(kScheme)) return false;
  const std::string_view rest = url.substr(kScheme.size());
  if (rest.front() == '/' || rest.front() == ':' || rest.find('#') != std::string_view::npos) return false;
  return std::none_of(url.begin(), url.end(),
                      [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) || c == ' '; });
}

std::optional<Discovery> parseDiscovery(std::string_view json, const std::string& expectedIssuer) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto issuer = doc.find("issuer");
  if (issuer == doc.end() || !issuer->is_string() || *issuer != expectedIssuer) return std::nullopt;
  auto authorization = httpsMember(doc, "authorization_endpoint");
  auto token = httpsMember(doc, "token_endpoint");
  auto jwks = httpsMember(doc, "jwks_uri");
  if (!authorization || !token || !jwks) return std::nullopt;
  return Discovery{expectedIssuer, std::move(*authorization), std::move(*token), std::move(*jwks)};
}

std::optional<std::string> parseTokenResponse(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto type = doc.find("token_type");
  const auto idToken = doc.find("id_token");
  if (type == doc.end() || !type->is_string() || idToken == doc.end() || !idToken->is_string())
    return std::nullopt;
  std::string lower = type->get<std::string>();
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "bearer") return std::nullopt;  // RFC 6749 7.1: the type is case-insensitive
  return idToken->get<std::string>();
}

}  // namespace vicos::oidc
