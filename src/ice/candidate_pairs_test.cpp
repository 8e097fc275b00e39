// Tests of CandidatePairs with synthetic time: consent per pair, the first nomination, the
// switch rule against a single (or replayed) check, and the bound on pairs.
#include "ice/candidate_pairs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vicos::ice {
namespace {

constexpr Micros kSecond = 1'000'000;

stun::TransactionId transaction(uint8_t n) { return {n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; }

struct Pairs : ::testing::Test {
  CandidatePairs pairs;
  Endpoint browser = *Endpoint::parse("192.0.2.10", 50000);
  Endpoint mobile = *Endpoint::parse("198.51.100.7", 41000);
  Endpoint victim = *Endpoint::parse("203.0.113.99", 9);
  uint8_t next = 1;

  CandidatePairs::Update check(const Endpoint& from, Micros now, bool nominates = true) {
    return pairs.onValidCheck(from, transaction(next++), nominates, now);
  }
};

TEST_F(Pairs, FirstCheckedPairCarriesDtlsUntilTheFirstNomination) {
  EXPECT_FALSE(pairs.sendTuple());
  EXPECT_TRUE(check(browser, 0, false).sendTupleChanged);
  EXPECT_EQ(pairs.sendTuple(), browser);
  EXPECT_FALSE(pairs.nominatedTuple());
  EXPECT_FALSE(check(mobile, 1, false).sendTupleChanged);
  EXPECT_EQ(pairs.sendTuple(), browser);
  // The browser nominates its best pair, which need not be the first it checked: at once.
  EXPECT_TRUE(check(mobile, 2).sendTupleChanged);
  EXPECT_EQ(pairs.nominatedTuple(), mobile);
}

// The audit's finding: one authenticated USE-CANDIDATE check from another address moved the
// media there. Replaying that one check does not help either.
TEST_F(Pairs, OneCheckFromElsewhereDoesNotMoveMediaOffAPairWithConsent) {
  check(browser, 0);
  ASSERT_EQ(pairs.nominatedTuple(), browser);
  const stun::TransactionId captured = transaction(200);
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(pairs.onValidCheck(victim, captured, true, 1 * kSecond + i).sendTupleChanged);
  }
  EXPECT_EQ(pairs.sendTuple(), browser);
  EXPECT_TRUE(pairs.hasConsent(victim, 2 * kSecond));  // answered, but no media
}

// A browser that moved to another network keeps nominating the new pair: the second check
// in another transaction moves the media, while the old pair still has consent.
TEST_F(Pairs, RepeatedNominationsMoveMedia) {
  check(browser, 0);
  check(browser, 5 * kSecond);
  EXPECT_FALSE(check(mobile, 6 * kSecond).sendTupleChanged);
  EXPECT_TRUE(check(mobile, 6 * kSecond + 480'000).sendTupleChanged);
  EXPECT_EQ(pairs.nominatedTuple(), mobile);
  // Back again takes two as well.
  EXPECT_FALSE(check(browser, 7 * kSecond).sendTupleChanged);
  EXPECT_TRUE(check(browser, 8 * kSecond).sendTupleChanged);
}

TEST_F(Pairs, NominationsFurtherApartThanTheWindowDoNotAddUp) {
  check(browser, 0);
  check(mobile, 1 * kSecond);
  EXPECT_FALSE(check(mobile, 1 * kSecond + CandidatePairs::kSwitchWindow + 1).sendTupleChanged);
  EXPECT_TRUE(check(mobile, 2 * kSecond + CandidatePairs::kSwitchWindow).sendTupleChanged);
}

TEST_F(Pairs, PlainChecksDoNotMoveANominatedPair) {
  check(browser, 0);
  for (int i = 1; i < 5; ++i) check(mobile, i * kSecond, false);
  EXPECT_EQ(pairs.sendTuple(), browser);
}

// Consent is per pair: checks from another address do not keep media flowing to a pair that
// has gone quiet. Once it expired, the next nomination moves the media at once.
TEST_F(Pairs, ConsentIsKeptPerPair) {
  check(browser, 0);
  for (Micros t = 5 * kSecond; t <= 35 * kSecond; t += 5 * kSecond) check(mobile, t, false);
  std::vector<Endpoint> forgotten;
  auto forget = [&](const Endpoint& e) { forgotten.push_back(e); };
  pairs.expire(30 * kSecond - 1, forget);
  EXPECT_EQ(pairs.sendTuple(), browser);
  pairs.expire(30 * kSecond, forget);
  EXPECT_FALSE(pairs.sendTuple());
  EXPECT_EQ(forgotten, std::vector<Endpoint>{browser});
  EXPECT_EQ(pairs.size(), 1u);
  // A plain check does not bring media back once a pair was nominated; a nomination does.
  EXPECT_FALSE(check(mobile, 36 * kSecond, false).sendTupleChanged);
  EXPECT_FALSE(pairs.sendTuple());
  EXPECT_TRUE(check(mobile, 37 * kSecond).sendTupleChanged);
  EXPECT_EQ(pairs.nominatedTuple(), mobile);
}

TEST_F(Pairs, ASelectedPairWithoutConsentIsReplacedByOneNomination) {
  check(browser, 0);
  EXPECT_TRUE(check(mobile, CandidatePairs::kConsentTimeout).sendTupleChanged);
  EXPECT_EQ(pairs.nominatedTuple(), mobile);
}

TEST_F(Pairs, PairsAreBoundedAndTheSelectedOneIsKept) {
  check(browser, 0);
  std::vector<Endpoint> forgotten;
  for (uint16_t port = 1; port <= 20; ++port) {
    const auto update = check(*Endpoint::parse("203.0.113.1", port), port * 1000, false);
    if (update.forgotten) forgotten.push_back(*update.forgotten);
  }
  EXPECT_EQ(pairs.size(), CandidatePairs::kMaxPairs);
  EXPECT_EQ(forgotten.size(), 20 + 1 - CandidatePairs::kMaxPairs);
  EXPECT_EQ(forgotten.front(), *Endpoint::parse("203.0.113.1", 1));  // least recently checked
  EXPECT_EQ(pairs.sendTuple(), browser);
  EXPECT_TRUE(pairs.hasConsent(browser, 1 * kSecond));
}

}  // namespace
}  // namespace vicos::ice
