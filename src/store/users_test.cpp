// Tests of organizer accounts: add, list, verify, change password, remove, login rules,
// Argon2id parameters and export (P7, P30).
#include "store/users.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

class UsersTest : public test::StoreTest {
 protected:
  std::string storedHash(const std::string& login) {
    auto stmt = mDb->prepare("SELECT password_hash FROM users WHERE login = ?");
    EXPECT_TRUE(stmt);
    stmt->bind(1, login);
    auto row = stmt->step();
    return row && *row ? stmt->columnText(0) : std::string();
  }
};

VICOS_ON_BOTH_BACKENDS(UsersTest);

TEST_P(UsersTest, AddListVerifyChangeRemove) {
  ASSERT_TRUE(mUsers->add("anna", "Anna Schmidt", "correct horse", kActorOperator));
  ASSERT_TRUE(mUsers->add("bernd.k", "Bernd", "battery staple", kActorOperator));
  auto users = mUsers->list();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].login, "anna");
  EXPECT_EQ((*users)[0].displayName, "Anna Schmidt");
  EXPECT_EQ((*users)[0].createdAt, mNow);
  EXPECT_FALSE((*users)[0].lastLoginAt);
  EXPECT_EQ(*mUsers->count(), 2);

  mNow += 60;
  EXPECT_TRUE(*mUsers->verifyPassword("anna", "correct horse"));
  EXPECT_EQ((*mUsers->find("anna"))->lastLoginAt, mNow);
  EXPECT_FALSE(*mUsers->verifyPassword("anna", "battery staple"));

  ASSERT_TRUE(mUsers->setPassword("anna", "new password", kActorOperator));
  EXPECT_FALSE(*mUsers->verifyPassword("anna", "correct horse"));
  EXPECT_TRUE(*mUsers->verifyPassword("anna", "new password"));
  EXPECT_FALSE(mUsers->setPassword("nobody", "new password", kActorOperator));

  ASSERT_TRUE(mUsers->remove("anna", kActorOperator));
  EXPECT_FALSE(*mUsers->verifyPassword("anna", "new password"));
  EXPECT_FALSE(mUsers->remove("anna", kActorOperator));
  EXPECT_EQ(*mUsers->count(), 1);

  auto audit = mAudit->list();
  ASSERT_TRUE(audit);
  std::vector<std::string> actions;
  for (const auto& e : *audit) actions.push_back(e.action + " " + e.target);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.added anna", "user.added bernd.k",
                                               "user.password_changed anna", "user.removed anna"}));
}

TEST_P(UsersTest, WrongPasswordAndUnknownLoginAreBothFalse) {
  ASSERT_TRUE(mUsers->add("anna", "Anna", "correct horse", kActorOperator));
  auto wrong = mUsers->verifyPassword("anna", "wrong password");
  auto unknown = mUsers->verifyPassword("zoe", "correct horse");
  ASSERT_TRUE(wrong);
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*wrong);
  EXPECT_FALSE(*unknown);
  EXPECT_FALSE(*mUsers->verifyPassword("anna", ""));
  EXPECT_FALSE((*mUsers->find("anna"))->lastLoginAt);  // failures are not logins
}

TEST_P(UsersTest, LoginNameAndPasswordRules) {
  for (const char* bad : {"", "Anna", "an na", "anna@example.org", "änna", "operator", "retention",
                          "erased-0011", "a/b"})
    EXPECT_TRUE(checkLogin(bad)) << bad;
  EXPECT_TRUE(checkLogin(std::string(65, 'a')));
  for (const char* good : {"a", "anna", "anna.schmidt", "a_b-c.9", "0"}) EXPECT_FALSE(checkLogin(good)) << good;
  EXPECT_FALSE(checkLogin(std::string(64, 'a')));

  EXPECT_TRUE(checkDisplayName(""));
  EXPECT_TRUE(checkDisplayName("Tab\there"));
  EXPECT_TRUE(checkDisplayName(std::string(101, 'x')));
  EXPECT_FALSE(checkDisplayName("Jürgen Groß"));

  EXPECT_TRUE(checkPassword("short"));
  EXPECT_TRUE(checkPassword("two\nlines"));
  EXPECT_TRUE(checkPassword(std::string(1025, 'x')));
  EXPECT_FALSE(checkPassword("eight ch"));

  EXPECT_FALSE(mUsers->add("Anna", "Anna", "correct horse", kActorOperator));
  EXPECT_FALSE(mUsers->add("anna", "", "correct horse", kActorOperator));
  EXPECT_FALSE(mUsers->add("anna", "Anna", "short", kActorOperator));
  ASSERT_TRUE(mUsers->add("anna", "Anna", "correct horse", kActorOperator));
  auto again = mUsers->add("anna", "Other", "correct horse", kActorOperator);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("exists"), std::string::npos);
  EXPECT_EQ(*mUsers->count(), 1);
}

