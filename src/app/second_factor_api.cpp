// Second factors over JSON: CSRF guard, then shape, then who is asking (session cookie, or a
// pending login that must enrol), then the password again where a change needs it.
#include "app/second_factor_api.hpp"

#include <openssl/sha.h>

#include "app/api_replies.hpp"
#include "app/login_api.hpp"
#include "common/base64url.hpp"
#include "auth/totp.hpp"

namespace vicos::app {
namespace {

constexpr size_t kChallengeBytes = 32;
constexpr int64_t kPasskeyTimeoutMs = 120000;

std::string keyOf(const std::string& token) {
  unsigned char hash[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), hash);
  return std::string(reinterpret_cast<const char*>(hash), sizeof hash);
}

const std::string* stringField(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<std::vector<uint8_t>> bytesField(const nlohmann::json& body, const char* name) {
  const std::string* text = stringField(body, name);
  if (!text) return std::nullopt;
  return base64urlDecode(*text);
}

// 1-64 bytes without control characters; the default names the kind.
std::string labelOf(const nlohmann::json& body, const char* fallback) {
  const std::string* label = stringField(body, "label");
  if (!label || label->empty() || label->size() > store::kFactorLabelMax) return fallback;
  for (unsigned char c : *label)
    if (c < 0x20 || c == 0x7f) return fallback;
  return *label;
}

http::ApiResponse wrongFactor() {
  return apiError(401, "wrong-second-factor", "the code, recovery code or passkey was not accepted");
}

http::ApiResponse pendingExpired() {
  return apiError(401, "pending-expired", "the login took too long or failed too often; start again");
}

}  // namespace

auth::RelyingParty relyingPartyFor(const http::ApiRequest& request) {
  std::string id = request.host;
  if (!id.empty() && id.front() == '[')
    id = id.substr(0, id.find(']') + 1);
  else
    id = id.substr(0, id.find(':'));
  return auth::RelyingParty{id, request.origin, false};
}

SecondFactorApi::SecondFactorApi(store::UserStore& users, store::SessionStore& sessions,
                                 store::SecondFactorStore& factors, store::AuditLog& audit,
                                 LoginThrottle& throttle, PasswordWorkers& workers, store::WallClock clock,
                                 MonotonicMillis monotonic, SecondFactorPolicy policy)
    : mUsers(users),
      mSessions(sessions),
      mFactors(factors),
      mAudit(audit),
      mThrottle(throttle),
      mWorkers(workers),
      mClock(std::move(clock)),
      mPolicy(std::move(policy)),
      mPending(monotonic),
      mEnrolments(monotonic) {}

bool SecondFactorApi::handles(std::string_view path) {
  return path == "api/login/second-factor" || path == "api/second-factors" ||
         path.starts_with("api/second-factors/");
}

http::ApiResponse SecondFactorApi::openSession(const std::string& login, const std::string& address,
                                               nlohmann::json body) {
  auto user = mUsers.find(login);
  if (!user) return apiInternalError(user.error());
  if (!*user) return pendingExpired();  // removed meanwhile
  mThrottle.recordSuccess(login, address);
  if (auto s = mUsers.recordLogin(login); !s) return apiInternalError(s.error());
  auto token = mSessions.create(login);
  if (!token) return apiInternalError(token.error());
  if (auto s = mAudit.record(mClock(), login, store::AuditAction::LoginSucceeded, login); !s)
    return apiInternalError(s.error());
  body["login"] = login;
  body["name"] = (*user)->displayName;
  http::ApiResponse res = apiJson(body);
  res.setCookies.push_back(http::sessionCookie(*token, static_cast<long>(mSessions.lifetime())));
  return res;
}

http::ApiResponse SecondFactorApi::afterPassword(const store::User& user, const std::string& address) {
  auto factors = mFactors.list(user.login);
  if (!factors) return apiInternalError(factors.error());
  if (factors->empty() && !mPolicy.required) return openSession(user.login, address);

  PendingLogin pending{user.login, factors->empty(), {}, 0};
  nlohmann::json body{{"expiresIn", kPendingLifetimeMs / 1000}};
  if (pending.mustEnrol) {
    body["next"] = "enrol";
  } else {
    body["next"] = "second-factor";
    nlohmann::json methods = nlohmann::json::array();
    nlohmann::json allow = nlohmann::json::array();
    bool totp = false;
    for (const auto& f : *factors) totp = totp || f.kind == "totp";
    if (totp) methods.push_back("totp");
    auto keys = mFactors.passkeys(user.login);
    if (!keys) return apiInternalError(keys.error());
    if (!keys->empty()) {
      methods.push_back("passkey");
      pending.passkeyChallenge = randomBytes(kChallengeBytes);
      for (const auto& k : *keys) allow.push_back(base64urlEncode(k.credentialId));
      body["passkey"] = {{"challenge", base64urlEncode(pending.passkeyChallenge)},
                         {"allowCredentials", allow},
                         {"timeout", kPasskeyTimeoutMs}};
    }
    methods.push_back("recovery");
    body["methods"] = methods;
  }
  const std::string token = newPendingToken();
  if (token.empty() || (!pending.mustEnrol && pending.passkeyChallenge.empty() && body.contains("passkey")))
    return apiInternalError(store::Error{"the random generator failed"});
  if (!mPending.insert(keyOf(token), std::move(pending))) {
    ++mCounts.busy;
    return apiRetryLater(503, "busy", "too many logins at once; try again shortly",
                         LoginApi::kBusyRetrySeconds);
  }
  body["pending"] = token;
  return apiJson(body);
}

void SecondFactorApi::handle(const http::ApiRequest& request, const http::ApiResponder& respond) {
  if (request.path == "api/second-factors") {
    if (request.method != "GET") return respond(apiError(405, "method-not-allowed", "method not allowed"));
    return respond(list(request));
  }
  if (request.method != "POST") return respond(apiError(405, "method-not-allowed", "method not allowed"));
  if (auto refusal = refuseCrossSite(request)) return respond(*refusal);
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return respond(apiError(400, "bad-json", "the body must be a JSON object"));
  if (request.path == "api/login/second-factor") return respond(secondStep(request, body));

  const auto who = caller(request, body);
  if (!who) return respond(apiError(401, "not-logged-in", "not logged in"));
  const std::string& address = request.addressBucket;
  const auth::RelyingParty rp = relyingPartyFor(request);
  const std::string& path = request.path;
  if (path == "api/second-factors/totp/start") return respond(startTotp(*who));
  if (path == "api/second-factors/passkey/start") return respond(startPasskey(*who, rp));
  // Changes need the password again (a forgotten open session must not let anyone add their
  // own factor); a login that must enrol gave it moments ago.
  if (path == "api/second-factors/totp")
    return withPassword(*who, body, address, respond, [=, this] { return confirmTotp(*who, body, address); });
  if (path == "api/second-factors/passkey")
    return withPassword(*who, body, address, respond,
                        [=, this] { return confirmPasskey(*who, body, rp, address); });
  if (who->pendingKey) return respond(apiError(409, "must-enrol", "add a second factor first"));
  if (path == "api/second-factors/remove")
    return withPassword(*who, body, address, respond, [=, this] { return remove(*who, body); });
  if (path == "api/second-factors/recovery-codes")
    return withPassword(*who, body, address, respond, [=, this] { return newRecoveryCodes(*who); });
  respond(apiError(404, "not-found", "no such API"));
}

std::optional<SecondFactorApi::Caller> SecondFactorApi::caller(const http::ApiRequest& request,
                                                               const nlohmann::json& body) {
  if (const std::string* token = stringField(body, "pending")) {
    const std::string key = keyOf(*token);
    const PendingLogin* pending = mPending.find(key);
    if (!pending || !pending->mustEnrol) return std::nullopt;
    return Caller{pending->login, key};
  }
  const auto token = http::cookieValue(request.cookie, http::kSessionCookie);
  auto login = mSessions.lookup(token.value_or(""));
  if (!login || !*login) return std::nullopt;
  return Caller{**login, std::nullopt};
}

void SecondFactorApi::withPassword(const Caller& who, const nlohmann::json& body, const std::string& address,
                                   const http::ApiResponder& respond, Continue then) {
  if (who.pendingKey) return respond(then());
  const std::string* password = stringField(body, "password");
  if (!password) return respond(apiError(400, "bad-json", "the body needs a string field \"password\""));
  if (auto refusal = refuseThrottled(mThrottle, who.login, address)) {
    ++mCounts.throttled;
    return respond(*refusal);
  }
  auto hash = mUsers.passwordHash(who.login);
  if (!hash) return respond(apiInternalError(hash.error()));
  const bool queued = mWorkers.submit(
      [hash = std::move(*hash), secret = *password, params = mUsers.passwordParams()] {
        return store::passwordMatches(hash, secret, params);
      },
      [this, login = who.login, address, respond, then = std::move(then)](bool match) {
        if (match) return respond(then());
        mThrottle.recordFailure(login, address);
        respond(apiError(401, "wrong-password", "the password is wrong"));
      });
  if (!queued)
    respond(apiRetryLater(503, "busy", "the server is checking too many logins; try again shortly",
                          LoginApi::kBusyRetrySeconds));
}

http::ApiResponse SecondFactorApi::secondStep(const http::ApiRequest& request, const nlohmann::json& body) {
  const std::string* token = stringField(body, "pending");
  if (!token) return apiError(400, "bad-json", "the body needs a string field \"pending\"");
  const std::string key = keyOf(*token);
  PendingLogin* pending = mPending.find(key);
  if (!pending) return pendingExpired();
  if (pending->mustEnrol) return apiError(409, "must-enrol", "add a second factor first");
  const std::string login = pending->login;
  const std::string& address = request.addressBucket;
  // The same throttle as the password (login_throttle.hpp): guessing codes costs as much.
  if (auto refusal = refuseThrottled(mThrottle, login, address)) {
    ++mCounts.throttled;
    return *refusal;
  }
  std::string method;
  auto ok = checkFactor(login, *pending, body, relyingPartyFor(request), method);
  if (!ok) return apiInternalError(store::Error{"second factor check"});
  if (!*ok) {
    ++mCounts.failures;
    mThrottle.recordFailure(login, address);
    if (++pending->failures >= kPendingMaxFailures) mPending.erase(key);
    if (auto s = mAudit.record(mClock(), login, store::AuditAction::SecondFactorFailed, login, method); !s)
      return apiInternalError(s.error());
    return wrongFactor();
  }
  mPending.erase(key);
  if (method == "recovery")
    if (auto s = mAudit.record(mClock(), login, store::AuditAction::RecoveryCodeUsed, login); !s)
      return apiInternalError(s.error());
  return openSession(login, address);
}

// True for a right factor, false for a wrong one, nothing when the store failed. `method`
// names the kind tried, for the audit entry.
std::optional<bool> SecondFactorApi::checkFactor(const std::string& login, const PendingLogin& pending,
                                                 const nlohmann::json& body, const auth::RelyingParty& rp,
                                                 std::string& method) {
  if (const std::string* code = stringField(body, "code")) {
    method = "totp";
    auto keys = mFactors.totpKeys(login);
    if (!keys) return std::nullopt;
    for (const auto& k : *keys)
      if (auto step = auth::matchTotp(k.secret, *code, mClock(), k.lastStep)) {
        auto accepted = mFactors.acceptTotpStep(k.id, *step);
        if (!accepted) return std::nullopt;
        if (*accepted) return true;
      }
    return false;
  }
  if (const std::string* code = stringField(body, "recoveryCode")) {
    method = "recovery";
    auto used = mFactors.useRecoveryCode(login, *code);
    if (!used) return std::nullopt;
    return *used;
  }
  const auto passkey = body.find("passkey");
  method = "passkey";
  if (passkey == body.end() || !passkey->is_object() || pending.passkeyChallenge.empty()) return false;
  const auto id = bytesField(*passkey, "credentialId");
  const auto clientData = bytesField(*passkey, "clientDataJSON");
  const auto authData = bytesField(*passkey, "authenticatorData");
  const auto signature = bytesField(*passkey, "signature");
  if (!id || !clientData || !authData || !signature) return false;
  auto stored = mFactors.passkeyById(*id);
  if (!stored) return std::nullopt;
  if (!*stored) return false;
  // The credential must be this login's: a passkey of another account proves nothing here.
  auto mine = mFactors.passkeys(login);
  if (!mine) return std::nullopt;
  bool owned = false;
  for (const auto& k : *mine) owned = owned || k.id == (*stored)->id;
  if (!owned) return false;
  const auth::PublicKey key{(*stored)->algorithm, (*stored)->publicKey};
  auto result = auth::verifyAssertion(rp, pending.passkeyChallenge, key, (*stored)->signCount, *clientData,
                                      *authData, *signature);
  const auto* count = std::get_if<uint32_t>(&result);
  if (!count) return false;
  if (auto s = mFactors.passkeyUsed((*stored)->id, *count); !s) return std::nullopt;
  return true;
}

http::ApiResponse SecondFactorApi::list(const http::ApiRequest& request) {
  const auto who = caller(request, nlohmann::json::object());
  if (!who) return apiError(401, "not-logged-in", "not logged in");
  auto factors = mFactors.list(who->login);
  auto left = mFactors.recoveryCodesLeft(who->login);
  if (!factors) return apiInternalError(factors.error());
  if (!left) return apiInternalError(left.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& f : *factors)
    rows.push_back({{"id", f.id},
                    {"kind", f.kind},
                    {"label", f.label},
                    {"createdAt", f.createdAt},
                    {"lastUsedAt", f.lastUsedAt ? nlohmann::json(*f.lastUsedAt) : nlohmann::json()}});
  return apiJson({{"factors", rows}, {"recoveryCodesLeft", *left}, {"required", mPolicy.required}});
}

http::ApiResponse SecondFactorApi::startTotp(const Caller& who) {
  Enrolment enrolment;
  if (Enrolment* old = mEnrolments.find(who.login)) enrolment = *old;
  enrolment.totpSecret = randomBytes(auth::kTotpSecretBytes);
  if (enrolment.totpSecret.empty()) return apiInternalError(store::Error{"the random generator failed"});
  const auto secret = enrolment.totpSecret;
  if (!mEnrolments.insert(who.login, std::move(enrolment)))
    return apiRetryLater(503, "busy", "too many enrolments at once; try again shortly",
                         LoginApi::kBusyRetrySeconds);
  return apiJson(
      {{"secret", auth::base32(secret)}, {"uri", auth::otpauthUri(mPolicy.issuer, who.login, secret)}});
}

http::ApiResponse SecondFactorApi::confirmTotp(const Caller& who, const nlohmann::json& body,
                                               const std::string& address) {
  Enrolment* enrolment = mEnrolments.find(who.login);
  const std::string* code = stringField(body, "code");
  if (!enrolment || enrolment->totpSecret.empty())
    return apiError(409, "no-enrolment", "start the enrolment first");
  const auto step = code ? auth::matchTotp(enrolment->totpSecret, *code, mClock(), 0) : std::nullopt;
  if (!step) return apiError(400, "wrong-code", "the code does not match; check the time of the device");
  auto id = mFactors.addTotp(who.login, labelOf(body, "TOTP"), enrolment->totpSecret);
  if (!id) return apiInternalError(id.error());
  enrolment->totpSecret.clear();
  // The code just typed must not log in again within its window.
  if (auto s = mFactors.acceptTotpStep(*id, *step); !s) return apiInternalError(s.error());
  return enrolled(who, *id, "totp", address);
}

http::ApiResponse SecondFactorApi::startPasskey(const Caller& who, const auth::RelyingParty& rp) {
  Enrolment enrolment;
  if (Enrolment* old = mEnrolments.find(who.login)) enrolment = *old;
  enrolment.passkeyChallenge = randomBytes(kChallengeBytes);
  if (enrolment.passkeyChallenge.empty())
    return apiInternalError(store::Error{"the random generator failed"});
  const auto challenge = enrolment.passkeyChallenge;
  if (!mEnrolments.insert(who.login, std::move(enrolment)))
    return apiRetryLater(503, "busy", "too many enrolments at once; try again shortly",
                         LoginApi::kBusyRetrySeconds);
  auto keys = mFactors.passkeys(who.login);
  if (!keys) return apiInternalError(keys.error());
  nlohmann::json exclude = nlohmann::json::array();
  for (const auto& k : *keys) exclude.push_back(base64urlEncode(k.credentialId));
  // W3C WebAuthn Level 2 section 5.4: the user handle is random, not the login (it is kept on the
  // authenticator); a second factor needs no discoverable credential and no PIN.
  return apiJson({{"challenge", base64urlEncode(challenge)},
                  {"rp", {{"id", rp.id}, {"name", mPolicy.issuer}}},
                  {"user", {{"id", base64urlEncode(randomBytes(16))}, {"name", who.login}}},
                  {"algorithms", {auth::kCoseEs256, auth::kCoseRs256}},
                  {"excludeCredentials", exclude},
                  {"timeout", kPasskeyTimeoutMs}});
}

http::ApiResponse SecondFactorApi::confirmPasskey(const Caller& who, const nlohmann::json& body,
                                                  const auth::RelyingParty& rp, const std::string& address) {
  Enrolment* enrolment = mEnrolments.find(who.login);
  if (!enrolment || enrolment->passkeyChallenge.empty())
    return apiError(409, "no-enrolment", "start the enrolment first");
  const auto clientData = bytesField(body, "clientDataJSON");
  const auto attestation = bytesField(body, "attestationObject");
  if (!clientData || !attestation)
    return apiError(400, "bad-json", "the body needs base64url fields clientDataJSON and attestationObject");
  auto result = auth::verifyRegistration(rp, enrolment->passkeyChallenge, *clientData, *attestation);
  enrolment->passkeyChallenge.clear();  // one attempt per challenge
  if (const auto* e = std::get_if<auth::WebAuthnError>(&result))
    return apiError(400, "passkey-refused", auth::webAuthnErrorName(*e));
  const auto& credential = std::get<auth::NewCredential>(result);
  auto existing = mFactors.passkeyById(credential.credentialId);
  if (!existing) return apiInternalError(existing.error());
  if (*existing) return apiError(409, "passkey-known", "this passkey is registered already");
  const store::StoredPasskey key{0, credential.credentialId, credential.publicKey.spki,
                                 credential.publicKey.algorithm, credential.signCount};
  auto id = mFactors.addPasskey(who.login, labelOf(body, "Passkey"), key);
  if (!id) return apiInternalError(id.error());
  return enrolled(who, *id, "passkey", address);
}

http::ApiResponse SecondFactorApi::enrolled(const Caller& who, int64_t id, const char* kind,
                                            const std::string& address) {
  if (auto s = mAudit.record(mClock(), who.login, store::AuditAction::SecondFactorAdded, who.login, kind); !s)
    return apiInternalError(s.error());
  nlohmann::json body{{"id", id}};
  auto left = mFactors.recoveryCodesLeft(who.login);
  if (!left) return apiInternalError(left.error());
  if (*left == 0) {
    auto codes = mFactors.newRecoveryCodes(who.login);
    if (!codes) return apiInternalError(codes.error());
    if (auto s = mAudit.record(mClock(), who.login, store::AuditAction::RecoveryCodesCreated, who.login); !s)
      return apiInternalError(s.error());
    body["recoveryCodes"] = *codes;
  }
  if (!who.pendingKey) return apiJson(body);
  mPending.erase(*who.pendingKey);
  return openSession(who.login, address, std::move(body));
}

http::ApiResponse SecondFactorApi::remove(const Caller& who, const nlohmann::json& body) {
  const auto id = body.find("id");
  if (id == body.end() || !id->is_number_integer())
    return apiError(400, "bad-json", "the body needs an integer \"id\"");
  auto factors = mFactors.list(who.login);
  if (!factors) return apiInternalError(factors.error());
  std::string kind;
  for (const auto& f : *factors)
    if (f.id == id->get<int64_t>()) kind = f.kind;
  if (kind.empty()) return apiError(404, "no-such-factor", "no such second factor");
  if (mPolicy.required && factors->size() == 1)
    return apiError(409, "second-factor-required", "this server requires a second factor; add another first");
  auto removed = mFactors.remove(who.login, id->get<int64_t>());
  if (!removed) return apiInternalError(removed.error());
  if (auto s = mAudit.record(mClock(), who.login, store::AuditAction::SecondFactorRemoved, who.login, kind);
      !s)
    return apiInternalError(s.error());
  return apiJson({{"removed", id->get<int64_t>()}});
}

http::ApiResponse SecondFactorApi::newRecoveryCodes(const Caller& who) {
  auto any = mFactors.hasAny(who.login);
  if (!any) return apiInternalError(any.error());
  if (!*any) return apiError(409, "no-second-factor", "add a second factor first");
  auto codes = mFactors.newRecoveryCodes(who.login);
  if (!codes) return apiInternalError(codes.error());
  if (auto s = mAudit.record(mClock(), who.login, store::AuditAction::RecoveryCodesCreated, who.login); !s)
    return apiInternalError(s.error());
  return apiJson({{"recoveryCodes", *codes}});
}

}  // namespace vicos::app
