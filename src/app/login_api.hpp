// The organizer login API (P7): POST /api/login, POST /api/logout, GET /api/session, and
// the lookup of the logged-in organizer for a WebSocket upgrade's Cookie header; the second
// step and the organizer's second factors (P8) are handed to second_factor_api.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/login_throttle.hpp"
#include "app/password_workers.hpp"
#include "app/second_factor_api.hpp"
#include "http/api.hpp"
#include "store/audit_log.hpp"
#include "store/sessions.hpp"
#include "store/users.hpp"

namespace vicos::app {

struct Organizer {
  std::string login;
  std::string name;
};

// Login outcomes since start, counted for the metrics; no logins or addresses (P27, P28).
struct LoginCounts {
  uint64_t failures = 0;   // wrong login or password
  uint64_t throttled = 0;  // answered 429 (login_throttle.hpp)
  uint64_t busy = 0;       // answered 503: too many password checks at once
  uint64_t secondFactorFailures = 0;  // a wrong code, recovery code or passkey (P8)
};

class LoginApi {
 public:
  // Password checks this many at once from one address bucket; a browser sends one at a time.
  static constexpr unsigned kChecksPerAddress = 2;
  // Retry-After of a "busy" answer, about what the queue of checks takes to drain.
  static constexpr unsigned kBusyRetrySeconds = 2;

  // The Argon2id checks run on `workers`; everything else on the control thread. `monotonic`
  // times out pending second steps.
  LoginApi(store::UserStore& users, store::SessionStore& sessions, store::SecondFactorStore& factors,
           store::AuditLog& audit, LoginThrottle& throttle, PasswordWorkers& workers, store::WallClock clock,
           SecondFactorPolicy policy = {}, MonotonicMillis monotonic = steadyMillis);

  // Answers every request under /api/ (unknown paths 404); a login is answered once its
  // password check is done.
  void handle(const http::ApiRequest& request, const http::ApiResponder& respond);
  // The password step's counts and the second step's together.
  LoginCounts counts() const;
  const SecondFactorCounts& secondFactorCounts() const { return mSecondFactor.counts(); }
  [[nodiscard]] size_t pendingCount() const { return mSecondFactor.pendingCount(); }
  // The organizer whose unexpired session cookie is in `cookieHeader`, if any.
  std::optional<Organizer> organizerFor(std::string_view cookieHeader);

 private:
  void login(const http::ApiRequest& request, const http::ApiResponder& respond);
  http::ApiResponse finishLogin(const std::string& name, const std::string& address, bool known, bool match);
  http::ApiResponse logout(const http::ApiRequest& request);
  http::ApiResponse session(const http::ApiRequest& request);
  void checkDone(const std::string& address);

  store::UserStore& mUsers;
  store::SessionStore& mSessions;
  store::AuditLog& mAudit;
  LoginThrottle& mThrottle;
  PasswordWorkers& mWorkers;
  store::WallClock mClock;
  LoginCounts mCounts;
  SecondFactorApi mSecondFactor;
  // Checks queued or running per address bucket; an entry lives only while one is (P27).
  std::unordered_map<std::string, unsigned> mChecking;
};

// CSRF guard for state-changing API requests: JSON content type and a same-origin Origin.
// Returns the refusal, or nothing when the request may proceed.
std::optional<http::ApiResponse> refuseCrossSite(const http::ApiRequest& request);

}  // namespace vicos::app
