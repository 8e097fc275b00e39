// Tests of dynacast's timing: up at once, down after the hold-down, flicker ignored.
#include "sfu/dynacast.hpp"

#include <gtest/gtest.h>

namespace vicos::sfu {
namespace {

constexpr Micros kSecond = 1'000'000;

TEST(Dynacast, NothingToTellWhileEverythingIsNeeded) {
  Dynacast d;
  EXPECT_FALSE(d.update(3, 0));
  EXPECT_FALSE(d.update(3, 10 * kSecond));
}

TEST(Dynacast, DownOnlyAfterTheHoldDown) {
  Dynacast d;
  EXPECT_FALSE(d.update(1, 0));
  EXPECT_FALSE(d.update(1, kSecond));
  EXPECT_EQ(d.update(1, 2 * kSecond), 1);
  EXPECT_FALSE(d.update(1, 3 * kSecond));  // told once
  EXPECT_FALSE(d.update(0, 3 * kSecond));
  EXPECT_EQ(d.update(0, 5 * kSecond), 0);  // nobody shows it: nothing is sent
}

TEST(Dynacast, UpAtOnce) {
  Dynacast d;
  d.update(0, 0);
  ASSERT_EQ(d.update(0, 2 * kSecond), 0);
  EXPECT_EQ(d.update(2, 2 * kSecond + 1), 2);
  EXPECT_EQ(d.update(3, 2 * kSecond + 2), 3);
}

TEST(Dynacast, AShortDipChangesNothing) {
  Dynacast d;
  EXPECT_FALSE(d.update(1, 0));
  EXPECT_FALSE(d.update(3, kSecond));      // back before the hold-down ended
  EXPECT_FALSE(d.update(1, 2 * kSecond));  // a new dip starts its own hold-down
  EXPECT_FALSE(d.update(1, 3 * kSecond));
  EXPECT_EQ(d.update(1, 4 * kSecond), 1);
}

}  // namespace
}  // namespace vicos::sfu
