// Tests of the TURN secret file: made once with mode 0600, read back unchanged, refused when short.
#include "relay/turn_secret.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace vicos::relay {
namespace {

TEST(TurnSecret, MadeOnceKeptPrivateAndReadBack) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("vicos-turn-secret-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string error;
  const auto first = loadOrCreateTurnSecret(dir.string(), error);
  ASSERT_TRUE(first) << error;
  EXPECT_GE(first->size(), 40u);  // 32 random bytes, base64url
  struct stat info {};
  ASSERT_EQ(::stat((dir / kTurnSecretFile).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(loadOrCreateTurnSecret(dir.string(), error), first);

  std::ofstream(dir / kTurnSecretFile, std::ios::trunc) << "short\n";
  EXPECT_FALSE(loadOrCreateTurnSecret(dir.string(), error));
  EXPECT_NE(error.find("fewer than 16"), std::string::npos);
  EXPECT_FALSE(loadOrCreateTurnSecret((dir / "missing" / "dir").string(), error));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vicos::relay
