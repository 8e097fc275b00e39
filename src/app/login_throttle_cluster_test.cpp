// The login throttle on two nodes sharing a real redis-server: failures spread over the nodes
// are counted together, and when Redis is gone each node still throttles on its own count.
#include <gtest/gtest.h>

#include "app/login_throttle.hpp"
#include "cluster/redis_server_fixture.hpp"

namespace vicos::app {
namespace {

using cluster::test::PostedQueue;

struct Node : cluster::test::CountingNode {
  using CountingNode::CountingNode;
  LoginThrottle throttle;
};

TEST(LoginThrottleClusterTest, GuessesSpreadOverTwoNodesAreCountedTogether) {
  if (!cluster::test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  cluster::test::RedisServer server;
  PostedQueue queue;
  Node a(server, queue), b(server, queue);
  ASSERT_EQ(a.link.start(), std::nullopt);
  ASSERT_EQ(b.link.start(), std::nullopt);
  a.throttle.share(cluster::shareThrough(a.counter));
  b.throttle.share(cluster::shareThrough(b.counter));

  // Five free failures per account and address: three on each node make six in the cluster.
  for (int i = 0; i < 3; ++i) {
    a.throttle.recordFailure("alice", "192.0.2.7");
    ASSERT_TRUE(queue.run(3));  // pair, address and account counts come back
  }
  EXPECT_EQ(b.throttle.waitMs("alice", "192.0.2.7"), 0);
  for (int i = 0; i < 3; ++i) {
    b.throttle.recordFailure("alice", "192.0.2.7");
    ASSERT_TRUE(queue.run(3));
  }
  EXPECT_GT(b.throttle.waitMs("alice", "192.0.2.7"), 0) << "six failures in the cluster, three here";
  // Node a learns the cluster's count with its own next failure: one attempt more per node at most.
  a.throttle.recordFailure("alice", "192.0.2.7");
  ASSERT_TRUE(queue.run(3));
  // The seventh failure waits 2 s (the sixth 1 s), less the milliseconds the round trip took.
  EXPECT_GT(a.throttle.waitMs("alice", "192.0.2.7"), 1500) << "the seventh failure waits 2 s";
  // Another address is not slowed down for alice's pair (her account has 7 of 100).
  EXPECT_EQ(b.throttle.waitMs("alice", "198.51.100.1"), 0);
  // A right password clears the account's cluster count too.
  b.throttle.recordSuccess("alice", "198.51.100.1");
  b.throttle.recordFailure("alice", "198.51.100.1");
  ASSERT_TRUE(queue.run(3));
}

TEST(LoginThrottleClusterTest, WithoutRedisEachNodeThrottlesOnItsOwnCount) {
  if (!cluster::test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  cluster::test::RedisServer server;
  PostedQueue queue;
  Node a(server, queue);
  ASSERT_EQ(a.link.start(), std::nullopt);
  a.throttle.share(cluster::shareThrough(a.counter));
  server.stop();
  for (unsigned i = 0; i < LoginThrottle::kFreePerAccountAndAddress; ++i)
    a.throttle.recordFailure("bob", "192.0.2.8");
  EXPECT_EQ(a.throttle.waitMs("bob", "192.0.2.8"), 0);
  a.throttle.recordFailure("bob", "192.0.2.8");
  EXPECT_GT(a.throttle.waitMs("bob", "192.0.2.8"), 0) << "the local count still throttles";
}

}  // namespace
}  // namespace vicos::app
