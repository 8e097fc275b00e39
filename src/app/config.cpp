// Configuration file parsing (TOML, via toml++) and validation.
#include "app/config.hpp"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

#include "cluster/node_registry.hpp"
#include "cluster/redis_url.hpp"

namespace vicos::app {
namespace {

bool isIpLiteral(const std::string& ip) {
  unsigned char buf[16];
  return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

std::string keyName(const char* section, const char* key) { return std::string(section) + "." + key; }

// The file's table as the loader reads it: every key it asks for is known, so that whatever else
// the file holds is refused as unknown; errors name the file, the line and the key.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path) : mTable(table), mPath(std::move(path)) {}

  // The value at [section] key, or nullptr.
  const toml::node* find(const char* section, const char* key) {
    mKnown.insert(keyName(section, key));
    return mTable[section][key].node();
  }

  // "FILE:LINE: message".
  ConfigError error(const toml::node& node, const std::string& message) const {
    return ConfigError{mPath + ":" + std::to_string(node.source().begin.line) + ": " + message};
  }

  // The first key (by line) that no find() asked for, including sections that hold no known key
  // and settings outside any section.
  std::optional<ConfigError> unknownKey() const {
    std::optional<ConfigError> first;
    uint32_t firstLine = 0;
    auto consider = [&](const toml::node& node, const std::string& message) {
      const uint32_t line = node.source().begin.line;
      if (!first || line < firstLine) first = error(node, message), firstLine = line;
    };
    for (const auto& [section, value] : mTable) {
      const auto* table = value.as_table();
      if (!table) {
        consider(value, "unknown key " + std::string(section.str()) +
                            " (settings belong in a section such as [http]; see README.md)");
        continue;
      }
      for (const auto& [key, node] : *table) {
        const std::string name = std::string(section.str()) + "." + std::string(key.str());
        if (!mKnown.contains(name))
          consider(node, "unknown key " + name + " (see README.md \"Configuration\")");
      }
    }
    return first;
  }

  const std::set<std::string>& known() const { return mKnown; }

 private:
  const toml::table& mTable;
  std::string mPath;
  std::set<std::string> mKnown;
};

template <typename T>
std::optional<ConfigError> readString(TableReader& table, const char* section, const char* key, T& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto value = node->template value<std::string>();
  if (!value) return table.error(*node, keyName(section, key) + " must be a string");
  out = *value;
  return std::nullopt;
}

std::optional<ConfigError> readNumber(TableReader& table, const char* section, const char* key, unsigned min,
                                      unsigned max, unsigned& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  // Integers only: value<int64_t>() would also take 2.0.
  const auto* value = node->as_integer();
  if (!value || value->get() < min || value->get() > max)
    return table.error(*node, keyName(section, key) + " must be a number from " + std::to_string(min) +
                                  " to " + std::to_string(max));
  out = static_cast<unsigned>(value->get());
  return std::nullopt;
}

std::optional<ConfigError> readBool(TableReader& table, const char* section, const char* key, bool& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto value = node->value<bool>();
  if (!value) return table.error(*node, keyName(section, key) + " must be true or false");
  out = *value;
  return std::nullopt;
}

std::optional<ConfigError> readStringList(TableReader& table, const char* section, const char* key,
                                          std::vector<std::string>& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto* list = node->as_array();
  if (!list) return table.error(*node, keyName(section, key) + " must be a list of strings");
  std::vector<std::string> values;
  for (const auto& item : *list) {
    const auto value = item.value<std::string>();
    if (!value) return table.error(item, keyName(section, key) + " must be a list of strings");
    values.push_back(*value);
  }
  out = std::move(values);
  return std::nullopt;
}

std::optional<ConfigError> readPort(TableReader& table, const char* section, const char* key, uint16_t& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value || value->get() < 1 || value->get() > 65535)
    return table.error(*node, keyName(section, key) + " must be a port number from 1 to 65535");
  out = static_cast<uint16_t>(value->get());
  return std::nullopt;
}

std::optional<ConfigError> readDays(TableReader& table, const char* section, const char* key, unsigned& out) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value || value->get() < 0 || value->get() > 36500)
    return table.error(*node, keyName(section, key) + " must be a number of days from 0 (keep) to 36500");
  out = static_cast<unsigned>(value->get());
  return std::nullopt;
}

