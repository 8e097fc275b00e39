// Tests of opening, migrating and re-opening the database file.
#include "store/database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store/test_dir.hpp"

namespace vicos::store {
namespace {

using test::TestDir;

mode_t modeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(Database, MigratesAnEmptyDirectory) {
  TestDir dir;
  auto db = Database::open(dir.path() / "data");
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->schemaVersion(), Database::latestSchemaVersion());
  EXPECT_GE(Database::latestSchemaVersion(), 1);
  EXPECT_EQ(modeOf(dir.path() / "data"), 0700u);
  EXPECT_EQ(modeOf(dir.path() / "data" / "vicos.db"), 0600u);
  EXPECT_EQ(modeOf(dir.path() / "data" / "vicos.db-wal"), 0600u);
  auto journal = (*db)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(journal);
  ASSERT_TRUE(*journal->step());
  EXPECT_EQ(journal->columnText(0), "wal");
  auto keys = (*db)->prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(keys);
  ASSERT_TRUE(*keys->step());
  EXPECT_EQ(keys->columnInt(0), 1);
}

TEST(Database, ReopenKeepsDataAndDoesNotMigrateAgain) {
  TestDir dir;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db) << db.error().message;
    auto insert = (*db)->prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, ?)");
    ASSERT_TRUE(insert);
    insert->bind(1, int64_t{42}).bind(2, "operator").bind(3, "test");
    ASSERT_TRUE(insert->run());
  }
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db) << db.error().message;  // a second CREATE TABLE would fail here
  EXPECT_EQ((*db)->schemaVersion(), Database::latestSchemaVersion());
  auto select = (*db)->prepare("SELECT at, actor FROM audit_log");
  ASSERT_TRUE(select);
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->columnInt(0), 42);
  EXPECT_EQ(select->columnText(1), "operator");
}

TEST(Database, RefusesASchemaFromTheFuture) {
  TestDir dir;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec("PRAGMA user_version = 999"));
  }
  auto db = Database::open(dir.path());
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos) << db.error().message;
}

TEST(Database, ErrorsAreValuesNotExceptions) {
  TestDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db);
  EXPECT_FALSE((*db)->prepare("SELEKT nonsense"));
  EXPECT_FALSE((*db)->exec("INSERT INTO no_such_table VALUES (1)"));
  auto insert = (*db)->prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, ?)");
  ASSERT_TRUE(insert);
  insert->bind(7, int64_t{1});  // no such parameter: reported by step()
  EXPECT_FALSE(insert->run());

  const std::filesystem::path file = dir.path() / "not-a-dir";
  { std::ofstream(file) << "x"; }
  EXPECT_FALSE(Database::open(file));
}

TEST(Database, TransactionRollsBackOnError) {
  TestDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db);
  auto result = (*db)->transaction([&]() -> Status {
    if (auto s = (*db)->exec("INSERT INTO audit_log (at, actor, action) VALUES (1, 'a', 'b')"); !s) return s;
    return Error{"stop"};
  });
  EXPECT_FALSE(result);
  auto count = (*db)->prepare("SELECT count(*) FROM audit_log");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->columnInt(0), 0);
}

TEST(Database, RejectsAGarbageFile) {
  TestDir dir;
  std::filesystem::create_directories(dir.path());
  { std::ofstream(dir.path() / "vicos.db") << std::string(4096, 'x'); }
  EXPECT_FALSE(Database::open(dir.path()));
}

}  // namespace
}  // namespace vicos::store
