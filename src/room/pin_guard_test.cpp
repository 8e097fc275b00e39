// Tests of the PIN guard: right and wrong attempts, the growing waits per connection and per room on a controlled clock.
#include "room/pin_guard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace vicos::room {
namespace {

using Outcome = PinGuard::Outcome;

TEST(PinMatches, ComparesWholeStrings) {
  EXPECT_TRUE(pinMatches("1234", "1234"));
  EXPECT_FALSE(pinMatches("1235", "1234"));
  EXPECT_FALSE(pinMatches("123", "1234"));
  EXPECT_FALSE(pinMatches("12345", "1234"));
  EXPECT_FALSE(pinMatches("", "1234"));
  EXPECT_FALSE(pinMatches("", ""));  // no PIN set: nothing matches
  EXPECT_FALSE(pinMatches(std::string(65, '1'), "1234"));
  EXPECT_FALSE(pinMatches(std::string("1234\0", 5), "1234"));
}

TEST(PinGuard, RightPinPassesAndClearsTheConnection) {
  PinGuard guard;
  EXPECT_EQ(guard.attempt("a", "0000", "1234", 0), Outcome::Wrong);
  EXPECT_EQ(guard.trackedConnections(), 1u);
  EXPECT_EQ(guard.attempt("a", "1234", "1234", 0), Outcome::Right);
  EXPECT_EQ(guard.trackedConnections(), 0u);
}

TEST(PinGuard, ConnectionWaitGrowsAfterTheFreeAttempts) {
  PinGuard guard;
  int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(guard.attempt("a", "0000", "1234", now), Outcome::Wrong) << i;
  EXPECT_EQ(guard.waitMs("a", now), 0);
  EXPECT_EQ(guard.attempt("a", "0000", "1234", now), Outcome::Wrong);
  EXPECT_EQ(guard.waitMs("a", now), 1000);
  // While throttled even the right PIN is not looked at.
  EXPECT_EQ(guard.attempt("a", "1234", "1234", now + 999), Outcome::Throttled);
  now += 1000;
  EXPECT_EQ(guard.attempt("a", "0000", "1234", now), Outcome::Wrong);
  EXPECT_EQ(guard.waitMs("a", now), 2000);
  now += 2000;
  EXPECT_EQ(guard.attempt("a", "0000", "1234", now), Outcome::Wrong);
  EXPECT_EQ(guard.waitMs("a", now), 4000);
  // Another connection is not slowed by a's attempts (the room has had only 6 failures).
  EXPECT_EQ(guard.waitMs("b", now), 0);
  EXPECT_EQ(guard.attempt("b", "1234", "1234", now), Outcome::Right);
  now += 4000;
  EXPECT_EQ(guard.attempt("a", "1234", "1234", now), Outcome::Right);
}

TEST(PinGuard, WaitsAreCapped) {
  PinGuard guard;
  int64_t now = 0;
  int64_t longest = 0;
  for (int i = 0; i < 60; ++i) {
    now += guard.waitMs("a", now);
    ASSERT_EQ(guard.attempt("a", "0000", "1234", now), Outcome::Wrong) << i;
    longest = std::max(longest, guard.waitMs("a", now));
  }
  // The room's cap (5 minutes) is the longest anyone waits; no overflow after many doublings.
  EXPECT_EQ(longest, PinGuard::kPerRoom.maxDelayMs);
}

TEST(PinGuard, ManyConnectionsSlowTheWholeRoom) {
  PinGuard guard;
  const int64_t now = 5000;
  // A guesser with a new connection per attempt: each connection has free attempts, the room not.
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(guard.attempt("guesser" + std::to_string(i), "0000", "1234", now), Outcome::Wrong) << i;
  EXPECT_EQ(guard.waitMs("someone", now), 0);
  EXPECT_EQ(guard.attempt("guesser10", "0000", "1234", now), Outcome::Wrong);
  EXPECT_EQ(guard.waitMs("someone", now), 1000);
  EXPECT_EQ(guard.attempt("someone", "1234", "1234", now + 500), Outcome::Throttled);
  EXPECT_EQ(guard.attempt("someone", "1234", "1234", now + 1000), Outcome::Right);
}

TEST(PinGuard, RoomCountIsForgottenAfterAnHour) {
  PinGuard guard;
  for (int i = 0; i < 11; ++i) guard.attempt("g" + std::to_string(i), "0000", "1234", 0);
  EXPECT_GT(guard.waitMs("x", 0), 0);
  const int64_t later = PinGuard::kRoomForgetMs + 1;
  // Ten more free failures after the count was forgotten.
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(guard.attempt("h" + std::to_string(i), "0000", "1234", later), Outcome::Wrong) << i;
  EXPECT_EQ(guard.waitMs("x", later), 0);
}

TEST(PinGuard, ResetForANewPin) {
  PinGuard guard;
  for (int i = 0; i < 5; ++i) guard.attempt("a", "0000", "1234", 0);
  EXPECT_GT(guard.waitMs("a", 0), 0);
  guard.reset();
  EXPECT_EQ(guard.waitMs("a", 0), 0);
  EXPECT_EQ(guard.trackedConnections(), 0u);
}

}  // namespace
}  // namespace vicos::room
