// Two nodes against a real redis-server: a room opened on the busier node is placed on the
// idler one, only the owner holds and releases the claim, and without Redis a node places
// rooms on itself, as a single node does.
#include "cluster/cluster_node.hpp"

#include <gtest/gtest.h>

#include "cluster/redis_server_fixture.hpp"

namespace vicos::cluster {
namespace {

using test::await;
using namespace std::chrono_literals;

TEST(ClusterNodeTest, RoomsArePlacedOnTheIdlerNodeAndReleasedByTheirOwner) {
  if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  test::RedisServer server;
  RedisLink linkA(server.credentials(), test::inlinePost()), linkB(server.credentials(), test::inlinePost());
  ASSERT_EQ(linkA.start(), std::nullopt);
  ASSERT_EQ(linkB.start(), std::nullopt);
  KeyedHash hash("secret");
  ClusterNode a(linkA, hash, {"a", "a.example", {"192.0.2.1"}}),
      b(linkB, hash, {"b", "b.example", {"192.0.2.2"}});
  a.heartbeat(40, 2, 0.5);
  b.heartbeat(3, 1, 0.1);
  for (RedisLink* link : {&linkA, &linkB})  // both entries are in before anyone lists them
    await<RedisResult>([&](auto done) { link->command({"PING"}, done); });
  EXPECT_EQ(await<std::string>([&](auto done) { a.roomOpened("r", done); }), "b");
  EXPECT_FALSE(a.owns("r"));
  EXPECT_EQ(await<std::string>([&](auto done) { b.roomOpened("r", done); }), "b");
  EXPECT_TRUE(b.owns("r"));
  a.roomClosed("r");  // not a's claim: left alone
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { a.ownerOf("r", done); }), "b");
  b.roomClosed("r");
  await<RedisResult>([&](auto done) { linkB.command({"PING"}, done); });  // the release went first
  EXPECT_EQ(await<std::optional<std::string>>([&](auto done) { a.ownerOf("r", done); }), "");

  server.stop();
  EXPECT_EQ(await<std::string>([&](auto done) { a.roomOpened("s", done); }), "a") << "falls back to itself";
  EXPECT_TRUE(a.owns("s"));
}

// Room-wide caps across nodes: each node learns how many are in its rooms elsewhere; a node
// that stops beating drops out of the sum after the TTL.
TEST(ClusterNodeTest, EachNodeLearnsThePeopleInItsRoomsOnTheOtherNodes) {
  if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  test::RedisServer server;
  RedisLink linkA(server.credentials(), test::inlinePost()), linkB(server.credentials(), test::inlinePost());
  ASSERT_EQ(linkA.start(), std::nullopt);
  ASSERT_EQ(linkB.start(), std::nullopt);
  KeyedHash hash("secret");
  const NodeTiming timing{std::chrono::milliseconds(1500), std::chrono::milliseconds(500)};
  ClusterNode a(linkA, hash, {"a", "", {}}, timing), b(linkB, hash, {"b", "", {}}, timing);
  auto sync = [](RedisLink& link) { await<RedisResult>([&](auto done) { link.command({"PING"}, done); }); };
  await<std::string>([&](auto done) { a.roomOpened("team", done); });
  await<std::string>([&](auto done) { b.roomOpened("team", done); });
  a.heartbeat(3, 1, 0, {{"team", 3}});
  sync(linkA);
  b.heartbeat(4, 1, 0, {{"team", 4}});
  sync(linkB);
  EXPECT_EQ(b.peopleElsewhere("team"), 3u);
  a.heartbeat(3, 1, 0, {{"team", 3}});
  sync(linkA);
  EXPECT_EQ(a.peopleElsewhere("team"), 4u);
  EXPECT_EQ(a.peopleElsewhere("other"), 0u);
  // b stops beating: after the TTL its count no longer counts.
  std::this_thread::sleep_for(std::chrono::milliseconds(1700));
  a.heartbeat(3, 1, 0, {{"team", 3}});
  sync(linkA);
  EXPECT_EQ(a.peopleElsewhere("team"), 0u);
  // b's room closes: its count goes at once.
  b.heartbeat(4, 1, 0, {{"team", 4}});
  sync(linkB);
  b.roomClosed("team");
  sync(linkB);
  a.heartbeat(3, 1, 0, {{"team", 3}});
  sync(linkA);
  EXPECT_EQ(a.peopleElsewhere("team"), 0u);
  server.stop();
  a.heartbeat(3, 1, 0, {{"team", 3}});
  sync(linkA);
  EXPECT_EQ(a.peopleElsewhere("team"), 0u) << "without Redis only the local count";
}

// The figures of docs/performance.md "Redis per join and per minute": round trips from one node.
TEST(ClusterNodeTest, RedisRoundTripsPerRoomAndPerHeartbeat) {
  if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  test::RedisServer server;
  RedisLink link(server.credentials(), test::inlinePost());
  ASSERT_EQ(link.start(), std::nullopt);
  ClusterNode node(link, KeyedHash("secret"), {"a", "a.example", {}});
  auto sync = [&] { await<RedisResult>([&](auto done) { link.command({"PING"}, done); }); };
  auto sentSince = [&](uint64_t before) {
    sync();
    return link.sent() - before - 1;  // without the PING
  };
  uint64_t before = link.sent();
  node.heartbeat(0, 0, 0);
  EXPECT_EQ(sentSince(before), 1u) << "an idle node: its entry only";
  before = link.sent();
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(await<std::string>([&](auto done) { node.roomOpened("r" + std::to_string(i), done); }), "a");
  EXPECT_EQ(sentSince(before), 20u) << "opening a room: the listing and the placement";
  before = link.sent();
  node.heartbeat(50, 10, 0);
  EXPECT_EQ(sentSince(before), 2u) << "entry and all ten claims in one script";
  before = link.sent();
  node.heartbeat(50, 10, 0, {{"r1", 5}, {"r2", 5}});
  EXPECT_EQ(sentSince(before), 3u) << "and all rooms' people counts in one more";
  before = link.sent();
  node.roomClosed("r0");
  EXPECT_EQ(sentSince(before), 2u) << "closing a room: the release and its people count";
  SharedCounter& counter = node.counter();
  before = link.sent();
  counter.increment("login-pair", "k", std::chrono::milliseconds(1000), {});
  EXPECT_EQ(sentSince(before), 1u);
}

}  // namespace
}  // namespace vicos::cluster
