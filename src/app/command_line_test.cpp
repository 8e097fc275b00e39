// Tests of the command line and configuration file: defaults, overrides, clear errors.
#include "app/command_line.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/connection_budget.hpp"

namespace vicos::app {
namespace {

std::string writeTemp(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("vicos-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(CommandLine, ServeHasWorkingDefaults) {
  auto command = parseCommandLine({"serve"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  const auto& config = std::get<ServeCommand>(command).config;
  EXPECT_EQ(config.port, 8443);
  EXPECT_EQ(config.mediaPort, 40000);
  EXPECT_EQ(config.mediaAnnounce, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(config.roomPolicy, "organizer");
  EXPECT_FALSE(config.lobby);  // P12: rooms.lobby off; the organizer policy holds guests back
  EXPECT_TRUE(config.mediaSimulcast);
  EXPECT_FALSE(config.recording);  // P25: recording is off unless the operator enables it
}

TEST(CommandLine, FlagsOverrideTheConfigFile) {
  const auto file = writeTemp(
      "[http]\nport = 9443\n[media]\nport = 41000\nannounce = [\"192.0.2.10\"]\n"
      "[log]\naddresses = \"hidden\"\n[rooms]\npolicy = \"open\"\nlobby = true\n");
  auto command = parseCommandLine({"serve", "--config", file, "--port", "7443", "--media-ip", "127.0.0.1"});
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  const auto& config = std::get<ServeCommand>(command).config;
  EXPECT_EQ(config.port, 7443);
  EXPECT_EQ(config.mediaPort, 41000);
  EXPECT_EQ(config.mediaAnnounce, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(config.roomPolicy, "open");
  EXPECT_TRUE(config.lobby);
  auto flagged = parseCommandLine({"serve", "--room-policy", "open", "--simulcast", "off"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(flagged));
  EXPECT_EQ(std::get<ServeCommand>(flagged).config.roomPolicy, "open");
  EXPECT_FALSE(std::get<ServeCommand>(flagged).config.mediaSimulcast);
  // rooms.recording from the file, and --recording over it (P25).
  const auto recording = writeTemp("[rooms]\nrecording = true\n");
  auto fromFile = parseCommandLine({"serve", "--config", recording});
  auto overridden = parseCommandLine({"serve", "--config", recording, "--recording", "off"});
  std::filesystem::remove(recording);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(fromFile));
  EXPECT_TRUE(std::get<ServeCommand>(fromFile).config.recording);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(overridden));
  EXPECT_FALSE(std::get<ServeCommand>(overridden).config.recording);
}

TEST(CommandLine, BadInputGetsAClearError) {
  auto expectError = [](std::vector<std::string> args, const std::string& fragment) {
    auto command = parseCommandLine(args);
    ASSERT_TRUE(std::holds_alternative<UsageError>(command)) << fragment;
    EXPECT_NE(std::get<UsageError>(command).message.find(fragment), std::string::npos)
        << std::get<UsageError>(command).message;
  };
  expectError({"serve", "--port", "70000"}, "port number");
  expectError({"serve", "--port"}, "needs a value");
  expectError({"serve", "--media-ip", "example.org"}, "not an IP address");
  expectError({"serve", "--cert", "/tmp/c.pem"}, "together");
  expectError({"serve", "--bogus", "1"}, "unknown option");
  expectError({"dance"}, "unknown command");
  expectError({"serve", "--log-addresses", "full"}, "unknown option");  // removed: nothing logs addresses
  expectError({"serve", "--lobby", "yes"}, "on or off");
  expectError({"serve", "--simulcast", "1"}, "on or off");
  expectError({"serve", "--recording", "yes"}, "on or off");
  expectError({"serve", "--media-workers", "65"}, "from 0 to 64");
  expectError({"serve", "--media-room-split", "501"}, "from 0 to 500");
  expectError({"serve", "--room-policy", "closed"}, "organizer or open");
  expectError({"serve", "--turn-port", "-1"}, "--turn-port must be 0 or a port number");
  expectError({"serve", "--config", "/nonexistent/vicos.toml"}, "vicos.toml");
}

TEST(CommandLine, TurnPortZeroTurnsTheUdpListenerOff) {
  auto command = parseCommandLine({"serve", "--turn-port", "0"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  EXPECT_EQ(std::get<ServeCommand>(command).config.turnPort, 0);
  command = parseCommandLine({"serve", "--turn-port", "5349"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  EXPECT_EQ(std::get<ServeCommand>(command).config.turnPort, 5349);
}

TEST(CommandLine, BrokenConfigFileNamesTheProblem) {
  const auto file = writeTemp("[http]\nport = \"eighty\"\n");
  auto command = parseCommandLine({"serve", "--config", file});
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<UsageError>(command));
  EXPECT_NE(std::get<UsageError>(command).message.find("http.port"), std::string::npos);

  const auto syntax = writeTemp("[http\nport = 1\n");
  command = parseCommandLine({"serve", "--config", syntax});
  std::filesystem::remove(syntax);
  ASSERT_TRUE(std::holds_alternative<UsageError>(command));
  EXPECT_NE(std::get<UsageError>(command).message.find(syntax + ":1: "), std::string::npos);
}

TEST(CommandLine, AdminCommands) {
  auto add = parseCommandLine({"user", "add", "anna", "--name", "Anna S", "--data-dir", "/tmp/d"});
  ASSERT_TRUE(std::holds_alternative<UserCommand>(add));
  EXPECT_EQ(std::get<UserCommand>(add).action, UserCommand::Action::Add);
  EXPECT_EQ(std::get<UserCommand>(add).login, "anna");
  EXPECT_EQ(std::get<UserCommand>(add).name, "Anna S");
  EXPECT_EQ(std::get<UserCommand>(add).config.dataDir, "/tmp/d");
  auto list = parseCommandLine({"user", "list"});
  ASSERT_TRUE(std::holds_alternative<UserCommand>(list));
  EXPECT_EQ(std::get<UserCommand>(list).action, UserCommand::Action::List);
  EXPECT_TRUE(std::holds_alternative<RetentionCommand>(parseCommandLine({"retention", "run"})));
  auto report = parseCommandLine({"privacy-report", "--lang", "en", "--format", "json", "--lobby", "on"});
  ASSERT_TRUE(std::holds_alternative<PrivacyReportCommand>(report));
  EXPECT_EQ(std::get<PrivacyReportCommand>(report).language, "en");
  EXPECT_EQ(std::get<PrivacyReportCommand>(report).format, "json");
  EXPECT_TRUE(std::get<PrivacyReportCommand>(report).config.lobby);
  EXPECT_EQ(std::get<PrivacyReportCommand>(parseCommandLine({"privacy-report"})).language, "de");

  auto expectError = [](std::vector<std::string> args, const std::string& fragment) {
    auto command = parseCommandLine(args);
    ASSERT_TRUE(std::holds_alternative<UsageError>(command)) << fragment;
    EXPECT_NE(std::get<UsageError>(command).message.find(fragment), std::string::npos)
        << std::get<UsageError>(command).message;
  };
  expectError({"user"}, "needs add");
  expectError({"migrate"}, "needs the target: set storage.postgres_url or give --postgres-url");
  expectError({"migrate", "now", "--postgres-url", "dbname=vicos"}, "unexpected argument 'now'");
  auto migrate = parseCommandLine({"migrate", "--postgres-url", "dbname=vicos", "--data-dir", "/tmp/d"});
  ASSERT_TRUE(std::holds_alternative<MigrateCommand>(migrate));
  EXPECT_EQ(std::get<MigrateCommand>(migrate).config.postgresUrl, "dbname=vicos");
  EXPECT_EQ(std::get<MigrateCommand>(migrate).config.dataDir, "/tmp/d");
  expectError({"user", "fly"}, "unknown user command");
  expectError({"user", "add"}, "needs a login");
  expectError({"user", "list", "extra"}, "unexpected argument");
  expectError({"user", "remove", "anna", "--name", "x"}, "--name belongs");
  expectError({"retention"}, "retention run");
  expectError({"privacy-report", "--lang", "fr"}, "de or en");
  expectError({"privacy-report", "--format", "html"}, "md or json");
  expectError({"serve", "stray"}, "unexpected argument");
}

TEST(CommandLine, RetentionAndPrivacyKeysFromTheConfigFile) {
  const auto file = writeTemp(
      "[log]\ndir = \"/var/log/vicos\"\n[retention]\naccounts_unused_days = 90\naudit_days = 0\nlog_days = 3\n"
      "[privacy]\nserver_location = \"Frankfurt am Main, Germany\"\ncontroller = \"Example GmbH\"\n"
      "controller_contact = \"privacy@example.org\"\nnotice_url = \"https://example.org/privacy\"\n"
      "imprint_url = \"https://example.org/imprint\"\n[rooms]\nreconnect_grace_seconds = 45\n"
      "max_waiting = 8\nwaiting_timeout_seconds = 120\nmax_rooms = 40\nmax_total_participants = 400\n");
  auto command = parseCommandLine({"serve", "--config", file, "--log-dir", "/srv/logs"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  const auto& config = std::get<ServeCommand>(command).config;
  EXPECT_EQ(config.logDir, "/srv/logs");  // the flag wins
  EXPECT_EQ(config.retainAccountsUnusedDays, 90u);
  EXPECT_EQ(config.retainAuditDays, 0u);
  EXPECT_EQ(config.retainLogDays, 3u);
  EXPECT_EQ(config.serverLocation, "Frankfurt am Main, Germany");
  EXPECT_EQ(config.controller, "Example GmbH");
  EXPECT_EQ(config.controllerContact, "privacy@example.org");
  EXPECT_EQ(config.privacyNoticeUrl, "https://example.org/privacy");
  EXPECT_EQ(config.imprintUrl, "https://example.org/imprint");
  EXPECT_EQ(config.reconnectGraceSeconds, 45u);
  EXPECT_EQ(config.maxWaiting, 8u);
  EXPECT_EQ(config.waitingTimeoutSeconds, 120u);
  EXPECT_EQ(config.maxRooms, 40u);
  EXPECT_EQ(config.maxTotalParticipants, 400u);

  const auto defaults = std::get<ServeCommand>(parseCommandLine({"serve"})).config;
  EXPECT_EQ(defaults.logDir, "");  // P27: standard error only
  EXPECT_EQ(defaults.retainLogDays, 7u);
  EXPECT_EQ(defaults.retainAuditDays, 180u);
  EXPECT_EQ(defaults.retainAccountsUnusedDays, 365u);
  EXPECT_EQ(defaults.reconnectGraceSeconds, 20u);
  EXPECT_EQ(defaults.maxWaiting, 20u);
  EXPECT_EQ(defaults.waitingTimeoutSeconds, 300u);
  EXPECT_EQ(defaults.maxRooms, 500u);
  EXPECT_EQ(defaults.maxTotalParticipants, 1000u);

  const auto bad = writeTemp("[retention]\nlog_days = -1\n");
  auto error = parseCommandLine({"serve", "--config", bad});
  std::filesystem::remove(bad);
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<UsageError>(error));
  EXPECT_NE(std::get<UsageError>(error).message.find("retention.log_days"), std::string::npos);

  // A server that could not fill even one room is a configuration error.
  const auto tooFew = writeTemp("[rooms]\nmax_participants = 50\nmax_total_participants = 10\n");
  error = parseCommandLine({"serve", "--config", tooFew});
  std::filesystem::remove(tooFew);
  ASSERT_TRUE(std::holds_alternative<UsageError>(error));
  EXPECT_NE(std::get<UsageError>(error).message.find("rooms.max_total_participants"), std::string::npos);
}

TEST(CommandLine, ConnectionAndLoginKeysFromTheConfigFile) {
  const auto defaults = std::get<ServeCommand>(parseCommandLine({"serve"})).config;
  EXPECT_EQ(defaults.maxConnections, 0u);  // from the open-file limit
  EXPECT_EQ(defaults.maxConnectionsPerAddress, 256u);
  EXPECT_EQ(defaults.maxWebSocketsPerAddress, 100u);  // three classes of 30 behind one NAT address
  EXPECT_EQ(defaults.joinTimeoutSeconds, 10u);
  EXPECT_EQ(defaults.passwordWorkers, 1u);

  const auto file = writeTemp(
      "[http]\nmax_connections = 5000\nmax_connections_per_address = 512\nmax_websockets_per_address = 300\n"
      "join_timeout_seconds = 30\n[login]\npassword_workers = 2\n");
  auto command = parseCommandLine({"serve", "--config", file});
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  const auto& config = std::get<ServeCommand>(command).config;
  EXPECT_EQ(config.maxConnections, 5000u);
  EXPECT_EQ(config.maxConnectionsPerAddress, 512u);
  EXPECT_EQ(config.maxWebSocketsPerAddress, 300u);
  EXPECT_EQ(config.joinTimeoutSeconds, 30u);
  EXPECT_EQ(config.passwordWorkers, 2u);

  // The flags of the load tests, which play hundreds of participants from one address.
  auto flags = parseCommandLine({"serve", "--max-connections-per-address", "2000", "--max-websockets-per-address",
                                 "1000"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(flags));
  EXPECT_EQ(std::get<ServeCommand>(flags).config.maxConnectionsPerAddress, 2000u);
  EXPECT_EQ(std::get<ServeCommand>(flags).config.maxWebSocketsPerAddress, 1000u);
  ASSERT_TRUE(std::holds_alternative<UsageError>(parseCommandLine({"serve", "--max-websockets-per-address", "0"})));

  const std::pair<const char*, const char*> broken[] = {
      {"[http]\nmax_websockets_per_address = 0\n", "http.max_websockets_per_address"},
      {"[http]\nmax_connections_per_address = -1\n", "http.max_connections_per_address"},
      {"[http]\nmax_connections = \"many\"\n", "http.max_connections"},
      {"[http]\njoin_timeout_seconds = 1\n", "http.join_timeout_seconds"},
      {"[login]\npassword_workers = 0\n", "login.password_workers"},
      {"[login]\npassword_workers = 5\n", "login.password_workers"},
      {"[rooms]\nlobby = \"yes\"\n", "rooms.lobby"},
      {"[rooms]\nrecording = \"on\"\n", "rooms.recording"},
      {"[log]\naddresses = \"full\"\n", "log.addresses was removed"}};
  for (const auto& [text, key] : broken) {
    const auto bad = writeTemp(text);
    auto error = parseCommandLine({"serve", "--config", bad});
    std::filesystem::remove(bad);
    ASSERT_TRUE(std::holds_alternative<UsageError>(error)) << text;
    EXPECT_NE(std::get<UsageError>(error).message.find(key), std::string::npos) << text;
  }
}

TEST(CommandLine, MetricsListenAddress) {
  EXPECT_EQ(std::get<ServeCommand>(parseCommandLine({"serve"})).config.metricsListen, "127.0.0.1:9464");
  const auto v4 = parseListenEndpoint("192.0.2.1:9100");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->address, "192.0.2.1");
  EXPECT_EQ(v4->port, 9100);
  const auto v6 = parseListenEndpoint("[::1]:9464");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->address, "::1");
  for (const char* bad : {"", "9464", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "::1:9464",
                          "[127.0.0.1]:9464", "localhost:9464", "127.0.0.1:94x"})
    EXPECT_FALSE(parseListenEndpoint(bad)) << bad;

  const auto file = writeTemp("[metrics]\nlisten = \"\"\n");  // off
  auto off = parseCommandLine({"serve", "--config", file});
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(off));
  EXPECT_EQ(std::get<ServeCommand>(off).config.metricsListen, "");
  const auto wrongType = writeTemp("[metrics]\nlisten = 9464\n");
  auto typed = parseCommandLine({"serve", "--config", wrongType});
  std::filesystem::remove(wrongType);
  ASSERT_TRUE(std::holds_alternative<UsageError>(typed));
  EXPECT_NE(std::get<UsageError>(typed).message.find("metrics.listen"), std::string::npos);
  auto flagged = parseCommandLine({"serve", "--metrics-listen", "0.0.0.0"});
  ASSERT_TRUE(std::holds_alternative<UsageError>(flagged));
  EXPECT_NE(std::get<UsageError>(flagged).message.find("IPv4:port or [IPv6]:port"), std::string::npos);
}

TEST(ConnectionBudget, LeavesRoomForTheServersOwnFiles) {
  // The usual soft limit of 1,024 with two media workers: 1,024 - 64 - 2 * 8.
  EXPECT_EQ(connectionBudget(1024, 2, 0), 944u);
  EXPECT_EQ(connectionBudget(1024, 2, 5000), 944u);  // a configured total cannot exceed it
  EXPECT_EQ(connectionBudget(1024, 2, 100), 100u);
  EXPECT_EQ(connectionBudget(1u << 20, 4, 0), kDefaultMaxConnections);  // the memory bound
  EXPECT_EQ(connectionBudget(1u << 20, 4, 50000), 50000u);
  EXPECT_EQ(connectionBudget(40, 1, 0), 16u);  // absurdly low limits still serve someone
  EXPECT_EQ(reservedFiles(3), 88u);
}

TEST(ConnectionBudget, RaisesTheSoftOpenFileLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  const uint64_t wanted = std::min<uint64_t>(512, saved.rlim_max);
  EXPECT_EQ(raiseOpenFileLimit(wanted), wanted);
  EXPECT_EQ(raiseOpenFileLimit(100), wanted);  // never lowered
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

TEST(CommandLine, HelpAndVersion) {
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parseCommandLine({})));
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parseCommandLine({"serve", "--help"})));
  EXPECT_TRUE(std::holds_alternative<VersionCommand>(parseCommandLine({"--version"})));
}

}  // namespace
}  // namespace vicos::app
