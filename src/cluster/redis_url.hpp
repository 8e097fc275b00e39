// The Redis address in cluster.redis_url: redis://[user@]host[:port][/db] for plain TCP and
// rediss://... for TLS, with an optional ?cacert=/path/ca.pem; the password lives in
// cluster.redis_password_file, never in the URL (it would end up in process lists and backups).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vicos::cluster {

struct RedisUrl {
  bool tls = false;
  std::string user;  // ACL user (Redis 6+); empty: the default user
  std::string host;  // name, IPv4 or IPv6 literal (without brackets)
  uint16_t port = 6379;
  unsigned database = 0;
  std::string caFile;  // PEM bundle trusted for TLS instead of the system's
};

// Pure parser of operator input: a RedisUrl or an error message that never repeats the URL
// (it might hold a password by mistake).
std::variant<RedisUrl, std::string> parseRedisUrl(std::string_view text);

// P1, P2: room placement and throttling keys cross to Redis; only this machine may be reached
// without TLS. An error for redis:// to any host but localhost, 127.0.0.1 or ::1.
std::optional<std::string> requireTlsOffHost(const RedisUrl& url);

}  // namespace vicos::cluster
