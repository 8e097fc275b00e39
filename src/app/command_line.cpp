// Flag parsing for `vicos serve`; every flag has a config-file key of the same meaning.
#include "app/command_line.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace vicos::app {
namespace {

constexpr const char* kUsage = R"(Usage: vicos <command> [options]

Commands:
  serve                       run the server (HTTPS, signaling and media)
  user add LOGIN [--name N] [--admin]
                              add an organizer (--admin: who may open /admin); the
                              password is read from standard input
  user list                   list organizers
  user admin LOGIN on|off     grant or revoke the admin role (the admin page, /admin)
  user passwd LOGIN           set a new password (read from standard input)
  user remove LOGIN           remove an organizer's account (the audit log keeps its entries)
  user export LOGIN           print everything stored about LOGIN as JSON (Art. 15/20 GDPR)
  user delete LOGIN           erase everything stored about LOGIN (Art. 17 GDPR)
  user reset-2fa LOGIN        remove LOGIN's second factors and recovery codes (lost device)
  retention run               delete what has outlived its retention period now
  privacy-report [--lang de|en] [--format md|json]
                              describe what this installation processes, and warn
  check-config                check the configuration (--config FILE and flags) and exit
  migrate                     copy the accounts, sessions and audit log from the SQLite
                              file in the data directory into the empty PostgreSQL
                              database of storage.postgres_url (or --postgres-url); then
                              keep that setting so that every node uses it
  help                        show this text
  version                     show the version

Every command reads the configuration: --config FILE and the options below.

Options of 'vicos serve' (a flag wins over the config file):
  --config FILE           TOML configuration file (see README.md)
  --listen IP             HTTPS listen address            [http.listen, default 0.0.0.0]
  --port N                HTTPS port                      [http.port, default 8443]
  --cert FILE             TLS certificate chain (PEM)     [http.cert_file]
  --key FILE              TLS private key (PEM)           [http.key_file]
                          without both, a self-signed certificate for localhost is
                          created in DATA_DIR/tls on first start
  --frame-ancestors SRC   who may embed the client        [http.frame_ancestors, default 'none']
  --web-root DIR          serve the client from DIR instead of the built-in copy
  --max-connections-per-address N
                          HTTPS connections per IPv4 address or IPv6 /64
                                                          [http.max_connections_per_address, default 256]
  --max-websockets-per-address N
                          signaling WebSockets per IPv4 address or IPv6 /64
                                                          [http.max_websockets_per_address, default 100]
  --media-bind IP         UDP media bind address          [media.bind, default 0.0.0.0]
  --media-ip IP           media address announced to browsers; repeat for several
                                                          [media.announce, default 127.0.0.1]
  --media-port N          first UDP media port; each worker's port is shared by all
                          participants of its rooms       [media.port, default 40000]
  --media-workers N       media threads, one UDP port each (media.port + i); 0 = one
                          per CPU core                    [media.workers, default 0]
  --media-room-split N    peers of one room on one worker before the room spreads to
                          another worker; 0 = never       [media.room_split, default 25]
  --simulcast on|off      cameras send up to three layers (320x180 to 1280x720)
                                                          [media.simulcast, default on]
  --turn-port N           UDP port of the built-in TURN server; 0 = none (TURN over
                          TLS and TCP on the HTTPS port only)   [turn.port, default 3478]
  --max-participants N    per room, 2..500                [rooms.max_participants, default 50]
  --room-policy P         organizer: guests wait until a logged-in organizer joins;
                          open: the first to join leads   [rooms.policy, default organizer]
  --lobby on|off          a new room's lobby is on from the start; moderators may
                          switch it either way            [rooms.lobby, default off]
  --recording on|off      moderators may record the meeting in their own browser,
                          with everyone's consent (P25)   [rooms.recording, default off]
  --metrics-listen ADDR   Prometheus /metrics over HTTP, IPv4:port or [IPv6]:port; "" = off
                                                          [metrics.listen, default 127.0.0.1:9464]
  --data-dir DIR          data directory                  [storage.data_dir, default ./data]
  --postgres-url URL      accounts and audit log in PostgreSQL instead of the SQLite
                          file in DIR (several nodes); no password in it
                                                          [storage.postgres_url, default none]
  --log-level L           debug, info, warn, error        [log.level, default info]
  --log-dir DIR           daily log files in DIR instead of standard error
                                                          [log.dir, default none]
)";

bool parseNumber(const std::string& text, unsigned min, unsigned max, unsigned& out) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return false;
  out = value;
  return true;
}

