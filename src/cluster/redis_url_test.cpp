// cluster.redis_url: accepted shapes, and refusals that never echo the URL.
#include "cluster/redis_url.hpp"

#include <gtest/gtest.h>

namespace vicos::cluster {
namespace {

RedisUrl ok(const char* text) {
  auto parsed = parseRedisUrl(text);
  EXPECT_EQ(parsed.index(), 0u) << text << ": " << (parsed.index() ? std::get<1>(parsed) : "");
  return parsed.index() == 0 ? std::get<0>(parsed) : RedisUrl{};
}

std::string refused(const char* text) {
  auto parsed = parseRedisUrl(text);
  EXPECT_EQ(parsed.index(), 1u) << text;
  return parsed.index() == 1 ? std::get<1>(parsed) : "";
}

TEST(RedisUrlTest, AcceptsHostPortDatabaseUserAndTls) {
  auto a = ok("redis://redis.example");
  EXPECT_FALSE(a.tls);
  EXPECT_EQ(a.host, "redis.example");
  EXPECT_EQ(a.port, 6379);
  auto b = ok("rediss://vicos@10.0.0.5:6380/2?cacert=/etc/vicos/redis-ca.pem");
  EXPECT_TRUE(b.tls);
  EXPECT_EQ(b.user, "vicos");
  EXPECT_EQ(b.host, "10.0.0.5");
  EXPECT_EQ(b.port, 6380);
  EXPECT_EQ(b.database, 2u);
  EXPECT_EQ(b.caFile, "/etc/vicos/redis-ca.pem");
  auto c = ok("redis://[2001:db8::7]:7000");
  EXPECT_EQ(c.host, "2001:db8::7");
  EXPECT_EQ(c.port, 7000);
}

TEST(RedisUrlTest, RefusesAPasswordWithoutRepeatingIt) {
  const auto error = refused("redis://vicos:hunter22@redis.example");
  EXPECT_NE(error.find("cluster.redis_password_file"), std::string::npos);
  EXPECT_EQ(error.find("hunter22"), std::string::npos);
}

TEST(RedisUrlTest, AnotherMachineOnlyOverTls) {
  EXPECT_EQ(requireTlsOffHost(ok("redis://127.0.0.1:6379")), std::nullopt);
  EXPECT_EQ(requireTlsOffHost(ok("redis://[::1]")), std::nullopt);
  EXPECT_EQ(requireTlsOffHost(ok("redis://localhost")), std::nullopt);
  EXPECT_EQ(requireTlsOffHost(ok("rediss://redis.example")), std::nullopt);
  EXPECT_TRUE(requireTlsOffHost(ok("redis://redis.example")));
  EXPECT_TRUE(requireTlsOffHost(ok("redis://10.0.0.5")));
}

TEST(RedisUrlTest, RefusesMalformedUrls) {
  for (const char* bad :
       {"", "http://redis", "redis://", "redis://host:", "redis://host:0", "redis://host:65536",
        "redis://host:6x", "redis://[::1", "redis://[::1]x", "redis://ho st", "redis://host/x",
        "redis://host?cacert=/a", "rediss://host?sslmode=1", "rediss://host?cacert="}) {
    refused(bad);
  }
}

}  // namespace
}  // namespace vicos::cluster
