// The server's configuration: defaults, a TOML file, then command-line flags, validated once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "http/limits.hpp"
#include "room/room_limits.hpp"  // the defaults only (header-only)

namespace vicos::app {

struct Config {
  // HTTPS and signaling (one TLS port).
  std::string listenAddress = "0.0.0.0";
  uint16_t port = 8443;
  std::optional<std::string> certFile;  // PEM; without it a self-signed one is made
  std::optional<std::string> keyFile;
  std::string frameAncestors = "'none'";
  std::optional<std::string> webRoot;  // serve the client from disk (development)

  // Connection limits (docs/security.md "Connections, logins and sessions"); addresses are
  // counted by IPv4 address or IPv6 /64.
  unsigned maxConnections = 0;  // in total; 0: from the open-file limit (app/connection_budget.hpp)
  unsigned maxConnectionsPerAddress = static_cast<unsigned>(http::ConnectionLimits{}.perAddress);
  unsigned maxWebSocketsPerAddress = static_cast<unsigned>(http::ConnectionLimits{}.webSocketsPerAddress);
  unsigned joinTimeoutSeconds = static_cast<unsigned>(
      std::chrono::duration_cast<std::chrono::seconds>(http::WebSocketLimits{}.joinTimeout).count());

  // Threads that check passwords at login (Argon2id, 64 MiB each), apart from the control thread.
  unsigned passwordWorkers = 1;
  // Organizers must log in with a second factor (P8); an account without one enrols right after
  // its password, before it gets a session.
  bool requireSecondFactor = false;
  // The name authenticator apps show beside the login; also the WebAuthn relying party's name.
  std::string secondFactorIssuer = "vicos";

  // Media (one UDP port shared by all participants).
  std::string mediaBind = "0.0.0.0";
  std::vector<std::string> mediaAnnounce{"127.0.0.1"};  // addresses put into ICE candidates
  uint16_t mediaPort = 40000;
  // Media worker threads; worker i uses UDP port mediaPort + i. 0 means one per CPU core.
  unsigned mediaWorkers = 0;
  // Peers of one room on one worker before the room spreads over more workers; 0: never.
  unsigned mediaRoomSplit = 25;
  // Camera uplinks in up to three simulcast layers (docs/design/media-model.md), each
  // subscriber receiving the layer its downlink and tiles allow.
  bool mediaSimulcast = true;

  // The built-in TURN server (docs/security.md "TURN relay"): TURN over TCP and TLS on the HTTPS
  // port, over UDP on turnPort; relays reach only the media addresses.
  bool turnEnabled = true;
  uint16_t turnPort = 3478;  // UDP; 0: none (TURN over TCP and TLS on the HTTPS port only)
  // The REST secret credentials are derived from; empty: made once and kept in the data
  // directory (turn_secret). Never logged.
  std::string turnSecret;
  unsigned turnBandwidthKbps = 20'000;   // relayed per participant, both ways together
  unsigned turnMaxAllocations = 4;       // per participant (their credentials' tag)
  // An operator's own TURN server (e.g. coturn with use-auth-secret) instead of the built-in one
  // in the credentials handed out: its turn: or turns: URL and its REST secret, both or neither.
  std::string turnExternalUrl;
  std::string turnExternalSecret;

  // Rooms, and the caps at their doors (docs/security.md "The door").
  unsigned maxParticipants = room::kDefaultMaxParticipants;  // per room, joined and waiting together
  // "organizer" (guests wait for a logged-in organizer, P12) or "open" (the first to join leads).
  std::string roomPolicy = "organizer";
  // How long a participant whose connection dropped may resume (docs/protocol.md "Reconnecting").
  unsigned reconnectGraceSeconds = room::kDefaultReconnectGraceSeconds;
  unsigned maxWaiting = room::kDefaultMaxWaiting;                        // per room
  unsigned waitingTimeoutSeconds = room::kDefaultWaitingTimeoutSeconds;  // then turned away
  unsigned maxRooms = room::kDefaultMaxRooms;
  unsigned maxTotalParticipants = room::kDefaultMaxTotalParticipants;  // joined and waiting, all rooms
  bool lobby = room::kDefaultLobby;  // rooms.lobby: a new room's lobby is on from the start (P12)
  bool recording = room::kDefaultRecording;  // rooms.recording: moderators may record in their browser (P25)

