// The coordination thread against a real redis-server: AUTH, TLS, clear errors at start, and a
// loss at run time that fails commands at once and heals by itself.
#include "cluster/redis_link.hpp"

#include <gtest/gtest.h>

#include "cluster/redis_server_fixture.hpp"

namespace vicos::cluster {
namespace {

using test::await;
using test::RedisServer;

RedisResult run(RedisLink& link, std::vector<std::string> argv) {
  return await<RedisResult>([&](auto done) { link.command(std::move(argv), done); });
}

class RedisLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::haveRedisServer()) GTEST_SKIP() << "no redis-server (apt-get install redis-server)";
  }
};

TEST_F(RedisLinkTest, AuthenticatesAndRunsCommands) {
  RedisServer server;
  RedisLink link(server.credentials(), test::inlinePost());
  ASSERT_EQ(link.start(), std::nullopt);
  auto set = run(link, {"SET", "k", "v"});
  ASSERT_EQ(set.index(), 0u);
  auto get = run(link, {"GET", "k"});
  ASSERT_EQ(get.index(), 0u);
  EXPECT_EQ(std::get<0>(get).text, "v");
}

TEST_F(RedisLinkTest, StartFailsClearlyWithoutOrWithAWrongPasswordAndWhenUnreachable) {
  RedisServer server;
  auto noPassword = server.credentials();
  noPassword.password.reset();
  RedisLink a(noPassword, test::inlinePost());
  auto error = a.start();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("NOAUTH"), std::string::npos) << *error;

  auto wrong = server.credentials();
  wrong.password = "wrong";
  RedisLink b(wrong, test::inlinePost());
  error = b.start();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("AUTH refused"), std::string::npos) << *error;

  auto closed = server.credentials();
  closed.url.port = test::freeLoopbackPort();
  RedisLink c(closed, test::inlinePost());
  error = c.start();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->find("127.0.0.1"), std::string::npos) << "no address in the error: " << *error;
}

TEST_F(RedisLinkTest, TlsVerifiesTheServerCertificate) {
  RedisServer server(/*tls=*/true);
  RedisLink link(server.credentials(/*tls=*/true), test::inlinePost());
  ASSERT_EQ(link.start(), std::nullopt);
  EXPECT_EQ(std::get<0>(run(link, {"PING"})).text, "PONG");

  // The system's CAs do not know the test CA: refused, not silently unverified.
  auto untrusted = server.credentials(true);
  untrusted.url.caFile.clear();
  RedisLink refused(untrusted, test::inlinePost());
  auto error = refused.start();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not trusted"), std::string::npos) << *error;

  // The certificate is for 127.0.0.1 and redis.test; another name is refused.
  auto otherName = server.credentials(true);
  otherName.url.host = "localhost";
  RedisLink wrongHost(otherName, test::inlinePost());
  EXPECT_TRUE(wrongHost.start());
}

TEST_F(RedisLinkTest, ALossFailsCommandsAtOnceAndTheLinkHealsItself) {
  RedisServer server;
  LinkTiming timing;
  timing.firstRetry = std::chrono::milliseconds(20);
  timing.maxRetry = std::chrono::milliseconds(100);
  RedisLink link(server.credentials(), test::inlinePost(), timing);
  ASSERT_EQ(link.start(), std::nullopt);
  server.stop();
  auto lost = run(link, {"PING"});  // finds the connection gone
  EXPECT_EQ(lost.index(), 1u);
  EXPECT_FALSE(link.online());
  const auto before = std::chrono::steady_clock::now();
  auto offline = run(link, {"PING"});
  EXPECT_EQ(offline.index(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(100))
      << "fails without waiting";
  EXPECT_EQ(link.losses(), 1u);

  server.start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!link.online() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(link.online());
  EXPECT_EQ(std::get<0>(run(link, {"PING"})).text, "PONG");
}

}  // namespace
}  // namespace vicos::cluster
