// Registry and placement against a real redis-server: entries expire without a heartbeat, and
// two nodes racing for the same rooms always agree on exactly one owner.
#include <gtest/gtest.h>

#include <thread>

#include "cluster/node_registry.hpp"
#include "cluster/redis_server_fixture.hpp"
#include "cluster/room_placement.hpp"

namespace vicos::cluster {
namespace {

using test::await;
using test::RedisServer;
using namespace std::chrono_literals;

class PlacementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server (apt-get install redis-server)";
    mServer = std::make_unique<RedisServer>();
    mA = std::make_unique<RedisLink>(mServer->credentials(), test::inlinePost());
    mB = std::make_unique<RedisLink>(mServer->credentials(), test::inlinePost());
    ASSERT_EQ(mA->start(), std::nullopt);
    ASSERT_EQ(mB->start(), std::nullopt);
  }
  bool announce(RedisLink& link, const NodeInfo& node, std::chrono::milliseconds ttl) {
    NodeRegistry registry(link, ttl);
    return await<bool>([&](auto done) { registry.announce(node, done); });
  }
  std::vector<std::string> live(RedisLink& link) {
    NodeRegistry registry(link);
    auto nodes = await<std::optional<std::vector<NodeInfo>>>([&](auto done) { registry.list(done); });
    return nodes ? rankByLoad(*nodes) : std::vector<std::string>{"unreachable"};
  }

  std::unique_ptr<RedisServer> mServer;
  std::unique_ptr<RedisLink> mA, mB;
  KeyedHash mHash{"cluster-secret-for-tests"};
};

TEST_F(PlacementTest, NodesAreListedByLoadAndVanishWhenTheirHeartbeatStops) {
  ASSERT_TRUE(announce(*mA, {"a", "a.example", {"192.0.2.1"}, 7, 1, 0.1}, 1500ms));
  ASSERT_TRUE(announce(*mB, {"b", "b.example", {"192.0.2.2"}, 2, 1, 0.1}, 60000ms));
  EXPECT_EQ(live(*mA), (std::vector<std::string>{"b", "a"}));
  // a renews once, then stops; b keeps going. Margins of 600 ms keep a loaded machine from failing it.
  std::this_thread::sleep_for(900ms);
  ASSERT_TRUE(announce(*mA, {"a", "a.example", {"192.0.2.1"}, 7, 1, 0.1}, 1500ms));
  std::this_thread::sleep_for(900ms);
  EXPECT_EQ(live(*mB), (std::vector<std::string>{"b", "a"})) << "renewed in time";
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(live(*mB), (std::vector<std::string>{"b"})) << "expired without a heartbeat";
}

TEST_F(PlacementTest, TwoNodesRacingForTheSameRoomAlwaysGetOneOwner) {
  ASSERT_TRUE(announce(*mA, {"a", "", {}, 0, 0, 0}, 60000ms));
  ASSERT_TRUE(announce(*mB, {"b", "", {}, 0, 0, 0}, 60000ms));
  RoomPlacement onA(*mA, mHash), onB(*mB, mHash);
  constexpr int kRooms = 300;
  std::map<std::string, int> owners;
  for (int i = 0; i < kRooms; ++i) {
    const std::string room = "room-" + std::to_string(i);
    // Each node believes itself the least loaded: without atomicity both would claim.
    auto pa = std::make_shared<std::promise<std::optional<std::string>>>();
    auto pb = std::make_shared<std::promise<std::optional<std::string>>>();
    std::thread ta([&] { onA.place(room, {"a", "b"}, [pa](auto owner) { pa->set_value(owner); }); });
    std::thread tb([&] { onB.place(room, {"b", "a"}, [pb](auto owner) { pb->set_value(owner); }); });
    ta.join();
    tb.join();
    const auto ownerA = pa->get_future().get(), ownerB = pb->get_future().get();
    ASSERT_TRUE(ownerA && ownerB);
    ASSERT_EQ(*ownerA, *ownerB) << room;
    auto stored = await<std::optional<std::string>>([&](auto done) { onB.lookup(room, done); });
    ASSERT_EQ(stored, ownerA);
    ++owners[*ownerA];
  }
  EXPECT_EQ(owners["a"] + owners["b"], kRooms);
}

