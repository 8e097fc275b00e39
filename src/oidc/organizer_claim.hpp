// Who may organize, decided from the ID token's claims: a group or role claim holding one of the
// configured values, and the display name taken from another claim.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vicos::oidc {

// The claim may be a string or an array of strings; a dotted name walks into objects
// ("realm_access.roles"). An empty `values` list lets every user of the issuer organize.
bool hasOrganizerClaim(const nlohmann::json& claims, std::string_view claim,
                       const std::vector<std::string>& values);

// The named string claim cut to 100 bytes at a UTF-8 boundary without control characters, or
// `fallback` when it is missing or empty.
std::string displayNameFrom(const nlohmann::json& claims, std::string_view claim,
                            const std::string& fallback);

}  // namespace vicos::oidc
