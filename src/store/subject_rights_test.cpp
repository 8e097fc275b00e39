// Export and erasure checked against every table of the store (P30, Art. 15, 17, 20) on both
// backends: the tables are read from the database's catalogue, so a table added later is covered
// without touching this test; on SQLite erasure is also checked in the raw bytes of the database
// file and its write-ahead log.
#include <gtest/gtest.h>

#include "store/second_factors.hpp"
#include "store/sessions.hpp"
#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

const std::string kLogin = "philippa.wendeborn";
const std::string kName = "Philippa Ottilie Wendeborn";
// A TOTP key whose bytes are easy to spot in the file.
const std::vector<uint8_t> kTotpSecret = {'T', 'O', 'T', 'P', 'k', 'e', 'y', '-', 'p', 'h',
                                          'i', 'l', 'i', 'p', 'p', 'a', '-', '2', '0', 'b'};
const std::vector<uint8_t> kCredentialId = {'c', 'r', 'e', 'd', '-', 'p', 'h', 'i', 'l', 'i', 'p', 'p', 'a'};

class SubjectRightsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mSessions = std::make_unique<SessionStore>(*mDb, [this] { return mNow; });
    mFactors = std::make_unique<SecondFactorStore>(*mDb, [this] { return mNow; });
    for (const auto& [login, name] :
         {std::pair{kLogin, kName}, std::pair{std::string("other"), std::string("Otto Other")}}) {
      ASSERT_TRUE(mUsers->add(login, name, "correct horse", kActorOperator));
      ASSERT_TRUE(*mUsers->verifyPassword(login, "correct horse"));
      ASSERT_TRUE(mSessions->create(login));
      ASSERT_TRUE(mSessions->create(login));
      ASSERT_TRUE(
          mFactors->addTotp(login, "phone", login == kLogin ? kTotpSecret : std::vector<uint8_t>(20, 7)));
      StoredPasskey key{
          0, login == kLogin ? kCredentialId : std::vector<uint8_t>{1, 2, 3}, {0x30, 0x59}, -7, 3};
      ASSERT_TRUE(mFactors->addPasskey(login, "laptop", key));
      ASSERT_TRUE(mFactors->newRecoveryCodes(login));
    }
    ASSERT_TRUE(mAudit->record(mNow, kLogin, AuditAction::PasswordChanged, "other"));
  }

  std::vector<std::string> tables() { return *mDb->tableNames(); }

  // Rows of `table` with `needle` in any column, compared as bytes (text and blobs alike).
  int64_t rowsContaining(const std::string& table, const std::string& needle) {
    auto rows = mDb->prepare("SELECT * FROM \"" + table + "\"");
    EXPECT_TRUE(rows) << table;
    int64_t count = 0;
    EXPECT_TRUE(rows->eachRow([&] {
      bool found = false;
      for (int c = 0; c < rows->columnCount(); ++c) {
        const auto value = rows->columnBlob(c);
        found = found || std::string(value.begin(), value.end()).find(needle) != std::string::npos;
      }
      count += found;
    }));
    return count;
  }

  bool filesContain(const std::string& needle) { return storedBytes().find(needle) != std::string::npos; }

  std::unique_ptr<SessionStore> mSessions;
  std::unique_ptr<SecondFactorStore> mFactors;
};

// How many of the person's rows the export shows for a table, or -1 when it has no entry.
int64_t exportedRows(const nlohmann::json& data, const std::string& table) {
  const std::string key = table == "users" ? "account" : table;
  if (!data.contains(key)) return -1;
  const auto& part = data.at(key);
  if (part.is_array()) return static_cast<int64_t>(part.size());
  if (part.is_object() && part.contains("left")) return part.at("left").get<int64_t>();  // recovery codes
  return part.is_object() ? 1 : 0;
}

VICOS_ON_BOTH_BACKENDS(SubjectRightsTest);

TEST_P(SubjectRightsTest, ExportCoversEveryRowOfEveryTable) {
  auto data = mUsers->exportData(kLogin, kActorOperator);
  ASSERT_TRUE(data) << data.error().message;
  int tablesNamingThePerson = 0;
  for (const auto& table : tables()) {
    const int64_t rows = rowsContaining(table, kLogin);
    if (rows == 0) continue;
    ++tablesNamingThePerson;
    // The export itself adds one audit entry ("user.exported") after it was read.
    const int64_t expected = table == "audit_log" ? rows - 1 : rows;
    EXPECT_EQ(exportedRows(*data, table), expected) << "table " << table;
  }
  EXPECT_GE(tablesNamingThePerson, 5);  // users, sessions, second_factors, recovery_codes, audit_log
  // Second factors are exported without their secrets.
  const std::string text = data->dump();
  EXPECT_EQ(text.find("TOTPkey"), std::string::npos);
  EXPECT_EQ(text.find("secret"), std::string::npos);
  EXPECT_EQ((*data)["second_factors"].size(), 2u);
}

TEST_P(SubjectRightsTest, EraseLeavesNoRowAndNoByteThatNamesThePerson) {
  const std::string secret(kTotpSecret.begin(), kTotpSecret.end());
  const std::string credential(kCredentialId.begin(), kCredentialId.end());
  // The checks below must be able to fail: everything is there before the erasure.
  ASSERT_TRUE(filesContain(kLogin) && filesContain(kName) && filesContain(secret) &&
              filesContain(credential));

  ASSERT_TRUE(mUsers->erase(kLogin, kActorOperator));

  for (const auto& table : tables()) {
    EXPECT_EQ(rowsContaining(table, kLogin), 0) << "table " << table;
    EXPECT_EQ(rowsContaining(table, kName), 0) << "table " << table;
  }
  ASSERT_TRUE(mDb->exec("VACUUM"));
  ASSERT_TRUE(mDb->checkpoint());
  for (const auto& needle : {kLogin, kName, secret, credential}) EXPECT_FALSE(filesContain(needle)) << needle;
  EXPECT_TRUE(filesContain("Otto Other"));  // others are untouched
  EXPECT_EQ(rowsContaining("sessions", "other"), 2);
}

}  // namespace
}  // namespace vicos::store