TEST_F(PlacementTest, ADeadOwnersRoomsMoveAndOnlyTheOwnerRefreshesOrReleases) {
  ASSERT_TRUE(announce(*mA, {"a", "", {}, 0, 0, 0}, 1000ms));
  ASSERT_TRUE(announce(*mB, {"b", "", {}, 5, 0, 0}, 60000ms));
  RoomPlacement onA(*mA, mHash, 60000ms), onB(*mB, mHash, 60000ms);
  auto owner = await<std::optional<std::string>>([&](auto done) { onA.place("r", live(*mA), done); });
  EXPECT_EQ(owner, "a") << "the least loaded";
  // b asks while a lives: a stays.
  owner = await<std::optional<std::string>>([&](auto done) { onB.place("r", {"b"}, done); });
  EXPECT_EQ(owner, "a");
  // b cannot refresh or release a's claim.
  auto lost =
      await<std::optional<std::vector<std::string>>>([&](auto done) { onB.refresh("b", {"r"}, done); });
  EXPECT_EQ(lost, std::vector<std::string>{"r"});
  onB.release("b", "r");
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onB.lookup("r", done); }), "a");
  // a dies (its entry expires): the next placement moves the room to b.
  std::this_thread::sleep_for(1300ms);
  owner = await<std::optional<std::string>>([&](auto done) { onB.place("r", live(*mB), done); });
  EXPECT_EQ(owner, "b");
  lost = await<std::optional<std::vector<std::string>>>([&](auto done) { onA.refresh("a", {"r"}, done); });
  EXPECT_EQ(lost, std::vector<std::string>{"r"}) << "a learns it lost the room";
  onB.release("b", "r");
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onB.lookup("r", done); }), "");
}

TEST_F(PlacementTest, AClaimExpiresWhenItsOwnerStopsRefreshing) {
  ASSERT_TRUE(announce(*mA, {"a", "", {}, 0, 0, 0}, 60000ms));
  RoomPlacement onA(*mA, mHash, 1200ms);
  ASSERT_EQ(await<std::optional<std::string>>([&](auto done) { onA.place("r", {"a"}, done); }), "a");
  std::this_thread::sleep_for(700ms);
  auto lost =
      await<std::optional<std::vector<std::string>>>([&](auto done) { onA.refresh("a", {"r"}, done); });
  EXPECT_EQ(lost, std::vector<std::string>{});
  std::this_thread::sleep_for(700ms);
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onA.lookup("r", done); }), "a") << "refreshed";
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onA.lookup("r", done); }), "");
}

TEST_F(PlacementTest, ARefreshClaimsAgainWhatARestartedRedisForgot) {
  ASSERT_TRUE(announce(*mA, {"a", "", {}, 0, 0, 0}, 60000ms));
  RoomPlacement onA(*mA, mHash);
  ASSERT_EQ(await<std::optional<std::string>>([&](auto done) { onA.place("r", {"a"}, done); }), "a");
  ASSERT_EQ(await<RedisResult>([&](auto done) { mA->command({"FLUSHALL"}, done); }).index(), 0u);
  auto lost =
      await<std::optional<std::vector<std::string>>>([&](auto done) { onA.refresh("a", {"r"}, done); });
  EXPECT_EQ(lost, std::vector<std::string>{});
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onA.lookup("r", done); }), "a");
}

TEST_F(PlacementTest, RedisHoldsNoRoomNameAndPlacementFailsWhenUnreachable) {
  ASSERT_TRUE(announce(*mA, {"a", "", {}, 0, 0, 0}, 60000ms));
  RoomPlacement onA(*mA, mHash);
  ASSERT_TRUE(
      await<std::optional<std::string>>([&](auto done) { onA.place("secret-room-name", {"a"}, done); }));
  auto keys = await<RedisResult>([&](auto done) { mA->command({"KEYS", "*"}, done); });
  ASSERT_EQ(keys.index(), 0u);
  for (const auto& k : std::get<0>(keys).elements)
    EXPECT_EQ(k.text.find("secret-room-name"), std::string::npos);
  mServer->stop();
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { onA.place("r2", {"a"}, done); }),
            std::nullopt);
}

}  // namespace
}  // namespace vicos::cluster
