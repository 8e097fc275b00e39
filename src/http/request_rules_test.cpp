// Tests of room-link recognition and the WebSocket Origin rule.
#include "http/request_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vicos::http {
namespace {

TEST(IsRoomName, AllowedCharactersAndLength) {
  EXPECT_TRUE(isRoomName("team-weekly"));
  EXPECT_TRUE(isRoomName("A_b-9"));
  EXPECT_TRUE(isRoomName(std::string(64, 'x')));
  EXPECT_FALSE(isRoomName(std::string(65, 'x')));
  EXPECT_FALSE(isRoomName(""));
  EXPECT_FALSE(isRoomName("a/b"));
  EXPECT_FALSE(isRoomName("a.b"));
  EXPECT_FALSE(isRoomName("r\xc3\xa4um"));
}

TEST(OriginMatchesHost, SameHostOnly) {
  EXPECT_TRUE(originMatchesHost("https://meet.example:8443", "meet.example:8443"));
  EXPECT_TRUE(originMatchesHost("https://Meet.Example", "meet.example"));
  EXPECT_TRUE(originMatchesHost("https://meet.example", "meet.example:443"));
  EXPECT_TRUE(originMatchesHost("https://[::1]:8443", "[::1]:8443"));
  EXPECT_FALSE(originMatchesHost("https://evil.example", "meet.example"));
  EXPECT_FALSE(originMatchesHost("https://meet.example:9999", "meet.example:8443"));
  EXPECT_FALSE(originMatchesHost("http://meet.example", "meet.example"));
  EXPECT_FALSE(originMatchesHost("null", "meet.example"));
  EXPECT_FALSE(originMatchesHost("https://meet.example.evil.example", "meet.example"));
  EXPECT_FALSE(originMatchesHost("https://meet.example/path", "meet.example"));
  EXPECT_FALSE(originMatchesHost("https://user@meet.example", "meet.example"));
  EXPECT_FALSE(originMatchesHost("https://", ""));
  EXPECT_FALSE(originMatchesHost("https://meet.example", ""));
}

}  // namespace
}  // namespace vicos::http
