// Claim lookups for the organizer decision and the display name.
#include "oidc/organizer_claim.hpp"

#include <algorithm>

namespace vicos::oidc {
namespace {

const nlohmann::json* lookup(const nlohmann::json& claims, std::string_view path) {
  const nlohmann::json* node = &claims;
  while (!path.empty()) {
    const size_t dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!node->is_object()) return nullptr;
    const auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return node;
}

}  // namespace

bool hasOrganizerClaim(const nlohmann::json& claims, std::string_view claim,
                       const std::vector<std::string>& values) {
  if (values.empty()) return true;
  const nlohmann::json* node = lookup(claims, claim);
  if (!node) return false;
  auto wanted = [&](const nlohmann::json& v) {
    return v.is_string() &&
           std::find(values.begin(), values.end(), v.get_ref<const std::string&>()) != values.end();
  };
  if (node->is_array()) return std::any_of(node->begin(), node->end(), wanted);
  return wanted(*node);
}

std::string displayNameFrom(const nlohmann::json& claims, std::string_view claim,
                            const std::string& fallback) {
  const nlohmann::json* node = lookup(claims, claim);
  if (!node || !node->is_string()) return fallback;
  std::string name;
  for (const char c : node->get_ref<const std::string&>()) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    name.push_back(c);
  }
  if (name.size() > 100) {
    size_t cut = 100;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xc0) == 0x80) --cut;  // not mid-character
    name.resize(cut);
  }
  return name.empty() ? fallback : name;
}

}  // namespace vicos::oidc
