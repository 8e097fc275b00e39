// Tests of login sessions: only the token's hash is stored, expiry, revocation, retention, and
// their end with a password change or with the account.
#include "store/sessions.hpp"

#include <gtest/gtest.h>

#include "store/retention.hpp"
#include "store/store_fixture.hpp"
#include "store/users.hpp"

namespace vicos::store {
namespace {

class SessionsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mSessions = std::make_unique<SessionStore>(*mDb, [this] { return mNow; });
    ASSERT_TRUE(mUsers->add("anna", "Anna", "correct horse", kActorOperator));
  }

  std::unique_ptr<SessionStore> mSessions;
};

VICOS_ON_BOTH_BACKENDS(SessionsTest);

TEST_P(SessionsTest, CreateLookupRevoke) {
  auto token = mSessions->create("anna");
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_TRUE(isSessionToken(*token));
  auto other = mSessions->create("anna");
  ASSERT_TRUE(other);
  EXPECT_NE(*token, *other);
  auto login = mSessions->lookup(*token);
  ASSERT_TRUE(login);
  ASSERT_TRUE(*login);
  EXPECT_EQ(**login, "anna");

  ASSERT_TRUE(mSessions->revoke(*token));
  EXPECT_FALSE(*mSessions->lookup(*token));
  EXPECT_TRUE(*mSessions->lookup(*other));  // other sessions stay
}

TEST_P(SessionsTest, OnlyTheHashIsStored) {
  auto token = mSessions->create("anna");
  ASSERT_TRUE(token);
  const std::string stored = storedBytes();
  EXPECT_NE(stored.find("anna"), std::string::npos);  // the check can fail
  EXPECT_EQ(stored.find(*token), std::string::npos);
}

TEST_P(SessionsTest, ExpiresAfterTwelveHours) {
  auto token = mSessions->create("anna");
  ASSERT_TRUE(token);
  mNow += kSessionLifetime - 1;
  EXPECT_TRUE(*mSessions->lookup(*token));
  mNow += 1;
  EXPECT_FALSE(*mSessions->lookup(*token));
}

TEST_P(SessionsTest, MalformedTokensFindNothing) {
  auto token = mSessions->create("anna");
  ASSERT_TRUE(token);
  std::string upper = *token;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad : {std::string(), token->substr(1), *token + "0", upper, std::string(64, 'g')})
    EXPECT_FALSE(*mSessions->lookup(bad)) << bad;
  EXPECT_TRUE(mSessions->revoke("not a token"));
}

TEST_P(SessionsTest, RetentionRemovesExpiredSessions) {
  auto old = mSessions->create("anna");
  mNow += kSessionLifetime;
  auto fresh = mSessions->create("anna");
  ASSERT_TRUE(old && fresh);
  auto report = runRetention(*mUsers, *mAudit, RetentionPolicy{}, std::nullopt, mNow, mSessions.get());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->sessionsRemoved, 1);
  EXPECT_TRUE(*mSessions->lookup(*fresh));
  auto count = mDb->prepare("SELECT count(*) FROM sessions");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->columnInt(0), 1);
}

TEST_P(SessionsTest, APasswordChangeEndsTheAccountsSessions) {
  // Security audit (issue 12, finding 9): sessions outlived `vicos user passwd`.
  ASSERT_TRUE(mUsers->add("bernd", "Bernd", "battery staple", kActorOperator));
  auto first = mSessions->create("anna");
  auto second = mSessions->create("anna");
  auto other = mSessions->create("bernd");
  ASSERT_TRUE(first && second && other);
  auto ended = mUsers->setPassword("anna", "a new password", kActorOperator);
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(*mSessions->lookup(*first));
  EXPECT_FALSE(*mSessions->lookup(*second));
  EXPECT_TRUE(*mSessions->lookup(*other));  // other accounts keep theirs
  // A refused change ends nothing.
  EXPECT_FALSE(mUsers->setPassword("bernd", "short", kActorOperator));
  EXPECT_FALSE(mUsers->setPassword("nobody", "a new password", kActorOperator));
  EXPECT_TRUE(*mSessions->lookup(*other));
}

TEST_P(SessionsTest, SessionsGoWithTheAccount) {
  auto token = mSessions->create("anna");
  ASSERT_TRUE(token);
  ASSERT_TRUE(mUsers->remove("anna", kActorOperator));
  EXPECT_FALSE(*mSessions->lookup(*token));
  EXPECT_FALSE(mSessions->create("nobody"));  // the foreign key refuses unknown logins
}

}  // namespace
}  // namespace vicos::store
