// Tests of the configuration file: an unknown key, a wrong type or a value out of range is refused
// with the file, the line and the key named; the file the Debian package installs is valid and
// shows the true defaults of every key.
#include "app/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/command_line.hpp"

namespace vicos::app {
namespace {

class ConfigFile : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(mPath); }

  // The error for a file holding `text`, as `vicos serve --config FILE` reports it.
  std::string refusal(const std::string& text) {
    std::ofstream(mPath) << text;
    const auto command = parseCommandLine({"serve", "--config", mPath});
    if (!std::holds_alternative<UsageError>(command)) return "(accepted)";
    return std::get<UsageError>(command).message;
  }

  void expectRefused(const std::string& text, int line, const std::string& key) {
    const std::string message = refusal(text);
    EXPECT_EQ(message.rfind(mPath + ":" + std::to_string(line) + ": ", 0), 0u) << text << " -> " << message;
    EXPECT_NE(message.find(key), std::string::npos) << text << " -> " << message;
  }

  std::string mPath =
      (std::filesystem::temp_directory_path() / ("vicos-config-file-" + std::to_string(::getpid()) + ".toml"))
          .string();
};

TEST_F(ConfigFile, UnknownKeysAreRefused) {
  expectRefused("[http]\nport = 8443\nprot = 443\n", 3, "unknown key http.prot");
  expectRefused("[http]\nport = 8443\n\n[htpp]\nport = 443\n", 5, "unknown key htpp.port");
  expectRefused("port = 443\n", 1, "unknown key port");
  expectRefused("[metrics]\nlisten = \"127.0.0.1:9464\"\ntokens = \"x\"\n", 3, "unknown key metrics.tokens");
  // Of several, the first in the file.
  expectRefused("[rooms]\nmax_rooms = 5\nmax_room = 6\n[log]\nlevle = \"debug\"\n", 3, "rooms.max_room");
}

TEST_F(ConfigFile, WrongTypesAreRefused) {
  expectRefused("[http]\n\nport = \"443\"\n", 3, "http.port must be a port number");
  expectRefused("[rooms]\nmax_rooms = 2.0\n", 2, "rooms.max_rooms");
  expectRefused("[rooms]\npolicy = true\n", 2, "rooms.policy must be a string");
  expectRefused("[media]\nannounce = \"192.0.2.1\"\n", 2, "media.announce must be a list");
  expectRefused("[media]\nannounce = [\n  \"192.0.2.1\",\n  7,\n]\n", 4, "media.announce");
  expectRefused("[retention]\naudit_days = \"forever\"\n", 2, "retention.audit_days");
  expectRefused("[http]\ncert_file = [\"a.pem\"]\n", 2, "http.cert_file must be a string");
}

TEST_F(ConfigFile, ValuesOutOfRangeAreRefused) {
  expectRefused("[http]\nport = 65536\n", 2, "http.port");
  expectRefused("[rooms]\nmax_participants = 501\n", 2,
                "rooms.max_participants must be a number from 2 to 500");
  expectRefused("[login]\npassword_workers = 0\n", 2, "login.password_workers");
  expectRefused("[retention]\nlog_days = -1\n", 2, "retention.log_days");
  expectRefused("[rooms]\npolicy = \"closed\"\n", 2, "rooms.policy must be \"organizer\" or \"open\"");
  expectRefused("[log]\nlevel = \"loud\"\n", 2, "log.level");
  expectRefused("[log]\naddresses = \"all\"\n", 2, "log.addresses");
  expectRefused("[http]\nlisten = \"example.org\"\n", 2, "http.listen must be an IP address");
  expectRefused("[media]\nbind = \"any\"\n", 2, "media.bind");
  expectRefused("[media]\nannounce = [\"192.0.2.1\", \"meet.example.org\"]\n", 2, "media.announce");
  expectRefused("[metrics]\nlisten = \"0.0.0.0\"\n", 2, "metrics.listen must be IPv4:port");
  expectRefused("[metrics]\ntoken = \"short\"\n", 2, "metrics.token");
  expectRefused("[metrics]\ntoken = \"with a space in the middle\"\n", 2, "metrics.token");
}

