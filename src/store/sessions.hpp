// Organizer login sessions (P7): a random 256-bit token lives only in the browser's cookie;
// the database keeps its SHA-256, the login and the expiry, so a stolen database file does
// not log anyone in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/wall_clock.hpp"

namespace vicos::store {

// Default lifetime of a login session.
constexpr UnixSeconds kSessionLifetime = 12 * 3600;
// A token is 32 random bytes written as 64 lowercase hex digits.
constexpr size_t kSessionTokenChars = 64;

class SessionStore {
 public:
  SessionStore(Database& db, WallClock clock, UnixSeconds lifetime = kSessionLifetime);

  // Starts a session for `login` (which must exist) and returns its token for the cookie.
  Result<std::string> create(const std::string& login);
  // The login of an unexpired session with this token, or nothing (also for malformed tokens).
  Result<std::optional<std::string>> lookup(std::string_view token);
  // Ends the session; unknown tokens are fine.
  Status revoke(std::string_view token);
  // The retention job: removes sessions expired at `now`; returns how many.
  Result<int64_t> removeExpired(UnixSeconds now);

  UnixSeconds lifetime() const { return mLifetime; }

 private:
  Database& mDb;
  WallClock mClock;
  UnixSeconds mLifetime;
};

// True for 64 lowercase hex digits, the only shape create() hands out.
bool isSessionToken(std::string_view token);

}  // namespace vicos::store
