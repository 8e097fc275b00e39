// The JSON answers the login and second-factor APIs share: every error has a code the client
// translates and a message for developers.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/login_throttle.hpp"
#include "common/log.hpp"
#include "http/api.hpp"
#include "store/result.hpp"

namespace vicos::app {

inline http::ApiResponse apiError(unsigned status, const char* code, const char* message) {
  return http::ApiResponse{status, nlohmann::json{{"error", code}, {"message", message}}.dump(), {}, {}};
}

inline http::ApiResponse apiInternalError(const store::Error& e) {
  LOG_ERROR("login", "store: %s", e.message.c_str());
  return apiError(500, "internal", "internal server error");
}

// 429 throttled or 503 busy, with the wait in the body and in Retry-After.
inline http::ApiResponse apiRetryLater(unsigned status, const char* code, const char* message,
                                       unsigned seconds) {
  return http::ApiResponse{
      status,
      nlohmann::json{{"error", code}, {"message", message}, {"retryAfter", seconds}}.dump(),
      {},
      seconds};
}

// 429 while `login` from `address` must wait (login_throttle.hpp), else nothing.
inline std::optional<http::ApiResponse> refuseThrottled(LoginThrottle& throttle, const std::string& login,
                                                        const std::string& address) {
  const int64_t waitMs = throttle.waitMs(login, address);
  if (waitMs <= 0) return std::nullopt;
  return apiRetryLater(429, "throttled", "too many failed attempts; try again later",
                       static_cast<unsigned>((waitMs + 999) / 1000));
}

inline http::ApiResponse apiJson(const nlohmann::json& body) {
  return http::ApiResponse{200, body.dump(), {}, {}};
}

}  // namespace vicos::app
