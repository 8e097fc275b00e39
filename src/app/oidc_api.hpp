// Single sign-on for organizers (P9; docs/protocol.md "Single sign-on"): GET /api/oidc/provider,
// /api/oidc/start and /api/oidc/callback, the OpenID Connect authorization code flow with PKCE.
// Network work (discovery, keys, code exchange) runs on `workers`, never on the control thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/password_workers.hpp"
#include "http/api.hpp"
#include "oidc/organizer_claim.hpp"
#include "oidc/pending_logins.hpp"
#include "oidc/provider.hpp"
#include "store/audit_log.hpp"
#include "store/sessions.hpp"
#include "store/sso_accounts.hpp"

namespace vicos::app {

// Binds a login under way to the browser that started it (login CSRF, RFC 6749 10.12): holds
// the state; SameSite=Lax so that it comes back on the issuer's top-level redirect.
inline constexpr std::string_view kSsoStateCookie = "vicos_sso";

// Single sign-on outcomes since start, for the log and metrics; no names or addresses.
struct SsoCounts {
  uint64_t started = 0;
  uint64_t succeeded = 0;
  uint64_t refused = 0;  // state, token, issuer or organizer-claim problems
};

class OidcApi {
 public:
  // The redirect URI registered at the issuer: the public origin and this path.
  static constexpr std::string_view kCallbackPath = "/api/oidc/callback";

  OidcApi(const Config::Oidc& config, oidc::HttpsClient client, store::SsoAccounts& accounts,
          store::SessionStore& sessions, store::AuditLog& audit, PasswordWorkers& workers,
          std::function<int64_t()> clock);

  static bool handles(const http::ApiRequest& request) { return request.path.starts_with("api/oidc/"); }
  void handle(const http::ApiRequest& request, const http::ApiResponder& respond);
  const SsoCounts& counts() const { return mCounts; }

 private:
  void start(const http::ApiRequest& request, const http::ApiResponder& respond);
  void callback(const http::ApiRequest& request, const http::ApiResponder& respond);
  http::ApiResponse finish(const oidc::IdToken& token);
  http::ApiResponse refuse(const char* code);

  const Config::Oidc mConfig;
  // Shared with the worker jobs, which may still run when a request's connection is gone.
  std::shared_ptr<oidc::Provider> mProvider;
  store::SsoAccounts& mAccounts;
  store::SessionStore& mSessions;
  store::AuditLog& mAudit;
  PasswordWorkers& mWorkers;
  std::function<int64_t()> mClock;
  oidc::PendingLogins mPending;
  SsoCounts mCounts;
};

// The value of `name` in a query string (application/x-www-form-urlencoded, percent-decoded);
// nothing when absent, repeated or badly encoded.
std::optional<std::string> queryValue(std::string_view query, std::string_view name);

}  // namespace vicos::app