std::optional<uint16_t> parsePort(const std::string& text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

// Reads --config first, then applies the other flags over it, then validates.
std::variant<Config, UsageError> parseConfig(const std::vector<std::pair<std::string, std::string>>& allFlags) {
  std::vector<std::pair<std::string, std::string>> flags;
  std::string configFile;
  for (const auto& [flag, value] : allFlags) {
    if (flag == "--config") configFile = value;
    else flags.emplace_back(flag, value);
  }
  Config config;
  if (!configFile.empty())
    if (auto error = loadConfigFile(configFile, config)) return UsageError{error->message};

  bool announceFromFlags = false;
  for (const auto& [flag, value] : flags) {
    if (flag == "--listen") config.listenAddress = value;
    else if (flag == "--port" || flag == "--media-port") {
      auto port = parsePort(value);
      if (!port) return UsageError{flag + " must be a port number from 1 to 65535"};
      (flag == "--port" ? config.port : config.mediaPort) = *port;
    } else if (flag == "--turn-port") {
      auto port = value == "0" ? std::optional<uint16_t>(0) : parsePort(value);
      if (!port) return UsageError{"--turn-port must be 0 or a port number from 1 to 65535"};
      config.turnPort = *port;
    } else if (flag == "--cert") config.certFile = value;
    else if (flag == "--key") config.keyFile = value;
    else if (flag == "--frame-ancestors") config.frameAncestors = value;
    else if (flag == "--web-root") config.webRoot = value;
    else if (flag == "--media-bind") config.mediaBind = value;
    else if (flag == "--media-ip") {
      if (!announceFromFlags) config.mediaAnnounce.clear();
      announceFromFlags = true;
      config.mediaAnnounce.push_back(value);
    } else if (flag == "--room-policy") {
      if (value != "organizer" && value != "open") return UsageError{"--room-policy must be organizer or open"};
      config.roomPolicy = value;
    } else if (flag == "--simulcast") {
      if (value != "on" && value != "off") return UsageError{"--simulcast must be on or off"};
      config.mediaSimulcast = value == "on";
    } else if (flag == "--recording") {
      if (value != "on" && value != "off") return UsageError{"--recording must be on or off"};
      config.recording = value == "on";
    } else if (flag == "--lobby") {
      if (value != "on" && value != "off") return UsageError{"--lobby must be on or off"};
      config.lobby = value == "on";
    } else if (flag == "--max-participants") {
      if (!parseNumber(value, 2, 500, config.maxParticipants))
        return UsageError{"--max-participants must be a number from 2 to 500"};
    } else if (flag == "--media-workers") {
      if (!parseNumber(value, 0, 64, config.mediaWorkers))
        return UsageError{"--media-workers must be a number from 0 to 64"};
    } else if (flag == "--media-room-split") {
      if (!parseNumber(value, 0, 500, config.mediaRoomSplit))
        return UsageError{"--media-room-split must be a number from 0 to 500"};
    } else if (flag == "--max-connections-per-address" || flag == "--max-websockets-per-address") {
      const bool http = flag == "--max-connections-per-address";
      if (!parseNumber(value, 1, 1000000, http ? config.maxConnectionsPerAddress : config.maxWebSocketsPerAddress))
        return UsageError{flag + " must be a number from 1 to 1000000"};
    } else if (flag == "--metrics-listen") config.metricsListen = value;  // checked by validate()
    else if (flag == "--data-dir") config.dataDir = value;
    else if (flag == "--postgres-url") config.postgresUrl = value;
    else if (flag == "--log-level") {
      auto level = parseLogLevel(value);
      if (!level) return UsageError{"--log-level must be debug, info, warn or error"};
      config.logLevel = *level;
    } else if (flag == "--log-dir") config.logDir = value;
    else {
      return UsageError{"unknown option '" + flag + "'; try 'vicos help'"};
    }
  }
  if (auto error = validate(config)) return UsageError{error->message};
  return config;
}

// Splits arguments into positional words and flag/value pairs.
std::optional<UsageError> splitArgs(const std::vector<std::string>& args, size_t from,
                                    std::vector<std::string>& words,
                                    std::vector<std::pair<std::string, std::string>>& flags, bool& help) {
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help = true;
      continue;
    }
    if (arg == "--admin") {  // a switch without a value (vicos user add)
      flags.emplace_back(arg, "");
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      words.push_back(arg);
      continue;
    }
    if (i + 1 >= args.size()) return UsageError{arg + " needs a value"};
    flags.emplace_back(arg, args[++i]);
  }
  return std::nullopt;
}

// Removes `name` from flags and returns its value, if present.
std::optional<std::string> takeFlag(std::vector<std::pair<std::string, std::string>>& flags, const char* name) {
  std::optional<std::string> value;
  for (auto it = flags.begin(); it != flags.end();) {
    if (it->first == name) {
      value = it->second;
      it = flags.erase(it);
    } else {
      ++it;
    }
  }
  return value;
}

