// Test fixture shared by the store tests: a real database of each backend (test_backend.hpp),
// its audit log and user store, on a clock the test sets.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/test_backend.hpp"
#include "store/users.hpp"

namespace vicos::store::test {

// Cheap Argon2id for tests; UsersTest.DefaultParameters checks the real ones.
constexpr PasswordParams kFastPasswords{1, 1024, 1};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!mStore.available())
      GTEST_SKIP() << "no PostgreSQL test cluster: run under tests/store/with_postgres.sh";
    auto db = mStore.open();
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mAudit = std::make_unique<AuditLog>(*mDb);
    mUsers = std::make_unique<UserStore>(
        *mDb, *mAudit, [this] { return mNow; }, kFastPasswords);
  }
  bool onSqlite() const { return GetParam() == Backend::Sqlite; }
  // What the database holds, as bytes: SQLite's file and write-ahead log, free pages included;
  // on PostgreSQL, whose files belong to its server, every value of every table.
  std::string storedBytes() {
    if (onSqlite())
      return readFile(mStore.dir() / Database::kFileName) + readFile(mStore.dir() / "vicos.db-wal");
    std::string bytes;
    auto tables = mDb->tableNames();
    EXPECT_TRUE(tables);
    for (const auto& table : tables ? *tables : std::vector<std::string>{}) {
      auto rows = mDb->prepare("SELECT * FROM \"" + table + "\"");
      EXPECT_TRUE(rows);
      EXPECT_TRUE(rows->eachRow([&] {
        for (int c = 0; c < rows->columnCount(); ++c) {
          const auto value = rows->columnBlob(c);
          bytes.append(value.begin(), value.end()).push_back('\0');
        }
      }));
    }
    return bytes;
  }

  TestDatabase mStore{GetParam()};
  UnixSeconds mNow = 1'700'000'000;
  std::unique_ptr<Database> mDb;
  std::unique_ptr<AuditLog> mAudit;
  std::unique_ptr<UserStore> mUsers;
};

}  // namespace vicos::store::test
