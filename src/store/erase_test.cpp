// Tests of erasure (Art. 17, P30): after `erase` neither the database file nor its
// write-ahead log holds the login or the display name, and one entry under a random erasure token remains.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"
#include "store/test_dir.hpp"
#include "store/users.hpp"

namespace vicos::store {
namespace {

constexpr PasswordParams kFast = test::kFastPasswords;
// Distinctive strings, so that a hit in the raw bytes can only come from them.
const std::string kLogin = "zacharias.quist";
const std::string kName = "Zacharias Quirinus Quist";

bool filesContain(const std::filesystem::path& dir, const std::string& needle) {
  for (const char* file : {"vicos.db", "vicos.db-wal"}) {
    const std::string bytes = test::readFile(dir / file);
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(Erase, LeavesNoTraceButOneEntryUnderAToken) {
  test::TestDir dir;
  UnixSeconds now = 1'700'000'000;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error().message;
  AuditLog audit(**db);
  UserStore users(
      **db, audit, [&] { return now; }, kFast);
  ASSERT_TRUE(users.add(kLogin, kName, "correct horse", kActorOperator));
  ASSERT_TRUE(users.add("other", "Someone Else", "battery staple", kActorOperator));
  ASSERT_TRUE(users.setPassword(kLogin, "new password", kActorOperator));
  ASSERT_TRUE(*users.verifyPassword(kLogin, "new password"));
  ASSERT_TRUE(users.exportData(kLogin, kActorOperator));
  // An action the organizer took on someone else stays auditable, under the erasure token.
  ASSERT_TRUE(audit.record(now, kLogin, AuditAction::PasswordChanged, "other"));
  // The check below must be able to fail: the bytes are there before the erasure.
  ASSERT_TRUE(filesContain(dir.path(), kLogin));
  ASSERT_TRUE(filesContain(dir.path(), kName));

  auto erased = users.erase(kLogin, kActorOperator);
  ASSERT_TRUE(erased) << erased.error().message;

  EXPECT_FALSE(filesContain(dir.path(), kLogin));
  EXPECT_FALSE(filesContain(dir.path(), kName));
  EXPECT_TRUE(filesContain(dir.path(), "Someone Else"));  // others are untouched

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
  db->reset();
  EXPECT_FALSE(filesContain(dir.path(), kLogin));
  EXPECT_FALSE(filesContain(dir.path(), kName));
}

TEST(Erase, TokenIsFreshPerErasureAndNoKeyIsKept) {
  test::TestDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db);
  AuditLog audit(**db);
  UserStore users(
      **db, audit, [] { return UnixSeconds{1'700'000'000}; }, kFast);
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
  auto secret = (*db)->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'server_secret'");
  ASSERT_TRUE(secret && *secret->step());
  EXPECT_EQ(secret->columnInt(0), 0);
}

TEST(Erase, AfterRemoveStillErasesTheAuditEntries) {
  test::TestDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db);
  AuditLog audit(**db);
  UserStore users(
      **db, audit, [] { return UnixSeconds{1'700'000'000}; }, kFast);
  ASSERT_TRUE(users.add(kLogin, kName, "correct horse", kActorOperator));
  ASSERT_TRUE(users.remove(kLogin, kActorOperator));
  ASSERT_EQ(audit.naming(kLogin)->size(), 2u);
  ASSERT_TRUE(users.erase(kLogin, kActorOperator));
  EXPECT_TRUE(audit.naming(kLogin)->empty());
  EXPECT_FALSE(filesContain(dir.path(), kLogin));
}

}  // namespace
}  // namespace vicos::store