  // Prometheus metrics over plain HTTP at /metrics ("IPv4:port" or "[IPv6]:port"); empty: off.
  // Counts only, nothing about people (P27, P28); keep it on loopback or a management network.
  std::string metricsListen = "127.0.0.1:9464";
  // When set, a scrape must send "Authorization: Bearer <token>" (compared in constant time).
  std::string metricsToken;

  // Storage and logging.
  std::string dataDir = "data";
  // Accounts, sessions and the audit log in a shared PostgreSQL database instead of the SQLite
  // file in dataDir (several nodes, docs/architecture.md "Store backends"): a libpq URL or
  // key=value string without a password; the password, if any, in postgresPasswordFile.
  std::string postgresUrl;
  std::string postgresPasswordFile;
  // Several nodes as one installation (docs/architecture.md "Coordination"): off while
  // clusterRedisUrl is empty, and then vicos is the single process it always was.
  std::string clusterRedisUrl;           // redis://host:port or rediss:// (TLS), no password
  std::string clusterRedisPasswordFile;  // AUTH password; refused when every user may read it
  std::string clusterSecretFile;         // key of the hashes that name rooms and counts in Redis
  std::string clusterNodeId;             // this node's id: 1-64 of [A-Za-z0-9._-], unique
  std::string clusterPublicAddress;      // host[:port] where browsers and other nodes reach it
  log::Level logLevel = log::Level::Info;  // no log line holds an address or a name (P27)
  std::string logDir;  // daily files vicos-YYYY-MM-DD.log; empty: standard error only (P27)

  // Retention in days; 0 keeps forever (P27, P30).
  unsigned retainAccountsUnusedDays = 365;
  unsigned retainAuditDays = 180;
  unsigned retainLogDays = 7;

  // Single sign-on for organizers with OpenID Connect (P9; docs/security.md "Single sign-on");
  // off while `issuer` is empty. Local accounts keep working beside it.
  struct Oidc {
    std::string issuer;        // https URL, exactly as the provider's discovery document names it
    std::string clientId;
    std::string clientSecret;
    std::string publicOrigin;  // https://host[:port] browsers use; the redirect URI hangs off it
    std::string providerName = "OpenID Connect";  // shown as "Sign in with <name>"
    std::vector<std::string> scopes{"openid", "profile"};
    std::string organizerClaim = "groups";  // a string or list claim; dotted names walk objects
    std::vector<std::string> organizerValues;  // empty: every user of the issuer may organize
    std::string displayNameClaim = "name";
    std::string clientAuth = "client_secret_basic";  // or "client_secret_post"
    std::string caFile;  // PEM CA bundle to trust for the issuer instead of the system's
    bool operator==(const Oidc&) const = default;
  } oidc;

  // Facts for the privacy report and notice (P31, P33).
  std::string serverLocation;  // e.g. "Frankfurt am Main, Germany"
  std::string controller;
  std::string controllerContact;
  std::string privacyNoticeUrl;
  std::string imprintUrl;

  bool operator==(const Config&) const = default;
};

// A configuration error, worded for the operator.
struct ConfigError {
  std::string message;
};

// Reads a TOML file into `config`; keys not in the file keep their values. An unknown key, a
// value of the wrong type or out of range is an error naming the file, the line and the key.
std::optional<ConfigError> loadConfigFile(const std::string& path, Config& config);

// Every key the file may hold, "section.key", sorted.
std::vector<std::string> configFileKeys();

// The shortest metrics.token accepted.
inline constexpr size_t kMinMetricsTokenLength = 16;

// Checks the combination of values (ports, addresses, files present together).
std::optional<ConfigError> validate(const Config& config);

struct ListenEndpoint {
  std::string address;
  uint16_t port = 0;
};
// "192.0.2.1:9464" or "[2001:db8::1]:9464"; nothing when malformed or the port is 0.
std::optional<ListenEndpoint> parseListenEndpoint(const std::string& text);

std::optional<log::Level> parseLogLevel(const std::string& text);

}  // namespace vicos::app
