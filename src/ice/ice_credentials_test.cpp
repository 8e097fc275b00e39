// Tests of ICE credential generation and validation.
#include "ice/ice_credentials.hpp"

#include <gtest/gtest.h>

#include <set>

namespace vicos::ice {
namespace {

TEST(IceCredentials, LengthsAndCharacterSet) {
  for (int i = 0; i < 100; ++i) {
    const IceCredentials c = generateIceCredentials();
    EXPECT_EQ(c.ufrag.size(), kUfragLength);
    EXPECT_EQ(c.pwd.size(), kPwdLength);
    EXPECT_TRUE(isValidUfrag(c.ufrag)) << c.ufrag;
    EXPECT_TRUE(isValidPwd(c.pwd)) << c.pwd;
  }
}

TEST(IceCredentials, AreNotRepeatedAndUseTheWholeAlphabet) {
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 200; ++i) {
    const IceCredentials c = generateIceCredentials();
    EXPECT_TRUE(seen.insert(c.pwd).second);
    chars.insert(c.pwd.begin(), c.pwd.end());
  }
  // 4,800 draws from 64 characters: missing one has probability ~64 * e^-75.
  EXPECT_EQ(chars.size(), 64u);
  EXPECT_TRUE(randomIceString(0).empty());
}

TEST(IceCredentials, ValidatesPeerCredentials) {
  EXPECT_TRUE(isValidUfrag("h6vY"));
  EXPECT_FALSE(isValidUfrag("h6v"));
  EXPECT_FALSE(isValidUfrag("h6v:Y"));
  EXPECT_FALSE(isValidUfrag(std::string(257, 'a')));
  EXPECT_TRUE(isValidPwd("VOkJxbRl1RmTxUk/WvJxBt"));
  EXPECT_FALSE(isValidPwd("VOkJxbRl1RmTxUk/WvJxB"));
  EXPECT_FALSE(isValidPwd("VOkJxbRl1RmTxUk/WvJxBt="));
}

}  // namespace
}  // namespace vicos::ice
