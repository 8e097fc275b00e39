// Test fixture shared by the store tests: a real SQLite database in a fresh directory, its
// audit log and user store, on a clock the test sets.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/test_dir.hpp"
#include "store/users.hpp"

namespace vicos::store::test {

// Cheap Argon2id for tests; UsersTest.DefaultParameters checks the real ones.
constexpr PasswordParams kFastPasswords{1, 1024, 1};

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { openStore(mDir.path()); }
  void openStore(const std::filesystem::path& dir) {
    auto db = Database::open(dir);
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mAudit = std::make_unique<AuditLog>(*mDb);
    mUsers = std::make_unique<UserStore>(*mDb, *mAudit, [this] { return mNow; }, kFastPasswords);
  }

  TestDir mDir;
  UnixSeconds mNow = 1'700'000'000;
  std::unique_ptr<Database> mDb;
  std::unique_ptr<AuditLog> mAudit;
  std::unique_ptr<UserStore> mUsers;
};

}  // namespace vicos::store::test