// A string that must pass `valid`, else `must` is said about it.
template <typename Valid>
std::optional<ConfigError> readChecked(TableReader& table, const char* section, const char* key,
                                       std::string& out, Valid valid, const std::string& must) {
  const auto* node = table.find(section, key);
  if (!node) return std::nullopt;
  const auto value = node->template value<std::string>();
  if (!value) return table.error(*node, keyName(section, key) + " must be a string");
  if (!valid(*value)) return table.error(*node, keyName(section, key) + " " + must);
  out = *value;
  return std::nullopt;
}

// The bearer token for /metrics: visible ASCII (RFC 6750 section 2.1 allows less; this is what
// Prometheus sends as it is), long enough not to be guessed.
bool isMetricsToken(const std::string& token) {
  if (token.empty()) return true;  // off
  if (token.size() < kMinMetricsTokenLength || token.size() > 1024) return false;
  for (const char c : token)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

bool isOrigin(const std::string& origin) {
  constexpr std::string_view kScheme = "https://";
  if (!origin.starts_with(kScheme) || origin.size() == kScheme.size()) return false;
  return origin.find_first_of("/?#@ ", kScheme.size()) == std::string::npos;
}

std::optional<ConfigError> validateOidc(const Config::Oidc& oidc) {
  if (oidc.issuer.empty()) return std::nullopt;
  if (!oidc.issuer.starts_with("https://") || oidc.issuer.size() <= 8)
    return ConfigError{"oidc.issuer must be an https URL"};
  if (oidc.clientId.empty() || oidc.clientSecret.empty())
    return ConfigError{"oidc.client_id and oidc.client_secret are needed with oidc.issuer"};
  if (!isOrigin(oidc.publicOrigin))
    return ConfigError{"oidc.public_origin must be https://host or https://host:port, without a path"};
  if (std::find(oidc.scopes.begin(), oidc.scopes.end(), "openid") == oidc.scopes.end())
    return ConfigError{"oidc.scopes must include \"openid\""};
  for (const auto& scope : oidc.scopes)
    if (scope.empty() || scope.find_first_of(" \"\\") != std::string::npos)
      return ConfigError{"oidc.scopes must be single words"};
  if (oidc.clientAuth != "client_secret_basic" && oidc.clientAuth != "client_secret_post")
    return ConfigError{"oidc.client_auth must be \"client_secret_basic\" or \"client_secret_post\""};
  if (oidc.providerName.empty() || oidc.providerName.size() > 60)
    return ConfigError{"oidc.provider_name has 1 to 60 bytes"};
  if (oidc.organizerClaim.empty() || oidc.displayNameClaim.empty())
    return ConfigError{"oidc.organizer_claim and oidc.display_name_claim must not be empty"};
  return std::nullopt;
}

// The cluster's settings are all needed together; the files are read (and their modes checked)
// when the server starts.
std::optional<ConfigError> validateCluster(const Config& config) {
  if (config.clusterRedisUrl.empty()) {
    if (!config.clusterRedisPasswordFile.empty() || !config.clusterSecretFile.empty() ||
        !config.clusterNodeId.empty() || !config.clusterPublicAddress.empty())
      return ConfigError{"cluster.* settings are set but cluster.redis_url is not"};
    return std::nullopt;
  }
  auto url = cluster::parseRedisUrl(config.clusterRedisUrl);
  if (auto* problem = std::get_if<std::string>(&url)) return ConfigError{*problem};
  if (auto problem = cluster::requireTlsOffHost(std::get<cluster::RedisUrl>(url)))
    return ConfigError{*problem};
  if (!cluster::validNodeId(config.clusterNodeId))
    return ConfigError{"cluster.node_id must be 1 to 64 of A-Z a-z 0-9 . _ - and unique per node"};
  if (config.clusterSecretFile.empty())
    return ConfigError{"cluster.secret_file is needed with cluster.redis_url (the same key on every node)"};
  const auto& address = config.clusterPublicAddress;
  if (address.empty() || address.size() > 255 || address.find_first_of("/?#@ ") != std::string::npos)
    return ConfigError{"cluster.public_address must be host or host:port, as browsers and nodes reach it"};
  return std::nullopt;
}

}  // namespace

