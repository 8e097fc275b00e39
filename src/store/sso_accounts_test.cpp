// Single sign-on accounts (P9, P30): one account per issuer and subject, no password, and the
// same export, erasure and retention as local accounts, on a real SQLite database.
#include "store/sso_accounts.hpp"

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

const std::string kIssuer = "https://id.example.test";

class SsoAccountsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mSso = std::make_unique<SsoAccounts>(*mDb, *mAudit, [this] { return mNow; });
  }
  int64_t identities() {
    auto rows = mDb->prepare("SELECT count(*) FROM sso_identities");
    EXPECT_TRUE(rows && rows->step());
    return rows ? rows->columnInt(0) : -1;
  }
  std::unique_ptr<SsoAccounts> mSso;
};

VICOS_ON_BOTH_BACKENDS(SsoAccountsTest);

TEST_P(SsoAccountsTest, OneAccountPerIssuerAndSubject) {
  const auto first = mSso->signIn(kIssuer, "248289761001", "Jane Doe");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, ssoLogin(kIssuer, "248289761001"));
  EXPECT_EQ(first->rfind("sso-", 0), 0u);
  mNow += 100;
  const auto again = mSso->signIn(kIssuer, "248289761001", "Jane Roe");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *first);
  const auto user = mUsers->find(*first);
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->displayName, "Jane Roe");
  EXPECT_EQ((*user)->lastLoginAt, mNow);
  // The same subject at another issuer is another person.
  const auto other = mSso->signIn("https://other.example.test", "248289761001", "Jane Doe");
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *first);
  EXPECT_EQ(*mUsers->count(), 2);
}

TEST_P(SsoAccountsTest, NoPasswordLogsIntoASingleSignOnAccount) {
  const auto login = mSso->signIn(kIssuer, "s1", "Jane Doe");
  ASSERT_TRUE(login);
  for (const char* guess : {"", "!", "password123"}) EXPECT_FALSE(*mUsers->verifyPassword(*login, guess));
  // Local accounts cannot take the sso- prefix.
  EXPECT_FALSE(mUsers->add(*login, "Impostor", "correct horse", kActorOperator));
}

TEST_P(SsoAccountsTest, ExportEraseAndRetentionCoverTheIdentity) {
  const auto login = mSso->signIn(kIssuer, "subject-xyz", "Jane Doe");
  ASSERT_TRUE(login);
  const auto exported = mUsers->exportData(*login, kActorOperator);
  ASSERT_TRUE(exported);
  EXPECT_EQ((*exported)["single_sign_on"]["subject"], "subject-xyz");
  EXPECT_EQ((*exported)["single_sign_on"]["issuer"], kIssuer);
  ASSERT_TRUE(mUsers->erase(*login, kActorOperator));
  EXPECT_EQ(identities(), 0);
  // Unused for the retention period: erased with its identity like a local account.
  ASSERT_TRUE(mSso->signIn(kIssuer, "subject-xyz", "Jane Doe"));
  EXPECT_EQ(identities(), 1);
  const UnixSeconds lastUse = mNow;
  mNow += 400 * 86400;
  const auto erased = mUsers->eraseUnusedSince(lastUse + 1);
  ASSERT_TRUE(erased) << erased.error().message;
  EXPECT_EQ(*erased, 1);
  EXPECT_EQ(identities(), 0);
}

TEST_P(SsoAccountsTest, RefusesBadNamesAndSubjects) {
  EXPECT_FALSE(mSso->signIn(kIssuer, "s", ""));
  EXPECT_FALSE(mSso->signIn(kIssuer, "s", "a\nb"));
  EXPECT_FALSE(mSso->signIn(kIssuer, "", "Jane"));
  EXPECT_FALSE(mSso->signIn(kIssuer, std::string(256, 's'), "Jane"));
  EXPECT_EQ(*mUsers->count(), 0);
}

}  // namespace
}  // namespace vicos::store
