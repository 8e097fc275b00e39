// Tests of the admin role and of disabled accounts on a real SQLite database: each change is
// audited, an unknown login changes nothing, and disabling ends the account's sessions and its
// logins (docs/security.md "Admin page").
#include <gtest/gtest.h>

#include "store/sessions.hpp"
#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

class AccountRolesTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mSessions = std::make_unique<SessionStore>(*mDb, [this] { return mNow; });
    ASSERT_TRUE(mUsers->add("anna", "Anna Schmidt", "correct horse", kActorOperator));
  }
  std::vector<std::string> actions() {
    auto entries = mAudit->list();
    EXPECT_TRUE(entries);
    std::vector<std::string> out;
    for (const auto& e : *entries) out.push_back(e.action + " " + e.actor + " " + e.target);
    return out;
  }
  std::unique_ptr<SessionStore> mSessions;
};

VICOS_ON_BOTH_BACKENDS(AccountRolesTest);

TEST_P(AccountRolesTest, AdminRoleIsGrantedRevokedAndAudited) {
  EXPECT_FALSE((*mUsers->find("anna"))->admin);
  ASSERT_TRUE(mUsers->setAdmin("anna", true, kActorOperator));
  EXPECT_TRUE((*mUsers->find("anna"))->admin);
  ASSERT_TRUE(mUsers->setAdmin("anna", false, "bernd"));
  EXPECT_FALSE((*mUsers->find("anna"))->admin);
  ASSERT_TRUE(mUsers->add("carla", "Carla", "correct horse", kActorOperator, true));
  EXPECT_TRUE((*mUsers->find("carla"))->admin);
  EXPECT_EQ(actions(),
            (std::vector<std::string>{"user.added operator anna", "user.admin_granted operator anna",
                                      "user.admin_revoked bernd anna", "user.added operator carla",
                                      "user.admin_granted operator carla"}));
}

TEST_P(AccountRolesTest, UnknownLoginIsAnErrorAndChangesNothing) {
  const auto before = actions();
  EXPECT_FALSE(mUsers->setAdmin("nobody", true, kActorOperator));
  EXPECT_FALSE(mUsers->setDisabled("nobody", true, kActorOperator));
  EXPECT_FALSE(mUsers->setPasswordHash("nobody", "$argon2id$x", kActorOperator));
  EXPECT_EQ(actions(), before);
  EXPECT_EQ(*mUsers->count(), 1);
}

TEST_P(AccountRolesTest, DisablingEndsSessionsAndRefusesTheLoginUntilEnabled) {
  auto first = mSessions->create("anna");
  auto second = mSessions->create("anna");
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(*mSessions->lookup(*first));

  auto ended = mUsers->setDisabled("anna", true, "bernd");
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(*mSessions->lookup(*first));
  EXPECT_FALSE(*mSessions->lookup(*second));
  EXPECT_TRUE((*mUsers->find("anna"))->disabled);
  // The login sees a disabled account as an unknown one: no hash, the right password fails.
  EXPECT_FALSE(*mUsers->passwordHash("anna"));
  EXPECT_FALSE(*mUsers->verifyPassword("anna", "correct horse"));
  // A session row created behind the store's back (a race with the disabling) is not honoured.
  auto late = mSessions->create("anna");
  ASSERT_TRUE(late);
  EXPECT_FALSE(*mSessions->lookup(*late));

  auto enabled = mUsers->setDisabled("anna", false, "bernd");
  ASSERT_TRUE(enabled);
  EXPECT_EQ(*enabled, 0);
  EXPECT_TRUE(*mUsers->verifyPassword("anna", "correct horse"));
  EXPECT_TRUE(*mSessions->lookup(*late));
  // The sessions open when it was disabled were deleted, so enabling does not bring them back.
  EXPECT_FALSE(*mSessions->lookup(*first));
  EXPECT_FALSE(*mSessions->lookup(*second));
  const auto log = actions();
  EXPECT_EQ(log[1], "user.disabled bernd anna");
  EXPECT_EQ(log[2], "user.enabled bernd anna");
}

TEST_P(AccountRolesTest, LatestEntryIsTheNewestOfItsAction) {
  EXPECT_FALSE(*mAudit->latestEntry(AuditAction::RetentionRun));
  ASSERT_TRUE(mAudit->record(100, kActorRetention, AuditAction::RetentionRun, {}, "accounts=1"));
  ASSERT_TRUE(mAudit->record(200, kActorRetention, AuditAction::RetentionRun, {}, "accounts=2"));
  ASSERT_TRUE(mAudit->record(300, "anna", AuditAction::LoggedOut, "anna"));
  auto latest = mAudit->latestEntry(AuditAction::RetentionRun);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->at, 200);
  EXPECT_EQ((*latest)->detail, "accounts=2");
}

}  // namespace
}  // namespace vicos::store