TEST_P(UsersTest, DefaultParametersAreArgon2idT3M64MiBP1) {
  UserStore real(*mDb, *mAudit, [this] { return mNow; });
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(real.add("anna", "Anna", "correct horse", kActorOperator));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  RecordProperty("argon2id_hash_ms", static_cast<int>(ms.count()));
  std::printf("Argon2id t=3 m=64MiB p=1: one hash took %lld ms\n", static_cast<long long>(ms.count()));
  const std::string hash = storedHash("anna");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=65536,t=3,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(*real.verifyPassword("anna", "correct horse"));
  EXPECT_FALSE(*real.verifyPassword("nobody", "correct horse"));
  // Salted: the same password gives a different hash.
  ASSERT_TRUE(mUsers->add("bernd", "Bernd", "correct horse", kActorOperator));
  EXPECT_NE(storedHash("bernd").substr(storedHash("bernd").rfind('$')), hash.substr(hash.rfind('$')));
}

TEST_P(UsersTest, ExportHoldsEverythingAboutTheLoginAndNothingElse) {
  ASSERT_TRUE(mUsers->add("anna", "Anna Schmidt", "correct horse", kActorOperator));
  ASSERT_TRUE(mUsers->add("bernd", "Bernd Becker", "battery staple", kActorOperator));
  mNow += 100;
  ASSERT_TRUE(*mUsers->verifyPassword("anna", "correct horse"));
  ASSERT_TRUE(mUsers->setPassword("bernd", "another one", kActorOperator));

  auto exported = mUsers->exportData("anna", kActorOperator);
  ASSERT_TRUE(exported) << exported.error().message;
  const auto& json = *exported;
  EXPECT_EQ(json["format"], "vicos-user-export/1");
  EXPECT_EQ(json["account"]["login"], "anna");
  EXPECT_EQ(json["account"]["display_name"], "Anna Schmidt");
  EXPECT_EQ(json["account"]["created_at"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(json["account"]["last_login_at"], "2023-11-14T22:15:00Z");
  EXPECT_EQ(json["account"]["password_hash"], storedHash("anna"));
  EXPECT_EQ(json["account"]["admin"], false);
  EXPECT_EQ(json["account"]["disabled"], false);
  EXPECT_EQ(json["account"].size(), 7u);  // every column of the users row
  ASSERT_EQ(json["audit_log"].size(), 1u);
  EXPECT_EQ(json["audit_log"][0]["action"], "user.added");
  const std::string text = json.dump();
  EXPECT_EQ(text.find("bernd"), std::string::npos);
  EXPECT_EQ(text.find("Bernd"), std::string::npos);

  // The export is itself audited, and the next export shows it.
  auto second = mUsers->exportData("anna", kActorOperator);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["audit_log"].size(), 2u);
  EXPECT_EQ((*second)["audit_log"][1]["action"], "user.exported");

  EXPECT_FALSE(mUsers->exportData("nobody", kActorOperator));
  // After remove() the audit entries are still data about anna.
  ASSERT_TRUE(mUsers->remove("anna", kActorOperator));
  auto afterRemove = mUsers->exportData("anna", kActorOperator);
  ASSERT_TRUE(afterRemove);
  EXPECT_TRUE((*afterRemove)["account"].is_null());
  EXPECT_EQ((*afterRemove)["audit_log"].size(), 4u);
}

}  // namespace
}  // namespace vicos::store
