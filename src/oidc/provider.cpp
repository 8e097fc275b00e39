// Discovery, key set, authentication request and code exchange against the configured issuer.
#include "oidc/provider.hpp"

#include "oidc/pkce.hpp"

namespace vicos::oidc {
namespace {

std::variant<std::string, FlowError> fetchJson(const HttpsClient& client, const std::string& url,
                                               const char* what) {
  auto response = client.get(url);
  if (auto* e = std::get_if<FetchError>(&response)) return FlowError{"issuer-unavailable", e->message};
  auto& ok = std::get<HttpsResponse>(response);
  if (ok.status != 200)
    return FlowError{"issuer-unavailable", std::string(what) + " answered HTTP " + std::to_string(ok.status)};
  return std::move(ok.body);
}

}  // namespace

Provider::Provider(ProviderSettings settings, HttpsClient client, std::function<int64_t()> now)
    : mSettings(std::move(settings)), mClient(std::move(client)), mNow(std::move(now)) {}

std::variant<Discovery, FlowError> Provider::discovery() {
  const int64_t now = mNow();
  if (mDiscovery && now - mDiscoveryAt < kCacheSeconds) return *mDiscovery;
  // Discovery 4: the issuer with /.well-known/openid-configuration appended (no double slash).
  std::string url = mSettings.issuer;
  if (!url.empty() && url.back() == '/') url.pop_back();
  auto body = fetchJson(mClient, url + "/.well-known/openid-configuration", "the discovery document");
  if (auto* e = std::get_if<FlowError>(&body)) return *e;
  auto doc = parseDiscovery(std::get<std::string>(body), mSettings.issuer);
  if (!doc)
    return FlowError{
        "issuer-unavailable",
        "the discovery document is malformed, names another issuer or an endpoint that is not https"};
  mDiscovery = std::move(doc);
  mDiscoveryAt = now;
  return *mDiscovery;
}

std::optional<FlowError> Provider::refreshKeys(const Discovery& doc) {
  auto body = fetchJson(mClient, doc.jwksUri, "the key set");
  if (auto* e = std::get_if<FlowError>(&body)) return *e;
  auto keys = parseJwks(std::get<std::string>(body));
  if (!keys) return FlowError{"issuer-unavailable", "the key set is not a JWK Set"};
  mKeys = std::move(*keys);
  mKeysAt = mNow();
  mHaveKeys = true;
  return std::nullopt;
}

std::variant<std::string, FlowError> Provider::authorizationUrl(const PendingLogin& login) {
  const std::lock_guard lock(mMutex);
  auto doc = discovery();
  if (auto* e = std::get_if<FlowError>(&doc)) return *e;
  const std::string& endpoint = std::get<Discovery>(doc).authorizationEndpoint;
  // Core 3.1.2.1 with RFC 7636 4.3; only the S256 challenge leaves the server, not the verifier.
  return endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
         "response_type=code&client_id=" + formEncode(mSettings.clientId) +
         "&redirect_uri=" + formEncode(mSettings.redirectUri) + "&scope=" + formEncode(mSettings.scopes) +
         "&state=" + formEncode(login.state) + "&nonce=" + formEncode(login.nonce) +
         "&code_challenge=" + s256Challenge(login.verifier) + "&code_challenge_method=S256";
}

std::variant<IdToken, FlowError> Provider::redeem(const std::string& code, const PendingLogin& login) {
  const std::lock_guard lock(mMutex);
  auto doc = discovery();
  if (auto* e = std::get_if<FlowError>(&doc)) return *e;
  const Discovery& d = std::get<Discovery>(doc);
  // Core 3.1.3.1 / RFC 6749 4.1.3 with the PKCE verifier (RFC 7636 4.5).
  std::string form = "grant_type=authorization_code&code=" + formEncode(code) +
                     "&redirect_uri=" + formEncode(mSettings.redirectUri) +
                     "&code_verifier=" + login.verifier;
  std::string authorization;
  if (mSettings.clientAuth == ClientAuth::SecretBasic) {
    authorization = basicAuthorization(mSettings.clientId, mSettings.clientSecret);
  } else {
    form += "&client_id=" + formEncode(mSettings.clientId) +
            "&client_secret=" + formEncode(mSettings.clientSecret);
  }
  auto response = mClient.postForm(d.tokenEndpoint, form, authorization);
  if (auto* e = std::get_if<FetchError>(&response)) return FlowError{"issuer-unavailable", e->message};
  const auto& answer = std::get<HttpsResponse>(response);
  if (answer.status != 200)
    return FlowError{"token-refused", "the token endpoint answered HTTP " + std::to_string(answer.status)};
  const auto idToken = parseTokenResponse(answer.body);
  if (!idToken) return FlowError{"token-refused", "the token response has no id_token of type Bearer"};

  const TokenExpectation expect{mSettings.issuer, mSettings.clientId, login.nonce, mNow()};
  if (!mHaveKeys || mNow() - mKeysAt >= kCacheSeconds)
    if (auto e = refreshKeys(d)) return *e;
  auto checked = verifyIdToken(*idToken, mKeys, expect);
  // A new kid after the issuer rotated its keys: fetch the set once more, rate-limited.
  if (std::holds_alternative<TokenError>(checked) &&
      std::get<TokenError>(checked) == TokenError::UnknownKey && mNow() - mKeysAt >= kKeyRefetchSeconds) {
    if (auto e = refreshKeys(d)) return *e;
    checked = verifyIdToken(*idToken, mKeys, expect);
  }
  if (auto* e = std::get_if<TokenError>(&checked))
    return FlowError{"token-invalid", std::string("the ID token was refused: ") + tokenErrorName(*e)};
  return std::get<IdToken>(std::move(checked));
}

}  // namespace vicos::oidc
