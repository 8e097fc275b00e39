// Flag parsing for `vicos serve`; every flag has a config-file key of the same meaning.
#include "app/command_line.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace vicos::app {
namespace {

constexpr const char* kUsage = R"(Usage: vicos <command> [options]

Commands:
  serve       run the server (HTTPS, signaling and media)
  help        show this text
  version     show the version

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
  --media-bind IP         UDP media bind address          [media.bind, default 0.0.0.0]
  --media-ip IP           media address announced to browsers; repeat for several
                                                          [media.announce, default 127.0.0.1]
  --media-port N          UDP media port, shared by all   [media.port, default 40000]
  --max-participants N    per room, 2..500                [rooms.max_participants, default 50]
  --data-dir DIR          data directory                  [storage.data_dir, default ./data]
  --log-level L           debug, info, warn, error        [log.level, default info]
  --log-addresses M       hidden, shortened (/24, /48) or full IP addresses in logs
                                                          [log.addresses, default hidden]
)";

std::optional<uint16_t> parsePort(const std::string& text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

}  // namespace

Command parseCommandLine(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h")
    return HelpCommand{kUsage};
  if (args[0] == "version" || args[0] == "--version") return VersionCommand{};
  if (args[0] != "serve") return UsageError{"unknown command '" + args[0] + "'; try 'vicos help'"};

  // Collect flag/value pairs first: the config file must be read before flags override it.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string configFile;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") return HelpCommand{kUsage};
    if (flag.rfind("--", 0) != 0) return UsageError{"unexpected argument '" + flag + "'"};
    if (i + 1 >= args.size()) return UsageError{flag + " needs a value"};
    if (flag == "--config") configFile = args[++i];
    else flags.emplace_back(flag, args[++i]);
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
    } else if (flag == "--cert") config.certFile = value;
    else if (flag == "--key") config.keyFile = value;
    else if (flag == "--frame-ancestors") config.frameAncestors = value;
    else if (flag == "--web-root") config.webRoot = value;
    else if (flag == "--media-bind") config.mediaBind = value;
    else if (flag == "--media-ip") {
      if (!announceFromFlags) config.mediaAnnounce.clear();
      announceFromFlags = true;
      config.mediaAnnounce.push_back(value);
    } else if (flag == "--max-participants") {
      unsigned n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 2 || n > 500)
        return UsageError{"--max-participants must be a number from 2 to 500"};
      config.maxParticipants = n;
    } else if (flag == "--data-dir") config.dataDir = value;
    else if (flag == "--log-level") {
      auto level = parseLogLevel(value);
      if (!level) return UsageError{"--log-level must be debug, info, warn or error"};
      config.logLevel = *level;
    } else if (flag == "--log-addresses") {
      auto mode = parseAddressMode(value);
      if (!mode) return UsageError{"--log-addresses must be hidden, shortened or full"};
      config.logAddresses = *mode;
    } else {
      return UsageError{"unknown option '" + flag + "'; try 'vicos serve --help'"};
    }
  }
  if (auto error = validate(config)) return UsageError{error->message};
  return ServeCommand{config};
}

}  // namespace vicos::app
