// Cluster-wide counts against a real redis-server: two nodes add to one count, the count has a
// TTL, its key names nobody, and an unreachable Redis answers "no count" at once.
#include "cluster/shared_counter.hpp"

#include <gtest/gtest.h>

#include "cluster/redis_server_fixture.hpp"

namespace vicos::cluster {
namespace {

using test::await;
using test::RedisServer;
using namespace std::chrono_literals;

TEST(SharedCounterTest, TwoNodesCountTogetherWithATtlAndHashedKeys) {
  if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server";
  RedisServer server;
  RedisLink a(server.credentials(), test::inlinePost()), b(server.credentials(), test::inlinePost());
  ASSERT_EQ(a.start(), std::nullopt);
  ASSERT_EQ(b.start(), std::nullopt);
  KeyedHash hash("secret");
  SharedCounter onA(a, hash), onB(b, hash);
  using Count = std::optional<uint64_t>;
  for (uint64_t i = 1; i <= 6; ++i) {
    auto& node = i % 2 ? onA : onB;
    EXPECT_EQ(await<Count>([&](auto done) { node.increment("login", "alice\n192.0.2.7", 60000ms, done); }),
              i);
  }
  EXPECT_EQ(await<Count>([&](auto done) { onB.read("login", "alice\n192.0.2.7", done); }), 6u);
  EXPECT_EQ(await<Count>([&](auto done) { onB.read("login", "bob\n192.0.2.7", done); }), 0u);

  auto keys = await<RedisResult>([&](auto done) { a.command({"KEYS", "*"}, done); });
  ASSERT_EQ(std::get<0>(keys).elements.size(), 1u);
  const auto key = std::get<0>(keys).elements[0].text;
  EXPECT_EQ(key.find("alice"), std::string::npos);
  EXPECT_EQ(key.find("192.0.2"), std::string::npos);
  auto ttl = await<RedisResult>([&](auto done) { a.command({"PTTL", key}, done); });
  EXPECT_GT(std::get<0>(ttl).integer, 0);
  EXPECT_LE(std::get<0>(ttl).integer, 60000);

  onA.reset("login", "alice\n192.0.2.7");
  await<RedisResult>([&](auto done) { a.command({"PING"}, done); });  // the DEL went first
  EXPECT_EQ(await<Count>([&](auto done) { onB.read("login", "alice\n192.0.2.7", done); }), 0u);

  // Another secret, another key: a Redis of another installation learns nothing from ours.
  EXPECT_NE(KeyedHash("other")("login", "alice"), hash("login", "alice"));

  server.stop();
  EXPECT_EQ(await<Count>([&](auto done) { onA.increment("login", "x", 60000ms, done); }), std::nullopt);
  EXPECT_EQ(await<Count>([&](auto done) { onA.increment("login", "x", 60000ms, done); }), std::nullopt);
}

}  // namespace
}  // namespace vicos::cluster
