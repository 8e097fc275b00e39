// Tests of the command line and configuration file: defaults, overrides, clear errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/command_line.hpp"

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
  EXPECT_EQ(config.logAddresses, log::AddressMode::Hidden);  // P27
}

TEST(CommandLine, FlagsOverrideTheConfigFile) {
  const auto file = writeTemp(
      "[http]\nport = 9443\n[media]\nport = 41000\nannounce = [\"192.0.2.10\"]\n"
      "[log]\naddresses = \"shortened\"\n");
  auto command = parseCommandLine({"serve", "--config", file, "--port", "7443", "--media-ip", "127.0.0.1"});
  std::filesystem::remove(file);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command));
  const auto& config = std::get<ServeCommand>(command).config;
  EXPECT_EQ(config.port, 7443);
  EXPECT_EQ(config.mediaPort, 41000);
  EXPECT_EQ(config.mediaAnnounce, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(config.logAddresses, log::AddressMode::Shortened);
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
  expectError({"serve", "--log-addresses", "all"}, "hidden, shortened or full");
  expectError({"serve", "--config", "/nonexistent/vicos.toml"}, "vicos.toml");
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
  EXPECT_NE(std::get<UsageError>(command).message.find("line 1"), std::string::npos);
}

TEST(CommandLine, HelpAndVersion) {
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parseCommandLine({})));
  EXPECT_TRUE(std::holds_alternative<HelpCommand>(parseCommandLine({"serve", "--help"})));
  EXPECT_TRUE(std::holds_alternative<VersionCommand>(parseCommandLine({"--version"})));
}

}  // namespace
}  // namespace vicos::app