std::optional<ListenEndpoint> parseListenEndpoint(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  const std::string portText = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.find(':') == std::string::npos) return std::nullopt;  // brackets are for IPv6
  } else if (host.find(':') != std::string::npos) {
    return std::nullopt;  // an IPv6 address needs brackets
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535)
    return std::nullopt;
  if (!isIpLiteral(host)) return std::nullopt;
  return ListenEndpoint{host, static_cast<uint16_t>(port)};
}

std::optional<log::Level> parseLogLevel(const std::string& text) {
  if (text == "debug") return log::Level::Debug;
  if (text == "info") return log::Level::Info;
  if (text == "warn") return log::Level::Warn;
  if (text == "error") return log::Level::Error;
  return std::nullopt;
}

namespace {

// Reads every setting from the file's table into `config`; the first error wins.
std::optional<ConfigError> readSettings(TableReader& table, Config& config) {
  std::string certFile, keyFile, webRoot, logLevel, logAddresses;
  std::optional<ConfigError> error;
  auto check = [&](std::optional<ConfigError> e) {
    if (e && !error) error = e;
  };
  unsigned turnPort = config.turnPort;
  const auto ipAddress = [](const std::string& ip) { return isIpLiteral(ip); };
  check(readChecked(table, "http", "listen", config.listenAddress, ipAddress, "must be an IP address"));
  check(readPort(table, "http", "port", config.port));
  check(readString(table, "http", "cert_file", certFile));
  check(readString(table, "http", "key_file", keyFile));
  check(readString(table, "http", "frame_ancestors", config.frameAncestors));
  check(readString(table, "http", "web_root", webRoot));
  check(readChecked(table, "media", "bind", config.mediaBind, ipAddress, "must be an IP address"));
  check(readPort(table, "media", "port", config.mediaPort));
  check(readString(table, "storage", "data_dir", config.dataDir));
  check(readString(table, "storage", "postgres_url", config.postgresUrl));
  check(readString(table, "storage", "postgres_password_file", config.postgresPasswordFile));
  check(readString(table, "cluster", "redis_url", config.clusterRedisUrl));
  check(readString(table, "cluster", "redis_password_file", config.clusterRedisPasswordFile));
  check(readString(table, "cluster", "secret_file", config.clusterSecretFile));
  check(readString(table, "cluster", "node_id", config.clusterNodeId));
  check(readString(table, "cluster", "public_address", config.clusterPublicAddress));
  check(readString(table, "log", "level", logLevel));
  check(readString(table, "log", "addresses", logAddresses));
  check(readString(table, "log", "dir", config.logDir));
  check(readDays(table, "retention", "accounts_unused_days", config.retainAccountsUnusedDays));
  check(readDays(table, "retention", "audit_days", config.retainAuditDays));
  check(readDays(table, "retention", "log_days", config.retainLogDays));
  check(readString(table, "privacy", "server_location", config.serverLocation));
  check(readString(table, "privacy", "controller", config.controller));
  check(readString(table, "privacy", "controller_contact", config.controllerContact));
  check(readString(table, "privacy", "notice_url", config.privacyNoticeUrl));
  check(readString(table, "privacy", "imprint_url", config.imprintUrl));
  if (const auto* announce = table.find("media", "announce")) {
    const auto* list = announce->as_array();
    if (!list)
      check(table.error(*announce, "media.announce must be a list of IP addresses"));
    else
      config.mediaAnnounce.clear();
    for (size_t i = 0; list && i < list->size(); ++i) {
      const auto ip = (*list)[i].value<std::string>();
      if (!ip || !isIpLiteral(*ip))
        check(table.error((*list)[i], "media.announce must be a list of IP addresses"));
      else
        config.mediaAnnounce.push_back(*ip);
    }
  }
  check(readNumber(table, "rooms", "max_participants", 2, 500, config.maxParticipants));
  check(readChecked(
      table, "rooms", "policy", config.roomPolicy,
      [](const std::string& policy) { return policy == "organizer" || policy == "open"; },
      "must be \"organizer\" or \"open\""));
  check(readNumber(table, "rooms", "reconnect_grace_seconds", 5, 300, config.reconnectGraceSeconds));
  check(readNumber(table, "rooms", "max_waiting", 1, 500, config.maxWaiting));
  check(readNumber(table, "rooms", "waiting_timeout_seconds", 30, 3600, config.waitingTimeoutSeconds));
  check(readNumber(table, "rooms", "max_rooms", 1, 100'000, config.maxRooms));
  check(readNumber(table, "rooms", "max_total_participants", 2, 100'000, config.maxTotalParticipants));
  check(readBool(table, "rooms", "lobby", config.lobby));
  check(readBool(table, "rooms", "recording", config.recording));
  check(readNumber(table, "media", "workers", 0, 64, config.mediaWorkers));
  check(readNumber(table, "http", "max_connections", 0, 1000000, config.maxConnections));
  check(
      readNumber(table, "http", "max_connections_per_address", 1, 1000000, config.maxConnectionsPerAddress));
  check(readNumber(table, "http", "max_websockets_per_address", 1, 1000000, config.maxWebSocketsPerAddress));
  check(readNumber(table, "http", "join_timeout_seconds", 2, 300, config.joinTimeoutSeconds));
  check(readNumber(table, "login", "password_workers", 1, 4, config.passwordWorkers));
  check(readBool(table, "login", "require_second_factor", config.requireSecondFactor));
  check(readChecked(
      table, "login", "second_factor_issuer", config.secondFactorIssuer,
      [](const std::string& issuer) { return !issuer.empty() && issuer.size() <= 64; },
      "must be 1 to 64 characters"));
  check(readNumber(table, "media", "room_split", 0, 500, config.mediaRoomSplit));
  check(readBool(table, "media", "simulcast", config.mediaSimulcast));
  check(readBool(table, "turn", "enabled", config.turnEnabled));
  check(readNumber(table, "turn", "port", 0, 65535, turnPort));
  check(readChecked(
      table, "turn", "secret", config.turnSecret,
      [](const std::string& secret) { return secret.empty() || secret.size() >= 16; },
      "must be empty (made in the data directory) or at least 16 characters"));
  check(readNumber(table, "turn", "bandwidth_kbps", 100, 1'000'000, config.turnBandwidthKbps));
  check(readNumber(table, "turn", "max_allocations", 1, 64, config.turnMaxAllocations));
  check(readChecked(
      table, "turn", "external_url", config.turnExternalUrl,
      [](const std::string& url) {
        return url.empty() || ((url.starts_with("turn:") || url.starts_with("turns:")) && url.size() <= 256);
      },
      "must be empty or a turn: or turns: URL"));
  check(readChecked(
      table, "turn", "external_secret", config.turnExternalSecret,
      [](const std::string& secret) { return secret.empty() || secret.size() >= 16; },
      "must be empty or at least 16 characters"));
  check(readChecked(
      table, "metrics", "listen", config.metricsListen,
      [](const std::string& listen) { return listen.empty() || parseListenEndpoint(listen); },
      "must be IPv4:port or [IPv6]:port (or empty to turn metrics off)"));
  check(readChecked(table, "metrics", "token", config.metricsToken, isMetricsToken,
                    "must be empty (no token) or " + std::to_string(kMinMetricsTokenLength) +
                        " to 1024 visible ASCII characters"));
  check(readString(table, "oidc", "issuer", config.oidc.issuer));
  check(readString(table, "oidc", "client_id", config.oidc.clientId));
  check(readString(table, "oidc", "client_secret", config.oidc.clientSecret));
  check(readString(table, "oidc", "public_origin", config.oidc.publicOrigin));
  check(readString(table, "oidc", "provider_name", config.oidc.providerName));
  check(readStringList(table, "oidc", "scopes", config.oidc.scopes));
  check(readString(table, "oidc", "organizer_claim", config.oidc.organizerClaim));
  check(readStringList(table, "oidc", "organizer_values", config.oidc.organizerValues));
  check(readString(table, "oidc", "display_name_claim", config.oidc.displayNameClaim));
  check(readString(table, "oidc", "client_auth", config.oidc.clientAuth));
  check(readString(table, "oidc", "ca_file", config.oidc.caFile));
  config.turnPort = static_cast<uint16_t>(turnPort);
  if (!certFile.empty()) config.certFile = certFile;
  if (!keyFile.empty()) config.keyFile = keyFile;
  if (!webRoot.empty()) config.webRoot = webRoot;
  if (!logLevel.empty()) {
    if (auto level = parseLogLevel(logLevel))
      config.logLevel = *level;
    else
      check(table.error(*table.find("log", "level"), "log.level must be debug, info, warn or error"));
  }
  // log.addresses was removed after 0.1.0: no log line ever held an address. "hidden" asked for what
  // happens anyway; anything else asked for what vicos no longer offers.
  if (!logAddresses.empty() && logAddresses != "hidden")
    check(table.error(*table.find("log", "addresses"),
                      "log.addresses was removed: vicos never writes addresses to its log; delete the line"));
  return error;
}

}  // namespace

std::optional<ConfigError> loadConfigFile(const std::string& path, Config& config) {
  toml::table parsed;
  try {
    parsed = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigError{path + ":" + std::to_string(e.source().begin.line) + ": " +
                       std::string(e.description())};
  }
  TableReader table(parsed, path);
  const auto error = readSettings(table, config);
  if (auto unknown = table.unknownKey()) return unknown;
  return error;
}

std::vector<std::string> configFileKeys() {
  const toml::table empty;
  TableReader table(empty, "");
  Config config;
  readSettings(table, config);
  std::vector<std::string> keys;
  for (const auto& key : table.known())
    if (key != "log.addresses") keys.push_back(key);  // removed; still read only to refuse it kindly
  return keys;
}

std::optional<ConfigError> validate(const Config& config) {
  if (config.turnExternalUrl.empty() != config.turnExternalSecret.empty())
    return ConfigError{"turn.external_url and turn.external_secret go together"};
  if (!isIpLiteral(config.listenAddress))
    return ConfigError{"listen address '" + config.listenAddress + "' is not an IP address"};
  if (!isIpLiteral(config.mediaBind))
    return ConfigError{"media bind address '" + config.mediaBind + "' is not an IP address"};
  if (config.mediaAnnounce.empty()) return ConfigError{"at least one media address must be announced"};
  for (const auto& ip : config.mediaAnnounce)
    if (!isIpLiteral(ip)) return ConfigError{"announced media address '" + ip + "' is not an IP address"};
  if (config.certFile.has_value() != config.keyFile.has_value())
    return ConfigError{"a certificate file and a key file must be given together"};
  if (config.dataDir.empty()) return ConfigError{"the data directory must not be empty"};
  if (!config.postgresPasswordFile.empty() && config.postgresUrl.empty())
    return ConfigError{"storage.postgres_password_file is set but storage.postgres_url is not"};
  if (!config.metricsListen.empty() && !parseListenEndpoint(config.metricsListen))
    return ConfigError{"metrics.listen '" + config.metricsListen +
                       "' must be IPv4:port or [IPv6]:port (or empty to turn metrics off)"};
  if (config.maxTotalParticipants < config.maxParticipants)
    return ConfigError{"rooms.max_total_participants must be at least rooms.max_participants"};
  if (auto cluster = validateCluster(config)) return cluster;
  return validateOidc(config.oidc);
}

}  // namespace vicos::app
