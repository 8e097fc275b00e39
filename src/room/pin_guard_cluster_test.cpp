// The PIN's per-room count on two nodes sharing a real redis-server: wrong attempts at one room
// through two nodes are counted together; a new PIN starts the count afresh everywhere.
#include <gtest/gtest.h>

#include "cluster/redis_server_fixture.hpp"
#include "room/pin_guard.hpp"

namespace vicos::room {
namespace {

using cluster::test::PostedQueue;

struct Node : cluster::test::CountingNode {
  using CountingNode::CountingNode;
  PinGuard guard;
};

TEST(PinGuardClusterTest, WrongPinsAtOneRoomThroughTwoNodesCountTogether) {
  if (!cluster::test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  cluster::test::RedisServer server;
  PostedQueue queue;
  Node a(server, queue), b(server, queue);
  ASSERT_EQ(a.link.start(), std::nullopt);
  ASSERT_EQ(b.link.start(), std::nullopt);
  a.guard.share(cluster::shareThrough(a.counter), "team");
  b.guard.share(cluster::shareThrough(b.counter), "team");
  int64_t now = 1'000'000;
  // Ten free per room: five wrong on each node, each from a fresh connection (no per-connection wait).
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(a.guard.attempt("a" + std::to_string(i), "0000", "4711", now), PinGuard::Outcome::Wrong);
    ASSERT_TRUE(queue.run(1));
    EXPECT_EQ(b.guard.attempt("b" + std::to_string(i), "0000", "4711", now), PinGuard::Outcome::Wrong);
    ASSERT_TRUE(queue.run(1));
  }
  EXPECT_EQ(b.guard.attempt("b5", "0000", "4711", now), PinGuard::Outcome::Wrong);
  ASSERT_TRUE(queue.run(1));
  EXPECT_GT(b.guard.waitMs("b6", now), 0) << "eleven wrong attempts in the cluster, six here";
  EXPECT_EQ(b.guard.attempt("b6", "4711", "4711", now), PinGuard::Outcome::Throttled);

  // A new PIN on node b clears the room's count in Redis; a's next failure starts from one.
  b.guard.reset();
  b.link.command({"PING"}, [](cluster::RedisResult) {});  // after the DEL on the same link
  ASSERT_TRUE(queue.run(1));
  EXPECT_EQ(a.guard.attempt("a9", "0000", "4711", now + 3'600'001), PinGuard::Outcome::Wrong);
  ASSERT_TRUE(queue.run(1));
  EXPECT_EQ(a.guard.waitMs("a10", now + 3'600'001), 0);
}

}  // namespace
}  // namespace vicos::room
