// Tests of the retention job with a controlled clock: exactly what expired goes, the run is
// audited, and daily log files older than the log retention are deleted (P27, P30).
#include "store/retention.hpp"

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"
#include "store/test_dir.hpp"

namespace vicos::store {
namespace {

constexpr UnixSeconds kDay = kSecondsPerDay;
// 2024-05-10T12:00:00Z
constexpr UnixSeconds kNow = 1'715'342'400;

class RetentionTest : public test::StoreTest {
 protected:
  void SetUp() override {
    mNow = kNow;
    StoreTest::SetUp();
  }
  void addUserAt(const std::string& login, UnixSeconds at) {
    mNow = at;
    ASSERT_TRUE(mUsers->add(login, "Name of " + login, "correct horse", kActorOperator));
  }
  void touch(const std::string& name) {
    std::filesystem::create_directories(mDir.path() / "logs");
    std::ofstream(mDir.path() / "logs" / name) << "line\n";
  }
  bool exists(const std::string& name) { return std::filesystem::exists(mDir.path() / "logs" / name); }

  test::TestDir mDir;  // the log directory's parent
};

VICOS_ON_BOTH_BACKENDS(RetentionTest);

TEST_P(RetentionTest, DeletesExactlyWhatExpiredAndRecordsTheRun) {
  addUserAt("old", kNow - 366 * kDay);         // never used, created 366 days ago: expires
  addUserAt("edge", kNow - 365 * kDay);        // exactly 365 days: kept (strictly older goes)
  addUserAt("used", kNow - 400 * kDay);        // old, but logged in 10 days ago: kept
  mNow = kNow - 10 * kDay;
  ASSERT_TRUE(*mUsers->verifyPassword("used", "correct horse"));
  ASSERT_TRUE(mAudit->record(kNow - 181 * kDay, kActorOperator, AuditAction::UserRemoved, "gone"));
  ASSERT_TRUE(mAudit->record(kNow - 179 * kDay, kActorOperator, AuditAction::UserRemoved, "recent"));
  mNow = kNow;

  auto report = runRetention(*mUsers, *mAudit, RetentionPolicy{}, std::nullopt, kNow);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->accountsErased, 1);
  // Older than 180 days: "gone", and the user.added entries of "used" (400 d) and "edge"
  // (365 d); "old"'s entries were erased with the account, so they are not counted here.
  EXPECT_EQ(report->auditEntriesRemoved, 3);
  EXPECT_EQ(report->logFilesRemoved, 0);

  auto users = mUsers->list();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].login, "edge");
  EXPECT_EQ((*users)[1].login, "used");

  auto entries = mAudit->list();
  ASSERT_TRUE(entries);
  std::vector<std::string> actions;
  for (const auto& e : *entries) actions.push_back(e.action + "/" + e.actor);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.removed/operator", "user.expired/retention",
                                               "retention.run/retention"}));
  EXPECT_EQ(entries->back().at, kNow);
  EXPECT_EQ(entries->back().detail, "accounts=1 audit_entries=3 log_files=0 sessions=0");
  EXPECT_EQ((*entries)[1].target.rfind("erased-", 0), 0u);  // no login, an erasure token
}

TEST_P(RetentionTest, ZeroKeepsForever) {
  addUserAt("ancient", kNow - 5000 * kDay);
  touch("vicos-2010-01-01.log");
  auto report = runRetention(*mUsers, *mAudit, RetentionPolicy{0, 0, 0}, mDir.path() / "logs", kNow);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->accountsErased + report->auditEntriesRemoved + report->logFilesRemoved, 0);
  EXPECT_EQ(*mUsers->count(), 1);
  EXPECT_TRUE(exists("vicos-2010-01-01.log"));
}

TEST_P(RetentionTest, DeletesLogFilesOlderThanTheRetentionAndKeepsNewer) {
  // Now is 2024-05-10 12:00; 7 days before is 2024-05-03 12:00. A day's file goes when its
  // last second is before that.
  for (const char* name : {"vicos-2024-04-01.log", "vicos-2024-05-02.log", "vicos-2024-05-03.log",
                           "vicos-2024-05-10.log", "vicos-2024-05-11.log", "notes.txt",
                           "vicos-2024-5-1.log", "vicos-2024-02-30.log", "vicos-2024-04-01.log.gz"})
    touch(name);
  auto report = runRetention(*mUsers, *mAudit, RetentionPolicy{}, mDir.path() / "logs", kNow);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->logFilesRemoved, 2);
  EXPECT_FALSE(exists("vicos-2024-04-01.log"));
  EXPECT_FALSE(exists("vicos-2024-05-02.log"));
  EXPECT_TRUE(exists("vicos-2024-05-03.log"));
  EXPECT_TRUE(exists("vicos-2024-05-10.log"));
  EXPECT_TRUE(exists("vicos-2024-05-11.log"));
  // Not ours: left alone.
  EXPECT_TRUE(exists("notes.txt"));
  EXPECT_TRUE(exists("vicos-2024-5-1.log"));
  EXPECT_TRUE(exists("vicos-2024-02-30.log"));
  EXPECT_TRUE(exists("vicos-2024-04-01.log.gz"));

  // A missing log directory is not an error.
  EXPECT_TRUE(runRetention(*mUsers, *mAudit, RetentionPolicy{}, mDir.path() / "none", kNow));
}

TEST(LogFileDay, ParsesOnlyOurNames) {
  EXPECT_EQ(logFileDay("vicos-1970-01-01.log"), UnixSeconds{0});
  EXPECT_EQ(logFileDay("vicos-2024-05-10.log"), kNow - 12 * 3600);
  EXPECT_EQ(logFileDay("vicos-2024-02-29.log"), UnixSeconds{1'709'164'800});
  for (const char* bad : {"", "vicos-.log", "vicos-2024-13-01.log", "vicos-2024-00-10.log", "vicos-2023-02-29.log",
                          "vicos-2024-05-1x.log", "vicos-2024+05-10.log", "vicos-2024-05-10.txt",
                          "xvicos-2024-05-10.log", "vicos--024-05-10.log", "vicos-0553-05-10.log",
                          "vicos-1969-12-31.log"})
    EXPECT_FALSE(logFileDay(bad)) << bad;
}

}  // namespace
}  // namespace vicos::store
