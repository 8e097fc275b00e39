// Single sign-on logins under way: for each `state` the nonce and PKCE verifier of the request
// sent to the issuer, in memory only, bounded and expiring (docs/privacy.md "Single sign-on").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace vicos::oidc {

struct PendingLogin {
  std::string state;
  std::string nonce;
  std::string verifier;  // PKCE code verifier; only its S256 challenge went to the issuer
  std::string owner;     // the starting client's address bucket, for the per-address bound only
  int64_t startedAt = 0;
};

class PendingLogins {
 public:
  // Defaults: a login not finished within 10 minutes is forgotten; at most 1000 at once.
  static constexpr int64_t kDefaultLifetimeSeconds = 600;
  static constexpr size_t kDefaultCapacity = 1000;
  // Logins under way from one address bucket: a flood from one address cannot fill the table.
  static constexpr size_t kPerOwner = 10;

  explicit PendingLogins(size_t capacity = kDefaultCapacity,
                         int64_t lifetimeSeconds = kDefaultLifetimeSeconds);

  // A new login with fresh random state, nonce and verifier; nothing when `capacity` unexpired
  // logins, or kPerOwner from `owner`, are under way (the caller answers "busy"; older ones are
  // never pushed out, so a flood cannot cancel a real user's login mid-way).
  std::optional<PendingLogin> begin(int64_t now, const std::string& owner);
  // Removes and returns the login with this state if it has not expired: every state, and so
  // every nonce, is used once; a replayed callback finds nothing.
  std::optional<PendingLogin> take(const std::string& state, int64_t now);
  size_t size() const { return mLogins.size(); }

 private:
  void dropExpired(int64_t now);

  const size_t mCapacity;
  const int64_t mLifetime;
  std::unordered_map<std::string, PendingLogin> mLogins;
};

}  // namespace vicos::oidc