TEST_F(ConfigFile, CheckConfigReadsTheFileAndNothingElse) {
  std::ofstream(mPath) << "[http]\nport = 443\n";
  EXPECT_TRUE(
      std::holds_alternative<CheckConfigCommand>(parseCommandLine({"check-config", "--config", mPath})));
  std::ofstream(mPath) << "[http]\nport = 443\nprot = 1\n";
  const auto refused = parseCommandLine({"check-config", "--config", mPath});
  ASSERT_TRUE(std::holds_alternative<UsageError>(refused));
  EXPECT_EQ(std::get<UsageError>(refused).message,
            mPath + ":3: unknown key http.prot (see README.md \"Configuration\")");
}

TEST_F(ConfigFile, PostgresSettings) {
  std::ofstream(mPath) << "[storage]\n"
                          "postgres_url = \"postgresql://vicos@db.example/vicos?sslmode=verify-full\"\n"
                          "postgres_password_file = \"/etc/vicos/db-password\"\n";
  Config config;
  ASSERT_FALSE(loadConfigFile(mPath, config));
  EXPECT_EQ(config.postgresUrl, "postgresql://vicos@db.example/vicos?sslmode=verify-full");
  EXPECT_EQ(config.postgresPasswordFile, "/etc/vicos/db-password");
  EXPECT_TRUE(Config{}.postgresUrl.empty());  // SQLite stays the default
  std::ofstream(mPath) << "[storage]\npostgres_password_file = \"/etc/vicos/db-password\"\n";
  const auto refused = parseCommandLine({"check-config", "--config", mPath});
  ASSERT_TRUE(std::holds_alternative<UsageError>(refused));
  EXPECT_EQ(std::get<UsageError>(refused).message,
            "storage.postgres_password_file is set but storage.postgres_url is not");
}

TEST_F(ConfigFile, ClusterSettingsComeTogetherOrNotAtAll) {
  const std::string good =
      "[cluster]\nredis_url = \"rediss://vicos@redis.example:6380?cacert=/etc/vicos/redis-ca.pem\"\n"
      "redis_password_file = \"/etc/vicos/redis-password\"\nsecret_file = \"/etc/vicos/cluster-secret\"\n"
      "node_id = \"node-1\"\npublic_address = \"vc1.example.org\"\n";
  std::ofstream(mPath) << good;
  Config config;
  ASSERT_FALSE(loadConfigFile(mPath, config));
  EXPECT_EQ(config.clusterRedisUrl, "rediss://vicos@redis.example:6380?cacert=/etc/vicos/redis-ca.pem");
  EXPECT_EQ(config.clusterNodeId, "node-1");
  EXPECT_FALSE(validate(config));
  EXPECT_TRUE(Config{}.clusterRedisUrl.empty());  // one node is the default
  auto refusedWith = [&](const std::string& text) {
    std::ofstream(mPath) << text;
    const auto result = parseCommandLine({"check-config", "--config", mPath});
    return std::holds_alternative<UsageError>(result) ? std::get<UsageError>(result).message : "";
  };
  EXPECT_EQ(refusedWith("[cluster]\nnode_id = \"n\"\n"),
            "cluster.* settings are set but cluster.redis_url is not");
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return refusedWith(text);
  };
  EXPECT_NE(replaced("rediss://vicos@", "rediss://vicos:pw@").find("cluster.redis_password_file"),
            std::string::npos);
  EXPECT_NE(replaced("node-1", "node 1").find("cluster.node_id"), std::string::npos);
  EXPECT_NE(replaced("/etc/vicos/cluster-secret", "").find("cluster.secret_file"), std::string::npos);
  EXPECT_NE(replaced("vc1.example.org", "https://vc1").find("cluster.public_address"), std::string::npos);
  EXPECT_NE(replaced("rediss://", "redis://").find("rediss://"), std::string::npos) << "TLS off this machine";
  EXPECT_EQ(replaced("node-1", "node-2"), "");
}

TEST_F(ConfigFile, SyntaxErrorsNameTheLine) {
  const std::string message = refusal("[http]\nport = 443\n[media\n");
  EXPECT_EQ(message.rfind(mPath + ":3: ", 0), 0u) << message;
}

