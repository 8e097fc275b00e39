// The organizer login API (P7): POST /api/login, POST /api/logout, GET /api/session, and
// the lookup of the logged-in organizer for a WebSocket upgrade's Cookie header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/login_throttle.hpp"
#include "http/api.hpp"
#include "store/audit_log.hpp"
#include "store/sessions.hpp"
#include "store/users.hpp"

namespace vicos::app {

struct Organizer {
  std::string login;
  std::string name;
};

class LoginApi {
 public:
  LoginApi(store::UserStore& users, store::SessionStore& sessions, store::AuditLog& audit,
           FailureThrottle& throttle, store::WallClock clock);

  // Answers every request under /api/ (unknown paths 404).
  http::ApiResponse handle(const http::ApiRequest& request);
  // The organizer whose unexpired session cookie is in `cookieHeader`, if any.
  std::optional<Organizer> organizerFor(std::string_view cookieHeader);

 private:
  http::ApiResponse login(const http::ApiRequest& request);
  http::ApiResponse logout(const http::ApiRequest& request);
  http::ApiResponse session(const http::ApiRequest& request);

  store::UserStore& mUsers;
  store::SessionStore& mSessions;
  store::AuditLog& mAudit;
  FailureThrottle& mThrottle;
  store::WallClock mClock;
};

// CSRF guard for state-changing API requests: JSON content type and a same-origin Origin.
// Returns the refusal, or nothing when the request may proceed.
std::optional<http::ApiResponse> refuseCrossSite(const http::ApiRequest& request);

}  // namespace vicos::app
