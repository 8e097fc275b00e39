// The seam between the HTTPS server and the JSON API under /api/ (login, logout, session):
// plain structs in and out, free of Beast, so that the API is tested without sockets.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vicos::http {

// The organizer's session cookie (P7).
inline constexpr std::string_view kSessionCookie = "vicos_session";

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // normalised, without the leading slash: "api/login"
  std::string contentType;
  std::string origin;  // empty when the header is absent
  std::string host;
  std::string cookie;  // the Cookie header as sent
  std::string body;
  // The client's address bucket (http/address_bucket.hpp: the IPv4 address or the IPv6 /64),
  // only for throttling login attempts, in memory; never logged (P27).
  std::string addressBucket;
  std::string query = {};  // the raw query string after '?', without the fragment; may be empty
};

struct ApiResponse {
  unsigned status = 200;
  std::string body = "{}";  // JSON
  std::vector<std::string> setCookies;
  std::optional<unsigned> retryAfterSeconds;
  std::string location = {};  // Location header of a redirect (status 303); empty: none
};

// Sends the answer to one request. Called exactly once, on the control thread, either before
// the handler returns or later (when the work was done on another thread).
using ApiResponder = std::function<void(ApiResponse)>;
using ApiHandler = std::function<void(const ApiRequest&, ApiResponder)>;

// The value of cookie `name` in a Cookie header (RFC 6265 5.4: "a=1; b=2"); the first one wins.
std::optional<std::string_view> cookieValue(std::string_view header, std::string_view name);

// Set-Cookie for the session (RFC 6265 4.1): Secure; HttpOnly; SameSite=Strict; Path=/, for
// maxAgeSeconds; an empty value with 0 deletes the cookie.
std::string sessionCookie(std::string_view token, long maxAgeSeconds);

}  // namespace vicos::http
