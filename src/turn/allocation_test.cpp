// Tests of one allocation's permission and channel tables (RFC 8656 9, 12).
#include "turn/allocation.hpp"

#include <gtest/gtest.h>

#include "turn/turn_test_client.hpp"

namespace vicos::turn {
namespace {

using test::v4;

Allocation make() { return Allocation(1, v4(198, 51, 100, 1, 50000), "1:tag", 600); }

TEST(TurnAllocation, PermissionsArePerAddressAndExpire) {
  Allocation a = make();
  EXPECT_FALSE(a.permits(v4(10, 0, 0, 1, 40000), 0));
  ASSERT_TRUE(a.permit(v4(10, 0, 0, 1, 40000), 0));
  EXPECT_TRUE(a.permits(v4(10, 0, 0, 1, 40001), 10));  // RFC 8656 9: port ignored
  EXPECT_FALSE(a.permits(v4(10, 0, 0, 2, 40000), 10));
  EXPECT_TRUE(a.permits(v4(10, 0, 0, 1, 40000), kPermissionLifetime - 1));
  EXPECT_FALSE(a.permits(v4(10, 0, 0, 1, 40000), kPermissionLifetime));
}

TEST(TurnAllocation, PermissionTableIsBoundedAndReusesExpiredSlots) {
  Allocation a = make();
  for (uint8_t i = 0; i < kMaxPermissions; ++i) ASSERT_TRUE(a.permit(v4(10, 0, 0, i, 1), 0));
  EXPECT_TRUE(a.permit(v4(10, 0, 0, 0, 1), 1));  // a refresh needs no new slot
  EXPECT_FALSE(a.permit(v4(10, 0, 1, 0, 1), 1));
  EXPECT_TRUE(a.permit(v4(10, 0, 1, 0, 1), kPermissionLifetime + 1));
}

TEST(TurnAllocation, ChannelsBindRefreshAndConflict) {
  Allocation a = make();
  const auto peer = v4(10, 0, 0, 1, 40000);
  const auto other = v4(10, 0, 0, 1, 40001);
  EXPECT_EQ(a.bind(0x4000, peer, 0), Allocation::Bind::Ok);
  EXPECT_EQ(a.bind(0x4000, peer, 100), Allocation::Bind::Ok);  // refresh
  EXPECT_EQ(a.bind(0x4000, other, 100), Allocation::Bind::Conflict);
  EXPECT_EQ(a.bind(0x4001, peer, 100), Allocation::Bind::Conflict);
  EXPECT_EQ(a.bind(0x4001, other, 100), Allocation::Bind::Ok);
  EXPECT_EQ(*a.peerOf(0x4000, 100), peer);
  EXPECT_EQ(a.channelOf(other, 100), 0x4001);
  EXPECT_EQ(a.peerOf(0x4002, 100), nullptr);
  EXPECT_EQ(a.channelOf(v4(10, 0, 0, 9, 1), 100), 0);
}

TEST(TurnAllocation, ExpiredChannelStaysReservedFiveMinutes) {
  Allocation a = make();
  const auto peer = v4(10, 0, 0, 1, 40000);
  ASSERT_EQ(a.bind(0x4000, peer, 0), Allocation::Bind::Ok);
  EXPECT_EQ(a.peerOf(0x4000, kChannelLifetime), nullptr);
  EXPECT_EQ(a.bind(0x4000, v4(10, 0, 0, 2, 1), kChannelLifetime), Allocation::Bind::Conflict);
  EXPECT_EQ(a.bind(0x4000, v4(10, 0, 0, 2, 1), kChannelLifetime + kPermissionLifetime), Allocation::Bind::Ok);
}

TEST(TurnAllocation, ChannelTableIsBounded) {
  Allocation a = make();
  for (uint16_t i = 0; i < kMaxChannels; ++i) {
    ASSERT_EQ(a.bind(static_cast<uint16_t>(0x4000 + i), v4(10, 0, 0, 1, static_cast<uint16_t>(i + 1)), 0),
              Allocation::Bind::Ok);
  }
  EXPECT_EQ(a.bind(0x4100, v4(10, 0, 0, 2, 1), 0), Allocation::Bind::Full);
}

}  // namespace
}  // namespace vicos::turn
