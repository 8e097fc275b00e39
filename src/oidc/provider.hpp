// The configured OpenID provider as the code flow sees it: its discovery document and keys,
// fetched over HTTPS and cached, the authentication request (OpenID Connect Core 3.1.2.1) and
// the code exchange with ID token verification (Core 3.1.3). Blocking; worker threads only.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "oidc/discovery.hpp"
#include "oidc/https_client.hpp"
#include "oidc/id_token.hpp"
#include "oidc/jwks.hpp"
#include "oidc/pending_logins.hpp"

namespace vicos::oidc {

enum class ClientAuth { SecretBasic, SecretPost };  // RFC 6749 2.3.1, OpenID Connect Core 9

struct ProviderSettings {
  std::string issuer;
  std::string clientId;
  std::string clientSecret;
  std::string redirectUri;  // <public origin>/api/oidc/callback
  std::string scopes = "openid";
  ClientAuth clientAuth = ClientAuth::SecretBasic;
};

// Why a login could not finish; `code` goes to the browser and the counters, `detail` (no
// personal data) to the operator's log.
struct FlowError {
  std::string code;  // "issuer-unavailable", "token-refused", "token-invalid"
  std::string detail;
};

class Provider {
 public:
  // The discovery document and keys are fetched again after this long.
  static constexpr int64_t kCacheSeconds = 3600;
  // A token signed with an unknown kid fetches the key set again, at most this often (rotation).
  static constexpr int64_t kKeyRefetchSeconds = 60;

  Provider(ProviderSettings settings, HttpsClient client, std::function<int64_t()> now);

  // The URL to send the browser to; fetches the discovery document when not cached.
  std::variant<std::string, FlowError> authorizationUrl(const PendingLogin& login);
  // Redeems `code` at the token endpoint with the login's PKCE verifier and verifies the ID
  // token against the login's nonce.
  std::variant<IdToken, FlowError> redeem(const std::string& code, const PendingLogin& login);

  const ProviderSettings& settings() const { return mSettings; }

 private:
  std::variant<Discovery, FlowError> discovery();
  std::optional<FlowError> refreshKeys(const Discovery& doc);

  const ProviderSettings mSettings;
  const HttpsClient mClient;
  const std::function<int64_t()> mNow;
  std::mutex mMutex;  // several worker threads may share one provider
  std::optional<Discovery> mDiscovery;
  int64_t mDiscoveryAt = 0;
  std::vector<PublicKey> mKeys;
  int64_t mKeysAt = 0;
  bool mHaveKeys = false;
};

}  // namespace vicos::oidc
