// Cookie helpers for the API seam.
#include "http/api.hpp"

namespace vicos::http {

std::optional<std::string_view> cookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

std::string sessionCookie(std::string_view token, long maxAgeSeconds) {
  return std::string(kSessionCookie) + "=" + std::string(token) + "; Max-Age=" + std::to_string(maxAgeSeconds) +
         "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

}  // namespace vicos::http
