// Login, logout and session: size and shape first (CSRF headers, JSON), then the throttle,
// then the password check on a worker; every answer is JSON with an `error` code the client
// translates.
#include "app/login_api.hpp"

#include <nlohmann/json.hpp>

#include "app/api_replies.hpp"
#include "http/request_rules.hpp"

namespace vicos::app {
namespace {

bool isJsonContentType(std::string_view type) {
  const std::string_view mediaType = type.substr(0, type.find(';'));
  std::string lower(mediaType);
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json";
}

std::string sessionToken(std::string_view cookieHeader) {
  return std::string(http::cookieValue(cookieHeader, http::kSessionCookie).value_or(""));
}

}  // namespace

std::optional<http::ApiResponse> refuseCrossSite(const http::ApiRequest& request) {
  if (!isJsonContentType(request.contentType))
    return apiError(415, "bad-content-type", "send Content-Type: application/json");
  if (request.origin.empty() || !http::originMatchesHost(request.origin, request.host))
    return apiError(403, "cross-origin", "the Origin header must name this server");
  return std::nullopt;
}

LoginApi::LoginApi(store::UserStore& users, store::SessionStore& sessions, store::SecondFactorStore& factors,
                   store::AuditLog& audit, LoginThrottle& throttle, PasswordWorkers& workers,
                   store::WallClock clock, SecondFactorPolicy policy, MonotonicMillis monotonic)
    : mUsers(users),
      mSessions(sessions),
      mAudit(audit),
      mThrottle(throttle),
      mWorkers(workers),
      mClock(clock),
      mSecondFactor(users, sessions, factors, audit, throttle, workers, clock, std::move(monotonic),
                    std::move(policy)) {}

LoginCounts LoginApi::counts() const {
  LoginCounts all = mCounts;
  all.throttled += mSecondFactor.counts().throttled;
  all.busy += mSecondFactor.counts().busy;
  all.secondFactorFailures = mSecondFactor.counts().failures;
  return all;
}

void LoginApi::handle(const http::ApiRequest& request, const http::ApiResponder& respond) {
  if (SecondFactorApi::handles(request.path)) return mSecondFactor.handle(request, respond);
  const bool post = request.method == "POST";
  if (request.path == "api/login" && post) return login(request, respond);
  if (request.path == "api/logout" && post) return respond(logout(request));
  if (request.path == "api/session" && request.method == "GET") return respond(session(request));
  if (request.path == "api/login" || request.path == "api/logout" || request.path == "api/session")
    return respond(apiError(405, "method-not-allowed", "method not allowed"));
  respond(apiError(404, "not-found", "no such API"));
}

void LoginApi::login(const http::ApiRequest& request, const http::ApiResponder& respond) {
  if (auto refusal = refuseCrossSite(request)) return respond(*refusal);
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return respond(apiError(400, "bad-json", "the body must be a JSON object"));
  const auto login = body.find("login");
  const auto password = body.find("password");
  if (login == body.end() || !login->is_string() || password == body.end() || !password->is_string())
    return respond(apiError(400, "bad-json", "the body needs string fields \"login\" and \"password\""));
  // An ill-formed login is checked like an unknown one: the same Argon2id cost either way. All
  // ill-formed names share one throttle key, so made-up names cannot fill its memory.
  const std::string name =
      store::checkLogin(login->get_ref<const std::string&>()) ? std::string() : login->get<std::string>();
  const std::string& address = request.addressBucket;

  if (auto refusal = refuseThrottled(mThrottle, name, address)) {
    ++mCounts.throttled;
    return respond(*refusal);
  }
  const auto checking = mChecking.find(address);
  if (checking != mChecking.end() && checking->second >= kChecksPerAddress) {
    ++mCounts.busy;
    return respond(
        apiRetryLater(503, "busy", "too many logins at once; try again shortly", kBusyRetrySeconds));
  }

  std::optional<std::string> hash;
  if (!name.empty()) {
    auto stored = mUsers.passwordHash(name);
    if (!stored) return respond(apiInternalError(stored.error()));
    hash = std::move(*stored);
  }
  const bool known = hash.has_value();
  const bool queued = mWorkers.submit(
      [hash = std::move(hash), secret = password->get<std::string>(), params = mUsers.passwordParams()] {
        return store::passwordMatches(hash, secret, params);
      },
      [this, name, address, known, respond](bool match) {
        checkDone(address);
        respond(finishLogin(name, address, known, match));
      });
  if (!queued) {
    ++mCounts.busy;
    return respond(apiRetryLater(503, "busy", "the server is checking too many logins; try again shortly",
                                 kBusyRetrySeconds));
  }
  ++mChecking[address];
}

void LoginApi::checkDone(const std::string& address) {
  const auto it = mChecking.find(address);
  if (it != mChecking.end() && --it->second == 0) mChecking.erase(it);
}

http::ApiResponse LoginApi::finishLogin(const std::string& name, const std::string& address, bool known,
                                        bool match) {
  auto user =
      known ? mUsers.find(name) : store::Result<std::optional<store::User>>(std::optional<store::User>());
  if (!user) return apiInternalError(user.error());
  if (!match || !*user) {
    mThrottle.recordFailure(name, address);
    ++mCounts.failures;
    // Only for existing accounts: the audit log must not fill with made-up names.
    if (*user)
      if (auto s = mAudit.record(mClock(), name, store::AuditAction::LoginFailed, name); !s)
        return apiInternalError(s.error());
    return apiError(401, "wrong-credentials", "login or password is wrong");
  }
  // The account's counts are cleared only once the whole login succeeded (openSession).
  return mSecondFactor.afterPassword(**user, address);
}

http::ApiResponse LoginApi::logout(const http::ApiRequest& request) {
  if (auto refusal = refuseCrossSite(request)) return *refusal;
  const std::string token = sessionToken(request.cookie);
  auto login = mSessions.lookup(token);
  if (!login) return apiInternalError(login.error());
  if (auto s = mSessions.revoke(token); !s) return apiInternalError(s.error());
  if (*login)
    if (auto s = mAudit.record(mClock(), **login, store::AuditAction::LoggedOut, **login); !s)
      return apiInternalError(s.error());
  http::ApiResponse res;
  res.setCookies.push_back(http::sessionCookie("", 0));
  return res;
}

http::ApiResponse LoginApi::session(const http::ApiRequest& request) {
  const auto organizer = organizerFor(request.cookie);
  if (!organizer) return apiError(401, "not-logged-in", "not logged in");
  return http::ApiResponse{
      200, nlohmann::json{{"login", organizer->login}, {"name", organizer->name}}.dump(), {}, {}};
}

std::optional<Organizer> LoginApi::organizerFor(std::string_view cookieHeader) {
  auto login = mSessions.lookup(sessionToken(cookieHeader));
  if (!login || !*login) return std::nullopt;
  auto user = mUsers.find(**login);
  if (!user || !*user) return std::nullopt;
  return Organizer{(*user)->login, (*user)->displayName};
}

}  // namespace vicos::app
