// Tests of `vicos migrate`'s copy from the SQLite file into an empty PostgreSQL schema of the test
// cluster: afterwards the same logins, passwords, sessions, second factors, single sign-on identities
// and audit entries work there, and a target that holds anything is refused and left alone.
#include "store/copy_store.hpp"

#include <gtest/gtest.h>

#include "store/second_factors.hpp"
#include "store/sessions.hpp"
#include "store/sso_accounts.hpp"
#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

const std::string kIssuer = "https://id.example.test";

class CopyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mTarget.available())
      GTEST_SKIP() << "no PostgreSQL test cluster: run under tests/store/with_postgres.sh";
    auto from = mSource.open();
    ASSERT_TRUE(from) << from.error().message;
    mFrom = std::move(*from);
    auto to = mTarget.open();
    ASSERT_TRUE(to) << to.error().message;
    mTo = std::move(*to);
  }
  // The SQLite installation: two organizers (one admin, one with SSO), sessions, factors, an erasure.
  void fill() {
    AuditLog audit(*mFrom);
    UserStore users(*mFrom, audit, clock(), test::kFastPasswords);
    ASSERT_TRUE(users.add("anna", "Anna Ä.", "correct horse", kActorOperator, true));
    ASSERT_TRUE(users.add("gone", "Gone", "correct horse", kActorOperator));
    ASSERT_TRUE(users.erase("gone", kActorOperator));
    SessionStore sessions(*mFrom, clock());
    auto token = sessions.create("anna");
    ASSERT_TRUE(token);
    mToken = *token;
    SecondFactorStore factors(*mFrom, clock());
    ASSERT_TRUE(factors.addTotp("anna", "phone", std::vector<uint8_t>{0, 1, 2, 255}));
    ASSERT_TRUE(factors.addPasskey("anna", "laptop", StoredPasskey{0, {9, 0, 9}, {0x30, 0x59, 0}, -7, 12}));
    auto codes = factors.newRecoveryCodes("anna");
    ASSERT_TRUE(codes);
    mCode = codes->front();
    SsoAccounts sso(*mFrom, audit, clock());
    auto login = sso.signIn(kIssuer, "subject-1", "Sigrid");
    ASSERT_TRUE(login);
    mSsoLogin = *login;
  }
  WallClock clock() {
    return [this] { return mNow; };
  }

  test::TestDatabase mSource{test::Backend::Sqlite};
  test::TestDatabase mTarget{test::Backend::Postgres};
  std::unique_ptr<Database> mFrom, mTo;
  UnixSeconds mNow = 1'700'000'000;
  std::string mToken, mCode, mSsoLogin;
};

TEST_F(CopyStoreTest, EverythingWorksTheSameInTheTarget) {
  fill();
  auto copied = copyStore(*mFrom, *mTo);
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_EQ(*copied, *mFrom->rowCounts());
  int64_t rows = 0;
  for (const auto& [table, count] : *copied) rows += count;
  EXPECT_GE(rows, 20);

  AuditLog audit(*mTo);
  UserStore users(*mTo, audit, clock(), test::kFastPasswords);
  EXPECT_TRUE(*users.verifyPassword("anna", "correct horse"));
  EXPECT_TRUE((*users.find("anna"))->admin);
  EXPECT_EQ((*users.find("anna"))->displayName, "Anna Ä.");
  EXPECT_EQ(**SessionStore(*mTo, clock()).lookup(mToken), "anna");
  SecondFactorStore factors(*mTo, clock());
  auto totp = factors.totpKeys("anna");
  ASSERT_TRUE(totp);
  ASSERT_EQ(totp->size(), 1u);
  EXPECT_EQ(totp->front().secret, (std::vector<uint8_t>{0, 1, 2, 255}));
  auto passkey = factors.passkeyById({9, 0, 9});
  ASSERT_TRUE(passkey && *passkey);
  EXPECT_EQ((*passkey)->signCount, 12);
  EXPECT_TRUE(*factors.useRecoveryCode("anna", mCode));
  // New rows continue after the copied ids.
  auto added = factors.addTotp("anna", "second phone", std::vector<uint8_t>{7});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_GT(*added, totp->front().id);
  EXPECT_EQ(*SsoAccounts(*mTo, audit, clock()).signIn(kIssuer, "subject-1", "Sigrid"), mSsoLogin);
  auto sourceLog = AuditLog(*mFrom).list();
  auto targetLog = audit.list();
  ASSERT_TRUE(sourceLog && targetLog);
  ASSERT_GE(targetLog->size(), sourceLog->size());
  for (size_t i = 0; i < sourceLog->size(); ++i) {
    EXPECT_EQ((*targetLog)[i].id, (*sourceLog)[i].id);
    EXPECT_EQ((*targetLog)[i].action, (*sourceLog)[i].action);
    EXPECT_EQ((*targetLog)[i].target, (*sourceLog)[i].target);  // the erasure token came along
  }
  EXPECT_TRUE(audit.record(mNow, kActorOperator, AuditAction::RetentionRun));
}

TEST_F(CopyStoreTest, ATargetThatHoldsRowsIsRefusedAndLeftAlone) {
  fill();
  AuditLog audit(*mTo);
  ASSERT_TRUE(audit.record(mNow, kActorOperator, AuditAction::RetentionRun));
  auto copied = copyStore(*mFrom, *mTo);
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().message.find("not empty"), std::string::npos) << copied.error().message;
  auto counts = mTo->rowCounts();
  ASSERT_TRUE(counts);
  for (const auto& [table, rows] : *counts) EXPECT_EQ(rows, table == "audit_log" ? 1 : 0) << table;
}

TEST_F(CopyStoreTest, AFailureHalfWayLeavesTheTargetEmpty) {
  fill();
  // A row the target refuses (text that is not UTF-8, which SQLite stores as given), copied after
  // the users table.
  ASSERT_TRUE(
      mFrom->exec("INSERT INTO audit_log (at, actor, action, detail) VALUES (1, 'x', 'y', "
                  "CAST(X'61FF62' AS TEXT))"));
  auto copied = copyStore(*mFrom, *mTo);
  ASSERT_FALSE(copied);
  auto counts = mTo->rowCounts();
  ASSERT_TRUE(counts);
  for (const auto& [table, rows] : *counts) EXPECT_EQ(rows, 0) << table;
}

}  // namespace
}  // namespace vicos::store
