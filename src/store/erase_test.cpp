// Tests of erasure (Art. 17, P30): after `erase` the database (on SQLite: its file and write-ahead
// log) holds neither the login nor the display name, and one entry under a random erasure token remains.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store_fixture.hpp"
#include "store/test_dir.hpp"
#include "store/users.hpp"

namespace vicos::store {
namespace {

// Distinctive strings, so that a hit in the raw bytes can only come from them.
const std::string kLogin = "zacharias.quist";
const std::string kName = "Zacharias Quirinus Quist";

class Erase : public test::StoreTest {
 protected:
  bool filesContain(const std::string& needle) { return storedBytes().find(needle) != std::string::npos; }
};

VICOS_ON_BOTH_BACKENDS(Erase);

TEST_P(Erase, LeavesNoTraceButOneEntryUnderAToken) {
  AuditLog& audit = *mAudit;
  UserStore& users = *mUsers;
  ASSERT_TRUE(users.add(kLogin, kName, "correct horse", kActorOperator));
  ASSERT_TRUE(users.add("other", "Someone Else", "battery staple", kActorOperator));
  ASSERT_TRUE(users.setPassword(kLogin, "new password", kActorOperator));
  ASSERT_TRUE(*users.verifyPassword(kLogin, "new password"));
  ASSERT_TRUE(users.exportData(kLogin, kActorOperator));
  // An action the organizer took on someone else stays auditable, under the erasure token.
  ASSERT_TRUE(audit.record(mNow, kLogin, AuditAction::PasswordChanged, "other"));
  // The check below must be able to fail: the bytes are there before the erasure.
  ASSERT_TRUE(filesContain(kLogin));
  ASSERT_TRUE(filesContain(kName));

  auto erased = users.erase(kLogin, kActorOperator);
  ASSERT_TRUE(erased) << erased.error().message;

  EXPECT_FALSE(filesContain(kLogin));
  EXPECT_FALSE(filesContain(kName));
  EXPECT_TRUE(filesContain("Someone Else"));  // others are untouched

  auto entries = audit.list();
  ASSERT_TRUE(entries);
  std::optional<std::string> token;
  for (const auto& e : *entries)
    if (e.action == "user.deleted") token = e.target;
  ASSERT_TRUE(token);
  EXPECT_EQ(token->rfind("erased-", 0), 0u);
  EXPECT_EQ(token->size(), 7u + 32u);
  int deletions = 0, renamed = 0;
  for (const auto& e : *entries) {
    EXPECT_NE(e.actor, kLogin);
    EXPECT_NE(e.target, kLogin);
    if (e.action == "user.deleted") {
      ++deletions;
      EXPECT_EQ(e.target, *token);
      EXPECT_EQ(e.actor, kActorOperator);
    }
    if (e.target == "other" && e.action == "user.password_changed") {
      ++renamed;
      EXPECT_EQ(e.actor, *token);
    }
  }
  EXPECT_EQ(deletions, 1);
  EXPECT_EQ(renamed, 1);
  EXPECT_FALSE(users.find(kLogin)->has_value());
  EXPECT_FALSE(users.erase(kLogin, kActorOperator));  // nothing left to erase
  EXPECT_FALSE(users.exportData(kLogin, kActorOperator));

  // Also after closing: no copy reappears from a journal.
  mUsers.reset();
  mDb.reset();
  if (!onSqlite()) {  // PostgreSQL: a new connection sees what the server kept
    auto reopened = mStore.open();
    ASSERT_TRUE(reopened) << reopened.error().message;
    mDb = std::move(*reopened);
  }
  EXPECT_FALSE(filesContain(kLogin));
  EXPECT_FALSE(filesContain(kName));
}

TEST_P(Erase, TokenIsFreshPerErasureAndNoKeyIsKept) {
  AuditLog& audit = *mAudit;
  UserStore& users = *mUsers;
  std::vector<std::string> tokens;
  for (int i = 0; i < 2; ++i) {  // the same login erased twice gets two unrelated tokens
    ASSERT_TRUE(users.add("anna", "Anna", "correct horse", kActorOperator));
    ASSERT_TRUE(users.erase("anna", kActorOperator));
    auto entries = audit.list();
    ASSERT_TRUE(entries);
    for (const auto& e : *entries)
      if (e.action == "user.deleted" && (tokens.empty() || tokens.back() != e.target))
        tokens.push_back(e.target);
  }
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_NE(tokens[0], tokens[1]);
  // No key that could test a guessed login against a token is left in the database.
  auto tables = mDb->tableNames();
  ASSERT_TRUE(tables);
  EXPECT_EQ(std::count(tables->begin(), tables->end(), "server_secret"), 0);
}

TEST_P(Erase, AfterRemoveStillErasesTheAuditEntries) {
  AuditLog& audit = *mAudit;
  UserStore& users = *mUsers;
  ASSERT_TRUE(users.add(kLogin, kName, "correct horse", kActorOperator));
  ASSERT_TRUE(users.remove(kLogin, kActorOperator));
  ASSERT_EQ(audit.naming(kLogin)->size(), 2u);
  ASSERT_TRUE(users.erase(kLogin, kActorOperator));
  EXPECT_TRUE(audit.naming(kLogin)->empty());
  EXPECT_FALSE(filesContain(kLogin));
}

}  // namespace
}  // namespace vicos::store
