// Logins under way: single use (a replayed callback finds nothing), expiry and the bound.
#include "oidc/pending_logins.hpp"

#include <gtest/gtest.h>

#include "oidc/pkce.hpp"

namespace vicos::oidc {
namespace {

TEST(PendingLogins, EachStateIsTakenOnce) {
  PendingLogins logins;
  const auto login = logins.begin(100, "a");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->state.size(), 43u);
  EXPECT_NE(login->state, login->nonce);
  const auto taken = logins.take(login->state, 101);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->nonce, login->nonce);
  EXPECT_FALSE(logins.take(login->state, 102));  // the replay
  EXPECT_FALSE(logins.take("made-up", 102));
  EXPECT_EQ(logins.size(), 0u);
}

TEST(PendingLogins, ExpireAndStayBounded) {
  PendingLogins logins(2, 600);
  const auto a = logins.begin(0, "x");
  ASSERT_TRUE(logins.begin(10, "y"));
  EXPECT_FALSE(logins.begin(20, "z"));       // full: nothing pushed out
  EXPECT_FALSE(logins.take(a->state, 600));  // expired
  ASSERT_TRUE(logins.begin(609, "z"));
  EXPECT_TRUE(logins.begin(700, "z"));  // the one from 10 s has expired and makes room
  EXPECT_EQ(logins.size(), 2u);
}

TEST(PendingLogins, OneAddressCannotFillTheTable) {
  PendingLogins logins;
  for (size_t i = 0; i < PendingLogins::kPerOwner; ++i) ASSERT_TRUE(logins.begin(0, "flooder"));
  EXPECT_FALSE(logins.begin(1, "flooder"));
  EXPECT_TRUE(logins.begin(1, "someone-else"));
  EXPECT_TRUE(logins.begin(PendingLogins::kDefaultLifetimeSeconds, "flooder"));  // the old ones expired
}

TEST(Pkce, S256ChallengeOfRfc7636AppendixB) {
  EXPECT_EQ(s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

}  // namespace
}  // namespace vicos::oidc
