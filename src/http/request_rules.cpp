// Room-link and Origin checks for the HTTP server.
#include "http/request_rules.hpp"

#include <algorithm>

namespace vicos::http {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// "host:443" and "host" name the same https authority.
std::string_view withoutDefaultPort(std::string_view authority) {
  constexpr std::string_view kDefault = ":443";
  if (authority.size() > kDefault.size() && authority.ends_with(kDefault))
    authority.remove_suffix(kDefault.size());
  return authority;
}

}  // namespace

bool isRoomName(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

bool originMatchesHost(std::string_view origin, std::string_view host) {
  constexpr std::string_view kScheme = "https://";
  if (origin.size() <= kScheme.size() || !equalsIgnoreCase(origin.substr(0, kScheme.size()), kScheme))
    return false;
  const std::string_view authority = origin.substr(kScheme.size());
  // An origin is scheme://host[:port] (RFC 6454 6.1); anything after it is not an origin.
  if (authority.find_first_of("/?#@ ") != std::string_view::npos || host.empty()) return false;
  return equalsIgnoreCase(withoutDefaultPort(authority), withoutDefaultPort(host));
}

}  // namespace vicos::http
