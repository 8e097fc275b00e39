// The second login step and the organizer's own second factors (P8): after a right password
// the login waits in memory (pending_logins.hpp) for a TOTP code, a passkey or a recovery
// code; organizers enrol and remove factors themselves, giving their password again. With
// login.require_second_factor an account without a factor must enrol before it gets a session.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/login_throttle.hpp"
#include "app/password_workers.hpp"
#include "app/pending_logins.hpp"
#include "auth/webauthn.hpp"
#include "http/api.hpp"
#include "store/audit_log.hpp"
#include "store/second_factors.hpp"
#include "store/sessions.hpp"
#include "store/users.hpp"

namespace vicos::app {

struct SecondFactorPolicy {
  bool required = false;         // login.require_second_factor
  std::string issuer = "vicos";  // the name authenticator apps show beside the login
};

// Second-step outcomes since start, for the metrics; no logins or addresses (P27, P28).
struct SecondFactorCounts {
  uint64_t failures = 0;   // wrong code, recovery code or passkey
  uint64_t throttled = 0;  // answered 429
  uint64_t busy = 0;       // the pending table was full
};

class SecondFactorApi {
 public:
  SecondFactorApi(store::UserStore& users, store::SessionStore& sessions, store::SecondFactorStore& factors,
                  store::AuditLog& audit, LoginThrottle& throttle, PasswordWorkers& workers,
                  store::WallClock clock, MonotonicMillis monotonic, SecondFactorPolicy policy);

  // api/login/second-factor and everything under api/second-factors.
  static bool handles(std::string_view path);
  void handle(const http::ApiRequest& request, const http::ApiResponder& respond);
  // Called once the password of `user` was right: a session at once, or the second step.
  http::ApiResponse afterPassword(const store::User& user, const std::string& address);
  // Starts the session: throttle cleared, last login noted, cookie set, audited.
  http::ApiResponse openSession(const std::string& login, const std::string& address,
                                nlohmann::json body = nlohmann::json::object());
  const SecondFactorCounts& counts() const { return mCounts; }
  // Pending logins held in memory, for the tests of the bound.
  [[nodiscard]] size_t pendingCount() const { return mPending.size(); }

 private:
  struct Caller {
    std::string login;
    std::optional<std::string> pendingKey;  // a login that must enrol before its session
  };
  using Continue = std::function<http::ApiResponse()>;

  std::optional<Caller> caller(const http::ApiRequest& request, const nlohmann::json& body);
  void withPassword(const Caller& who, const nlohmann::json& body, const std::string& address,
                    const http::ApiResponder& respond, Continue then);
  http::ApiResponse secondStep(const http::ApiRequest& request, const nlohmann::json& body);
  std::optional<bool> checkFactor(const std::string& login, const PendingLogin& pending,
                                  const nlohmann::json& body, const auth::RelyingParty& rp,
                                  std::string& method);
  http::ApiResponse list(const http::ApiRequest& request);
  http::ApiResponse startTotp(const Caller& who);
  http::ApiResponse confirmTotp(const Caller& who, const nlohmann::json& body, const std::string& address);
  http::ApiResponse startPasskey(const Caller& who, const auth::RelyingParty& rp);
  http::ApiResponse confirmPasskey(const Caller& who, const nlohmann::json& body,
                                   const auth::RelyingParty& rp, const std::string& address);
  http::ApiResponse remove(const Caller& who, const nlohmann::json& body);
  http::ApiResponse newRecoveryCodes(const Caller& who);
  // After a factor was added: recovery codes when it is the first, and the session when the
  // caller was a login that had to enrol.
  http::ApiResponse enrolled(const Caller& who, int64_t id, const char* kind, const std::string& address);

  store::UserStore& mUsers;
  store::SessionStore& mSessions;
  store::SecondFactorStore& mFactors;
  store::AuditLog& mAudit;
  LoginThrottle& mThrottle;
  PasswordWorkers& mWorkers;
  store::WallClock mClock;
  SecondFactorPolicy mPolicy;
  SecondFactorCounts mCounts;
  ExpiringMap<PendingLogin> mPending;  // by SHA-256 of the pending token
  ExpiringMap<Enrolment> mEnrolments;  // by login
};

// The WebAuthn relying party of a request that passed refuseCrossSite: the RP ID is the Host
// without its port, the origin the Origin header (which names the Host).
auth::RelyingParty relyingPartyFor(const http::ApiRequest& request);

}  // namespace vicos::app
