// Tests of the second-factor rows (P8) on a real SQLite file: a TOTP step is accepted once,
// recovery codes work once and are kept only as hashes, and factors go with their account.
#include "store/second_factors.hpp"

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace vicos::store {
namespace {

class SecondFactorsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mFactors = std::make_unique<SecondFactorStore>(*mDb, [this] { return mNow; });
    ASSERT_TRUE(mUsers->add("anna", "Anna", "correct horse", kActorOperator));
  }
  std::unique_ptr<SecondFactorStore> mFactors;
};

VICOS_ON_BOTH_BACKENDS(SecondFactorsTest);

TEST_P(SecondFactorsTest, TotpStepIsAcceptedOnlyOnceAndNeverBackwards) {
  auto id = mFactors->addTotp("anna", "phone", std::vector<uint8_t>(20, 1));
  ASSERT_TRUE(id);
  EXPECT_TRUE(*mFactors->acceptTotpStep(*id, 100));
  EXPECT_FALSE(*mFactors->acceptTotpStep(*id, 100));  // the same code again
  EXPECT_FALSE(*mFactors->acceptTotpStep(*id, 99));   // an older code of the window
  EXPECT_TRUE(*mFactors->acceptTotpStep(*id, 101));
  EXPECT_EQ(mFactors->totpKeys("anna")->at(0).lastStep, 101);
}

TEST_P(SecondFactorsTest, RecoveryCodesWorkOnceAndAreStoredHashed) {
  ASSERT_TRUE(mFactors->addTotp("anna", "phone", std::vector<uint8_t>(20, 1)));
  auto codes = mFactors->newRecoveryCodes("anna");
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), kRecoveryCodeCount);
  EXPECT_EQ(codes->at(0).size(), 19u);  // XXXX-XXXX-XXXX-XXXX
  std::string lower = codes->at(0);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(*mFactors->useRecoveryCode("anna", lower));
  EXPECT_FALSE(*mFactors->useRecoveryCode("anna", codes->at(0)));
  EXPECT_FALSE(*mFactors->useRecoveryCode("bernd", codes->at(1)));
  EXPECT_EQ(*mFactors->recoveryCodesLeft("anna"), static_cast<int64_t>(kRecoveryCodeCount - 1));
  ASSERT_TRUE(mDb->checkpoint());
  EXPECT_EQ(storedBytes().find(codes->at(1)), std::string::npos);
  // New codes replace the old ones.
  ASSERT_TRUE(mFactors->newRecoveryCodes("anna"));
  EXPECT_FALSE(*mFactors->useRecoveryCode("anna", codes->at(2)));
}

TEST_P(SecondFactorsTest, LastFactorTakesTheRecoveryCodesAndAccountTakesAll) {
  auto totp = mFactors->addTotp("anna", "phone", std::vector<uint8_t>(20, 1));
  auto key = mFactors->addPasskey("anna", "laptop", StoredPasskey{0, {9, 9}, {1}, -7, 0});
  ASSERT_TRUE(totp && key && mFactors->newRecoveryCodes("anna"));
  EXPECT_FALSE(*mFactors->remove("bernd", *totp));  // only the owner's
  EXPECT_TRUE(*mFactors->remove("anna", *totp));
  EXPECT_EQ(*mFactors->recoveryCodesLeft("anna"), static_cast<int64_t>(kRecoveryCodeCount));
  EXPECT_TRUE(*mFactors->remove("anna", *key));
  EXPECT_EQ(*mFactors->recoveryCodesLeft("anna"), 0);
  ASSERT_TRUE(mFactors->addPasskey("anna", "laptop", StoredPasskey{0, {9, 9}, {1}, -7, 0}));
  ASSERT_TRUE(mUsers->remove("anna", kActorOperator));
  EXPECT_FALSE(*mFactors->hasAny("anna"));
  EXPECT_FALSE(*mFactors->passkeyById({9, 9}));
}

}  // namespace
}  // namespace vicos::store
