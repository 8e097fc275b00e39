// Tests of opening, migrating and re-opening the database, on both backends, and of the SQLite file.
#include "store/database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "store/test_backend.hpp"
#include "store/test_dir.hpp"

namespace vicos::store {
namespace {

using test::TestDir;

mode_t modeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(Database, SqliteMigratesAnEmptyDirectory) {
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

// The same contract on both backends.
class DatabaseTest : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    if (!mStore.available())
      GTEST_SKIP() << "no PostgreSQL test cluster: run under tests/store/with_postgres.sh";
  }
  std::unique_ptr<Database> open() {
    auto db = mStore.open();
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }

  test::TestDatabase mStore{GetParam()};
};

VICOS_ON_BOTH_BACKENDS(DatabaseTest);

TEST_P(DatabaseTest, MigratesAnEmptyDatabase) {
  auto db = open();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schemaVersion(), Database::latestSchemaVersion());
  auto tables = db->tableNames();
  ASSERT_TRUE(tables);
  EXPECT_EQ(*tables, (std::vector<std::string>{"audit_log", "recovery_codes", "second_factors", "sessions",
                                               "sso_identities", "users"}));
}

TEST_P(DatabaseTest, ReopenKeepsDataAndDoesNotMigrateAgain) {
  {
    auto db = open();
    ASSERT_TRUE(db);
    auto insert = db->prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, ?)");
    ASSERT_TRUE(insert);
    insert->bind(1, int64_t{42}).bind(2, "operator").bind(3, "test");
    ASSERT_TRUE(insert->run());
  }
  auto db = open();  // a second CREATE TABLE would fail here
  ASSERT_TRUE(db);
  EXPECT_EQ(db->schemaVersion(), Database::latestSchemaVersion());
  auto select = db->prepare("SELECT at, actor FROM audit_log");
  ASSERT_TRUE(select);
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->columnInt(0), 42);
  EXPECT_EQ(select->columnText(1), "operator");
}

TEST_P(DatabaseTest, RefusesASchemaFromTheFuture) {
  {
    auto db = open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec(db->dialect() == Dialect::Sqlite ? "PRAGMA user_version = 999"
                                                          : "UPDATE vicos_schema SET version = 999"));
  }
  auto db = mStore.open();
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos) << db.error().message;
}

TEST_P(DatabaseTest, ErrorsAreValuesNotExceptions) {
  auto db = open();
  ASSERT_TRUE(db);
  auto bad = db->prepare("SELEKT nonsense");
  EXPECT_FALSE(bad && bad->run());  // SQLite refuses it when prepared, PostgreSQL when it runs
  EXPECT_FALSE(db->exec("INSERT INTO no_such_table VALUES (1)"));
  auto insert = db->prepare("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, ?)");
  ASSERT_TRUE(insert);
  insert->bind(7, int64_t{1});  // no such parameter: reported by step()
  EXPECT_FALSE(insert->run());
  // The connection is still usable after each error.
  auto count = db->prepare("SELECT count(*) FROM audit_log");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->columnInt(0), 0);
}

TEST_P(DatabaseTest, TransactionRollsBackOnError) {
  auto db = open();
  ASSERT_TRUE(db);
  auto result = db->transaction([&]() -> Status {
    if (auto s = db->exec("INSERT INTO audit_log (at, actor, action) VALUES (1, 'a', 'b')"); !s) return s;
    return Error{"stop"};
  });
  EXPECT_FALSE(result);
  auto count = db->prepare("SELECT count(*) FROM audit_log");
  ASSERT_TRUE(count);
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->columnInt(0), 0);
}

TEST_P(DatabaseTest, BlobsNullsAndLargeIntegersRoundTrip) {
  auto db = open();
  ASSERT_TRUE(db);
  std::vector<uint8_t> every(256);
  for (size_t i = 0; i < every.size(); ++i) every[i] = static_cast<uint8_t>(i);
  ASSERT_TRUE(
      db->exec("INSERT INTO users (login, display_name, password_hash, created_at) "
               "VALUES ('a', 'A', 'x', 1)"));
  auto insert = db->prepare(
      "INSERT INTO second_factors (login, kind, label, secret, algorithm, created_at, last_used_at) "
      "VALUES ('a', 'totp', 'it''s ? here', ?, ?, ?, ?) RETURNING id");
  ASSERT_TRUE(insert);
  insert->bindBlob(1, every).bind(2, int64_t{-7}).bind(3, int64_t{1} << 40).bind(4, std::nullopt);
  auto inserted = insert->step();
  ASSERT_TRUE(inserted) << inserted.error().message;
  ASSERT_TRUE(*inserted);
  EXPECT_GE(insert->columnInt(0), 1);
  auto select = db->prepare("SELECT secret, algorithm, created_at, last_used_at, label FROM second_factors");
  ASSERT_TRUE(select);
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->columnBlob(0), every);
  EXPECT_EQ(select->columnKind(0), ColumnKind::Blob);
  EXPECT_EQ(select->columnInt(1), -7);
  EXPECT_EQ(select->columnKind(1), ColumnKind::Integer);
  EXPECT_EQ(select->columnInt(2), int64_t{1} << 40);
  EXPECT_TRUE(select->columnIsNull(3));
  EXPECT_EQ(select->columnText(4), "it's ? here");  // a ? inside quotes is no parameter
}

TEST(Database, SqliteRefusesAFileAsDataDirectory) {
  TestDir dir;
  std::filesystem::create_directories(dir.path());
  const std::filesystem::path file = dir.path() / "not-a-dir";
  { std::ofstream(file) << "x"; }
  EXPECT_FALSE(Database::open(file));
}

TEST(Database, SqliteRejectsAGarbageFile) {
  TestDir dir;
  std::filesystem::create_directories(dir.path());
  { std::ofstream(dir.path() / "vicos.db") << std::string(4096, 'x'); }
  EXPECT_FALSE(Database::open(dir.path()));
}

}  // namespace
}  // namespace vicos::store
