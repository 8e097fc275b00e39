// Tests of RetransmitGuard with synthetic time: the repeat interval and the token bucket.
#include "sfu/retransmit_guard.hpp"

#include <gtest/gtest.h>

namespace vicos::sfu {
namespace {

constexpr Micros kMs = 1'000;
constexpr Micros kT0 = 7'000'000 * kMs;  // any point in time

TEST(RetransmitGuard, APacketIsNotResentWithinTheRepeatInterval) {
  RetransmitGuard guard;
  EXPECT_FALSE(guard.recentlyResent(100, kT0));
  guard.onResent(100, kT0);
  EXPECT_TRUE(guard.recentlyResent(100, kT0));
  EXPECT_TRUE(guard.recentlyResent(100, kT0 + RetransmitGuard::kRepeatInterval - kMs));
  EXPECT_FALSE(guard.recentlyResent(100, kT0 + RetransmitGuard::kRepeatInterval));
  // Another packet, and the one that shares its slot, are not affected.
  EXPECT_FALSE(guard.recentlyResent(101, kT0));
  EXPECT_FALSE(guard.recentlyResent(static_cast<uint16_t>(100 + RtpCache::kSlots), kT0));
  // Across the 16-bit wrap of the millisecond stamp.
  const Micros wrap = 65'536 * kMs;
  guard.onResent(7, wrap - 50 * kMs);
  EXPECT_TRUE(guard.recentlyResent(7, wrap + 40 * kMs));
  EXPECT_FALSE(guard.recentlyResent(7, wrap + 60 * kMs));
}

TEST(RetransmitGuard, TheBucketStartsFullAndTheFloorRefillsIt) {
  RetransmitGuard guard;
  EXPECT_EQ(guard.budget(), RetransmitGuard::kBurstBytes);
  EXPECT_TRUE(guard.trySpend(RetransmitGuard::kBurstBytes - 1000, kT0));
  EXPECT_FALSE(guard.trySpend(1200, kT0));
  EXPECT_EQ(guard.budget(), 1000);  // a refused spend takes nothing
  // 20 ms of floor: 200 bytes, enough for 1,200.
  EXPECT_TRUE(guard.trySpend(1200, kT0 + 20 * kMs));
  EXPECT_EQ(guard.budget(), 0);
  // Called every 50 µs (half a byte of floor each), the floor still accrues.
  Micros t = kT0 + 20 * kMs;
  for (int i = 0; i < 2000; ++i) guard.trySpend(1'000'000, t += 50);
  EXPECT_EQ(guard.budget(), RetransmitGuard::kFloorBytesPerSecond / 10);
  // Never above the burst.
  EXPECT_TRUE(guard.trySpend(0, t + 3600 * 1'000 * kMs));
  EXPECT_EQ(guard.budget(), RetransmitGuard::kBurstBytes);
}

TEST(RetransmitGuard, ForwardedBytesEarnAShare) {
  RetransmitGuard guard;
  ASSERT_TRUE(guard.trySpend(RetransmitGuard::kBurstBytes, kT0));
  for (int i = 0; i < 100; ++i) guard.onForwarded(1200);
  EXPECT_EQ(guard.budget(), 100 * 1200 / static_cast<int64_t>(RetransmitGuard::kShareDivisor));
  for (int i = 0; i < 1000; ++i) guard.onForwarded(1200);
  EXPECT_EQ(guard.budget(), RetransmitGuard::kBurstBytes);
}

}  // namespace
}  // namespace vicos::sfu