Command parseUserCommand(std::vector<std::string> words, std::vector<std::pair<std::string, std::string>> flags) {
  static const std::map<std::string, UserCommand::Action> kActions = {
      {"add", UserCommand::Action::Add},       {"list", UserCommand::Action::List},
      {"passwd", UserCommand::Action::Passwd}, {"remove", UserCommand::Action::Remove},
      {"export", UserCommand::Action::Export}, {"delete", UserCommand::Action::Delete},
      {"admin", UserCommand::Action::Admin}, {"reset-2fa", UserCommand::Action::ResetSecondFactor}};
  if (words.empty())
    return UsageError{"'vicos user' needs add, list, passwd, admin, remove, export, delete or reset-2fa"};
  const auto action = kActions.find(words[0]);
  if (action == kActions.end()) return UsageError{"unknown user command '" + words[0] + "'; try 'vicos help'"};
  UserCommand command;
  command.action = action->second;
  const bool admin = command.action == UserCommand::Action::Admin;
  const size_t wanted = command.action == UserCommand::Action::List ? 1 : admin ? 3 : 2;
  if (words.size() < 2 && wanted >= 2) return UsageError{"'vicos user " + words[0] + "' needs a login"};
  if (words.size() < wanted) return UsageError{"use 'vicos user admin LOGIN on' or '... off'"};
  if (words.size() > wanted) return UsageError{"unexpected argument '" + words[wanted] + "'"};
  if (wanted >= 2) command.login = words[1];
  if (admin) {
    if (words[2] != "on" && words[2] != "off")
      return UsageError{"use 'vicos user admin LOGIN on' or '... off'"};
    command.admin = words[2] == "on";
  }
  if (takeFlag(flags, "--admin")) {
    if (command.action != UserCommand::Action::Add) return UsageError{"--admin belongs to 'vicos user add'"};
    command.admin = true;
  }
  if (auto name = takeFlag(flags, "--name")) {
    if (command.action != UserCommand::Action::Add) return UsageError{"--name belongs to 'vicos user add'"};
    command.name = *name;
  }
  auto config = parseConfig(flags);
  if (auto* error = std::get_if<UsageError>(&config)) return *error;
  command.config = std::get<Config>(config);
  return command;
}

}  // namespace

Command parseCommandLine(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h")
    return HelpCommand{kUsage};
  if (args[0] == "version" || args[0] == "--version") return VersionCommand{};
  const std::string& name = args[0];
  if (name != "serve" && name != "user" && name != "retention" && name != "privacy-report" &&
      name != "check-config" && name != "migrate")
    return UsageError{"unknown command '" + name + "'; try 'vicos help'"};

  std::vector<std::string> words;
  std::vector<std::pair<std::string, std::string>> flags;
  bool help = false;
  if (auto error = splitArgs(args, 1, words, flags, help)) return *error;
  if (help) return HelpCommand{kUsage};

  if (name == "user") return parseUserCommand(std::move(words), std::move(flags));
  if (name == "retention") {
    if (words.size() != 1 || words[0] != "run") return UsageError{"use 'vicos retention run'"};
    auto config = parseConfig(flags);
    if (auto* error = std::get_if<UsageError>(&config)) return *error;
    return RetentionCommand{std::get<Config>(config)};
  }
  if (!words.empty()) return UsageError{"unexpected argument '" + words[0] + "'"};
  if (name == "check-config") {
    auto config = parseConfig(flags);
    if (auto* error = std::get_if<UsageError>(&config)) return *error;
    return CheckConfigCommand{std::get<Config>(config)};
  }
  if (name == "migrate") {
    auto config = parseConfig(flags);
    if (auto* error = std::get_if<UsageError>(&config)) return *error;
    if (std::get<Config>(config).postgresUrl.empty())
      return UsageError{
          "'vicos migrate' needs the target: set storage.postgres_url or give --postgres-url URL"};
    return MigrateCommand{std::get<Config>(config)};
  }
  if (name == "privacy-report") {
    PrivacyReportCommand command;
    if (auto lang = takeFlag(flags, "--lang")) command.language = *lang;
    if (auto format = takeFlag(flags, "--format")) command.format = *format;
    if (command.language != "de" && command.language != "en") return UsageError{"--lang must be de or en"};
    if (command.format != "md" && command.format != "json") return UsageError{"--format must be md or json"};
    auto config = parseConfig(flags);
    if (auto* error = std::get_if<UsageError>(&config)) return *error;
    command.config = std::get<Config>(config);
    return command;
  }
  auto config = parseConfig(flags);
  if (auto* error = std::get_if<UsageError>(&config)) return *error;
  return ServeCommand{std::get<Config>(config)};
}

}  // namespace vicos::app
