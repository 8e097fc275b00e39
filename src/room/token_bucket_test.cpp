// Tests of the token bucket: the burst, the refill rate, the cap on saving up, and a clock that
// does not move forward.
#include "room/token_bucket.hpp"

#include <gtest/gtest.h>

namespace vicos::room {
namespace {

TEST(TokenBucket, BurstThenOnePerInterval) {
  TokenBucket bucket(5, 1000);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.take(0)) << i;
  EXPECT_FALSE(bucket.take(0));
  EXPECT_FALSE(bucket.take(999));
  EXPECT_TRUE(bucket.take(1000));
  EXPECT_FALSE(bucket.take(1500));
  EXPECT_TRUE(bucket.take(2000));
}

TEST(TokenBucket, SavesUpNoMoreThanTheBurst) {
  TokenBucket bucket(5, 1000);
  EXPECT_TRUE(bucket.take(0));
  int passed = 0;
  while (bucket.take(60'000)) ++passed;
  EXPECT_EQ(passed, 5);
}

TEST(TokenBucket, ATimeGoingBackwardsRefillsNothing) {
  TokenBucket bucket(1, 1000);
  EXPECT_TRUE(bucket.take(5000));
  EXPECT_FALSE(bucket.take(0));
  EXPECT_FALSE(bucket.take(5999));  // the step back gave nothing; the full interval is still owed
}

}  // namespace
}  // namespace vicos::room
