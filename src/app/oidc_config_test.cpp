// The [oidc] section of vicos.toml: read, defaulted, and refused with the key named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/command_line.hpp"

namespace vicos::app {
namespace {

Command parseWith(const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() / ("vicos-oidc-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  auto command = parseCommandLine({"serve", "--config", path.string()});
  std::filesystem::remove(path);
  return command;
}

const std::string kGood =
    "[oidc]\nissuer = \"https://id.example.test/realms/school\"\nclient_id = \"vicos\"\n"
    "client_secret = \"s3cret\"\npublic_origin = \"https://meet.example.test\"\n"
    "provider_name = \"School ID\"\nscopes = [\"openid\", \"profile\", \"groups\"]\n"
    "organizer_claim = \"realm_access.roles\"\norganizer_values = [\"teacher\"]\n";

TEST(OidcConfig, OffByDefaultAndReadFromTheFile) {
  const auto defaults = std::get<ServeCommand>(parseCommandLine({"serve"})).config.oidc;
  EXPECT_TRUE(defaults.issuer.empty());
  EXPECT_EQ(defaults.organizerClaim, "groups");
  EXPECT_EQ(defaults.displayNameClaim, "name");
  EXPECT_EQ(defaults.clientAuth, "client_secret_basic");

  const auto command = parseWith(kGood);
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(command)) << std::get<UsageError>(command).message;
  const auto& oidc = std::get<ServeCommand>(command).config.oidc;
  EXPECT_EQ(oidc.issuer, "https://id.example.test/realms/school");
  EXPECT_EQ(oidc.providerName, "School ID");
  EXPECT_EQ(oidc.scopes, (std::vector<std::string>{"openid", "profile", "groups"}));
  EXPECT_EQ(oidc.organizerValues, std::vector<std::string>{"teacher"});
}

TEST(OidcConfig, BadSettingsNameTheKey) {
  const std::pair<std::string, const char*> broken[] = {
      {"[oidc]\nissuer = \"http://id.example.test\"\n", "oidc.issuer"},
      {kGood + "client_auth = \"private_key_jwt\"\n", "oidc.client_auth"},
      {"[oidc]\nscopes = \"openid\"\n", "oidc.scopes"},
      {"[oidc]\norganizer_values = [1]\n", "oidc.organizer_values"},
      {"[oidc]\nissuer = \"https://id.example.test\"\nclient_id = \"vicos\"\n", "oidc.client_secret"},
      {"[oidc]\nissuer = \"https://i.test\"\nclient_id = \"c\"\nclient_secret = \"s\"\n"
       "public_origin = \"https://meet.test/path\"\n",
       "oidc.public_origin"},
      {"[oidc]\nissuer = \"https://i.test\"\nclient_id = \"c\"\nclient_secret = \"s\"\n"
       "public_origin = \"https://meet.test\"\nscopes = [\"profile\"]\n",
       "oidc.scopes"}};
  for (const auto& [text, key] : broken) {
    const auto command = parseWith(text);
    ASSERT_TRUE(std::holds_alternative<UsageError>(command)) << text;
    EXPECT_NE(std::get<UsageError>(command).message.find(key), std::string::npos)
        << text << " -> " << std::get<UsageError>(command).message;
  }
}

}  // namespace
}  // namespace vicos::app
