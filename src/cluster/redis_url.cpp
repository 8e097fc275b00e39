// Parses cluster.redis_url by hand: the scheme, an optional user, the host (brackets around an
// IPv6 literal), the port, the database number and one query parameter, nothing more.
#include "cluster/redis_url.hpp"

#include <charconv>

namespace vicos::cluster {

namespace {

bool parseNumber(std::string_view text, unsigned long max, unsigned long& out) {
  if (text.empty() || text.size() > 10) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out <= max;
}

bool plainHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

}  // namespace

std::variant<RedisUrl, std::string> parseRedisUrl(std::string_view text) {
  RedisUrl url;
  if (text.starts_with("redis://")) {
    text.remove_prefix(8);
  } else if (text.starts_with("rediss://")) {
    url.tls = true;
    text.remove_prefix(9);
  } else {
    return std::string("cluster.redis_url must start with redis:// or rediss:// (TLS)");
  }
  std::string_view query;
  if (const auto q = text.find('?'); q != std::string_view::npos) {
    query = text.substr(q + 1);
    text = text.substr(0, q);
  }
  std::string_view path;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    path = text.substr(slash + 1);
    text = text.substr(0, slash);
  }
  if (const auto at = text.rfind('@'); at != std::string_view::npos) {
    const auto userInfo = text.substr(0, at);
    if (userInfo.find(':') != std::string_view::npos)
      return std::string("cluster.redis_url holds a password; put it in cluster.redis_password_file");
    for (char c : userInfo)
      if (!plainHostChar(c))
        return std::string("cluster.redis_url: the user name has a character not allowed");
    url.user = std::string(userInfo);
    text = text.substr(at + 1);
  }
  std::string_view portText;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string_view::npos)
      return std::string("cluster.redis_url: an IPv6 address lacks its ']'");
    url.host = std::string(text.substr(1, close - 1));
    for (char c : url.host)
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
            c == '.'))
        return std::string("cluster.redis_url: not an IPv6 address between [ and ]");
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return std::string("cluster.redis_url: unexpected text after ']'");
      portText = rest.substr(1);
      if (portText.empty()) return std::string("cluster.redis_url: the port after ':' is missing");
    }
  } else {
    const auto colon = text.find(':');
    url.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      portText = text.substr(colon + 1);
      if (portText.empty()) return std::string("cluster.redis_url: the port after ':' is missing");
    }
    for (char c : url.host)
      if (!plainHostChar(c)) return std::string("cluster.redis_url: the host has a character not allowed");
  }
  if (url.host.empty() || url.host.size() > 253) return std::string("cluster.redis_url: the host is missing");
  unsigned long number = 0;
  if (!portText.empty()) {
    if (!parseNumber(portText, 65535, number) || number == 0)
      return std::string("cluster.redis_url: the port must be a number from 1 to 65535");
    url.port = static_cast<uint16_t>(number);
  }
  if (!path.empty()) {
    if (!parseNumber(path, 1000000, number))
      return std::string("cluster.redis_url: the path must be a database number, e.g. /0");
    url.database = static_cast<unsigned>(number);
  }
  if (!query.empty()) {
    if (!query.starts_with("cacert=") || query.size() == 7 || query.find('&') != std::string_view::npos)
      return std::string("cluster.redis_url: the only query parameter is cacert=/path/to/ca.pem");
    if (!url.tls) return std::string("cluster.redis_url: cacert= needs rediss:// (TLS)");
    url.caFile = std::string(query.substr(7));
  }
  return url;
}

std::optional<std::string> requireTlsOffHost(const RedisUrl& url) {
  if (url.tls || url.host == "localhost" || url.host == "127.0.0.1" || url.host == "::1") return std::nullopt;
  return std::string("cluster.redis_url: another machine is reached only over TLS; use rediss://");
}

}  // namespace vicos::cluster
