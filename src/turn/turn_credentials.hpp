// TURN credentials: the TURN REST scheme (username "expiry:tag", password the base64 of
// HMAC-SHA1(secret, username)), the long-term key of RFC 8489 9.2.2, and stateless nonces.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/byte_reader.hpp"

namespace vicos::turn {

inline constexpr size_t kLongTermKeySize = 16;  // MD5, RFC 8489 9.2.2
using LongTermKey = std::array<uint8_t, kLongTermKeySize>;

// A REST-scheme username: the Unix second it expires at, a colon, and an opaque tag (vicos
// uses a random per-participant token, never a name: P27).
std::string restUsername(int64_t expiresAtUnix, std::string_view tag);

// The password the server derives for `username`: base64(HMAC-SHA1(secret, username)).
std::string restPassword(std::string_view secret, std::string_view username);

// The expiry of a REST username; nothing unless it starts with decimal digits and a colon.
std::optional<int64_t> restExpiry(std::string_view username);

// RFC 8489 9.2.2: key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password)).
// REST passwords are base64, which OpaqueString leaves unchanged.
std::optional<LongTermKey> longTermKey(std::string_view username, std::string_view realm,
                                       std::string_view password);

inline std::string_view keyView(const LongTermKey& key) {
  return {reinterpret_cast<const char*>(key.data()), key.size()};
}

// Nonces the server need not remember (RFC 8489 9.2): the issue time in hex and a MAC over
// it and the client's address, so a nonce is bound to the address it was handed to.
class NonceSource {
 public:
  // `key` is a random per-process secret; nonces expire `lifetimeSeconds` after issue.
  NonceSource(std::string key, int64_t lifetimeSeconds);

  std::string issue(int64_t nowUnix, Bytes clientAddress) const;

  enum class Check : uint8_t { Valid, Stale, Forged };
  // Forged: not one of ours (or another address's). Stale: ours but past its lifetime; both
  // are answered with 438 and a fresh nonce (RFC 8489 9.2.4).
  Check check(std::string_view nonce, int64_t nowUnix, Bytes clientAddress) const;

 private:
  std::string mac(uint64_t issued, Bytes clientAddress) const;

  std::string mKey;
  int64_t mLifetime;
};

}  // namespace vicos::turn
