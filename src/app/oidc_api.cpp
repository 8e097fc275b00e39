// The code flow's two legs: start (state, nonce and PKCE verifier kept here, the browser sent to
// the issuer) and callback (state checked against the cookie and used up, code redeemed on a
// worker, ID token verified, organizer claim checked, account and session made).
#include "app/oidc_api.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "common/log.hpp"

namespace vicos::app {
namespace {

constexpr size_t kMaxQueryBytes = 4096;
// The login page shows the translated reason (web/js/ui/login.js).
constexpr const char* kRefusedPage = "/login?sso-error=";

std::string stateCookie(std::string_view state, long maxAgeSeconds) {
  return std::string(kSsoStateCookie) + "=" + std::string(state) +
         "; Max-Age=" + std::to_string(maxAgeSeconds) + "; Path=/api/oidc/; Secure; HttpOnly; SameSite=Lax";
}

http::ApiResponse redirect(std::string location) {
  http::ApiResponse res;
  res.status = 303;
  res.location = std::move(location);
  return res;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> formDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hexValue(text[i + 1]), lo = hexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> queryValue(std::string_view query, std::string_view name) {
  std::optional<std::string> found;
  while (!query.empty()) {
    const size_t end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    if (found) return std::nullopt;  // RFC 6749 3.1: parameters must not be repeated
    found = formDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!found) return std::nullopt;
  }
  return found;
}

OidcApi::OidcApi(const Config::Oidc& config, oidc::HttpsClient client, store::SsoAccounts& accounts,
                 store::SessionStore& sessions, store::AuditLog& audit, PasswordWorkers& workers,
                 std::function<int64_t()> clock)
    : mConfig(config),
      mAccounts(accounts),
      mSessions(sessions),
      mAudit(audit),
      mWorkers(workers),
      mClock(std::move(clock)) {
  oidc::ProviderSettings settings;
  settings.issuer = config.issuer;
  settings.clientId = config.clientId;
  settings.clientSecret = config.clientSecret;
  settings.redirectUri = config.publicOrigin + std::string(kCallbackPath);
  settings.scopes.clear();
  for (const auto& scope : config.scopes) settings.scopes += (settings.scopes.empty() ? "" : " ") + scope;
  settings.clientAuth = config.clientAuth == "client_secret_post" ? oidc::ClientAuth::SecretPost
                                                                  : oidc::ClientAuth::SecretBasic;
  mProvider = std::make_shared<oidc::Provider>(std::move(settings), std::move(client), mClock);
}

void OidcApi::handle(const http::ApiRequest& request, const http::ApiResponder& respond) {
  if (request.method != "GET") {
    http::ApiResponse res{405, R"({"error":"method-not-allowed","message":"method not allowed"})", {}, {}};
    return respond(res);
  }
  if (request.path == "api/oidc/provider")
    return respond(http::ApiResponse{200, nlohmann::json{{"name", mConfig.providerName}}.dump(), {}, {}});
  if (request.path == "api/oidc/start") return start(request, respond);
  if (request.path == "api/oidc/callback") return callback(request, respond);
  respond(http::ApiResponse{404, R"({"error":"not-found","message":"no such API"})", {}, {}});
}

http::ApiResponse OidcApi::refuse(const char* code) {
  ++mCounts.refused;
  LOG_INFO("sso", "single sign-on refused: %s", code);
  auto res = redirect(std::string(kRefusedPage) + code);
  res.setCookies.push_back(stateCookie("", 0));
  return res;
}

void OidcApi::start(const http::ApiRequest& request, const http::ApiResponder& respond) {
  auto login = mPending.begin(mClock(), request.addressBucket);
  if (!login) return respond(refuse("busy"));
  ++mCounts.started;
  auto url = std::make_shared<std::variant<std::string, oidc::FlowError>>(oidc::FlowError{});
  const bool queued = mWorkers.submit(
      [provider = mProvider, url, pending = *login] {
        *url = provider->authorizationUrl(pending);
        return true;
      },
      [this, url, state = login->state, respond](bool) {
        if (auto* e = std::get_if<oidc::FlowError>(url.get())) {
          LOG_WARN("sso", "the identity provider is unavailable: %s", e->detail.c_str());
          (void)mPending.take(state, mClock());
          return respond(refuse("issuer-unavailable"));
        }
        auto res = redirect(std::get<std::string>(*url));
        res.setCookies.push_back(stateCookie(state, oidc::PendingLogins::kDefaultLifetimeSeconds));
        respond(res);
      });
  if (!queued) {
    (void)mPending.take(login->state, mClock());
    respond(refuse("busy"));
  }
}

void OidcApi::callback(const http::ApiRequest& request, const http::ApiResponder& respond) {
  if (request.query.size() > kMaxQueryBytes) return respond(refuse("bad-request"));
  const auto state = queryValue(request.query, "state");
  const auto cookie = http::cookieValue(request.cookie, kSsoStateCookie);
  // The state must be the one this browser was given at start (constant-time comparison).
  if (!state || state->empty() || !cookie || cookie->size() != state->size() ||
      CRYPTO_memcmp(cookie->data(), state->data(), state->size()) != 0)
    return respond(refuse("state"));
  // Used up here, whatever follows: a replayed callback finds no login (single-use nonce).
  const auto login = mPending.take(*state, mClock());
  if (!login) return respond(refuse("expired"));
  if (queryValue(request.query, "error")) return respond(refuse("denied"));  // RFC 6749 4.1.2.1
  const auto code = queryValue(request.query, "code");
  if (!code || code->empty()) return respond(refuse("bad-request"));

  auto result = std::make_shared<std::variant<oidc::IdToken, oidc::FlowError>>(oidc::FlowError{});
  const bool queued = mWorkers.submit(
      [provider = mProvider, result, code = *code, pending = *login] {
        *result = provider->redeem(code, pending);
        return true;
      },
      [this, result, respond](bool) {
        if (auto* e = std::get_if<oidc::FlowError>(result.get())) {
          LOG_WARN("sso", "single sign-on failed: %s", e->detail.c_str());
          return respond(refuse(e->code.c_str()));
        }
        respond(finish(std::get<oidc::IdToken>(*result)));
      });
  if (!queued) respond(refuse("busy"));
}

http::ApiResponse OidcApi::finish(const oidc::IdToken& token) {
  if (!oidc::hasOrganizerClaim(token.claims, mConfig.organizerClaim, mConfig.organizerValues))
    return refuse("not-organizer");
  const std::string name = oidc::displayNameFrom(token.claims, mConfig.displayNameClaim, "Organizer");
  auto account = mAccounts.signIn(mConfig.issuer, token.subject, name);
  if (!account) {
    LOG_ERROR("sso", "store: %s", account.error().message.c_str());
    return refuse("internal");
  }
  auto session = mSessions.create(*account);
  if (!session) {
    LOG_ERROR("sso", "store: %s", session.error().message.c_str());
    return refuse("internal");
  }
  if (auto s = mAudit.record(mClock(), *account, store::AuditAction::LoginSucceeded, *account); !s)
    LOG_ERROR("sso", "audit: %s", s.error().message.c_str());
  ++mCounts.succeeded;
  auto res = redirect("/");
  res.setCookies.push_back(http::sessionCookie(*session, static_cast<long>(mSessions.lifetime())));
  res.setCookies.push_back(stateCookie("", 0));
  return res;
}

}  // namespace vicos::app
