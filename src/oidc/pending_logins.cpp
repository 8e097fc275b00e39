// The bounded, expiring table of logins under way; control thread only.
#include "oidc/pending_logins.hpp"

#include <iterator>

#include "oidc/pkce.hpp"

namespace vicos::oidc {

PendingLogins::PendingLogins(size_t capacity, int64_t lifetimeSeconds)
    : mCapacity(capacity), mLifetime(lifetimeSeconds) {}

void PendingLogins::dropExpired(int64_t now) {
  for (auto it = mLogins.begin(); it != mLogins.end();)
    it = now - it->second.startedAt >= mLifetime ? mLogins.erase(it) : std::next(it);
}

std::optional<PendingLogin> PendingLogins::begin(int64_t now, const std::string& owner) {
  dropExpired(now);  // at most kDefaultCapacity entries: cheap next to a login
  if (mLogins.size() >= mCapacity) return std::nullopt;
  size_t owned = 0;
  for (const auto& [state, login] : mLogins) owned += login.owner == owner ? 1 : 0;
  if (owned >= kPerOwner) return std::nullopt;
  PendingLogin login{randomToken(), randomToken(), randomToken(), owner, now};
  mLogins.emplace(login.state, login);
  return login;
}

std::optional<PendingLogin> PendingLogins::take(const std::string& state, int64_t now) {
  const auto it = mLogins.find(state);
  if (it == mLogins.end()) return std::nullopt;
  PendingLogin login = std::move(it->second);
  mLogins.erase(it);
  if (now - login.startedAt >= mLifetime) return std::nullopt;
  return login;
}

}  // namespace vicos::oidc