TEST_F(ConfigFile, MetricsToken) {
  EXPECT_EQ(Config{}.metricsToken, "");  // off by default
  std::ofstream(mPath) << "[metrics]\ntoken = \"s3cret-Prometheus-token\"\n";
  Config config;
  ASSERT_FALSE(loadConfigFile(mPath, config));
  EXPECT_EQ(config.metricsToken, "s3cret-Prometheus-token");
}

TEST_F(ConfigFile, TurnSettings) {
  EXPECT_TRUE(Config{}.turnEnabled);
  EXPECT_EQ(Config{}.turnPort, 3478);
  std::ofstream(mPath) << "[turn]\nport = 0\nsecret = \"0123456789abcdef\"\nbandwidth_kbps = 500\n";
  Config config;
  ASSERT_FALSE(loadConfigFile(mPath, config));
  EXPECT_EQ(config.turnPort, 0);
  EXPECT_EQ(config.turnSecret, "0123456789abcdef");
  EXPECT_EQ(config.turnBandwidthKbps, 500u);
  EXPECT_NE(refusal("[turn]\nsecret = \"short\"\n").find("turn.secret"), std::string::npos);
  EXPECT_NE(refusal("[turn]\nport = 70000\n").find("turn.port"), std::string::npos);
  EXPECT_NE(refusal("[turn]\nexternal_url = \"http://x\"\n").find("turn.external_url"), std::string::npos);
  std::ofstream(mPath) << "[turn]\nexternal_url = \"turns:turn.example.org:443?transport=tcp\"\n";
  Config alone;
  ASSERT_FALSE(loadConfigFile(mPath, alone));
  ASSERT_TRUE(validate(alone));
  EXPECT_EQ(validate(alone)->message, "turn.external_url and turn.external_secret go together");
}

// The commented file the Debian package installs as /etc/vicos/vicos.toml.
std::string packagedConfig() {
  std::ifstream file(VICOS_SOURCE_DIR "/debian/vicos.toml");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST_F(ConfigFile, ThePackagedFileIsValidAndShowsTheTrueDefaults) {
  const std::string packaged = packagedConfig();
  ASSERT_FALSE(packaged.empty());
  std::ofstream(mPath) << packaged;
  Config installed;
  const auto error = loadConfigFile(mPath, installed);
  ASSERT_FALSE(error) << error->message;
  EXPECT_EQ(installed.dataDir, "/var/lib/vicos");
  EXPECT_EQ(installed.port, 443);

  // Each "# key = value" line, uncommented under its section, must give the built-in default.
  const std::regex section(R"(^\[[a-z_]+\]$)");
  const std::regex commentedDefault(R"(^# ([a-z_]+) = (.*)$)");
  const std::regex setting(R"(^([a-z_]+) = )");
  std::istringstream lines(packaged);
  std::string line, defaults, current;
  std::set<std::string> shown;
  for (std::smatch match; std::getline(lines, line);) {
    if (std::regex_match(line, section)) {
      current = line.substr(1, line.size() - 2);
      defaults += line + "\n";
    } else if (std::regex_match(line, match, commentedDefault)) {
      defaults += match[1].str() + " = " + match[2].str() + "\n";
      shown.insert(current + "." + match[1].str());
    } else if (std::regex_search(line, match, setting)) {
      shown.insert(current + "." + match[1].str());
    }
  }
  std::ofstream(mPath) << defaults;
  Config uncommented;
  const auto defaultsError = loadConfigFile(mPath, uncommented);
  ASSERT_FALSE(defaultsError) << defaultsError->message;
  EXPECT_TRUE(uncommented == Config{}) << "a commented default in debian/vicos.toml is not the built-in one";

  // Every key the server reads appears in the file, set or as a commented default.
  for (const auto& key : configFileKeys())
    EXPECT_TRUE(shown.contains(key)) << key << " is missing from debian/vicos.toml";
  EXPECT_EQ(shown.size(), configFileKeys().size());
}

}  // namespace
}  // namespace vicos::app
