// The connection flood of the security audit (issue 12, finding 6) against a real TLS listener:
// per-address limits on HTTPS connections and WebSockets, the total limit, the join timeout,
// the smaller messages of sockets that have not joined, slow headers, and the accept loop
// pausing instead of spinning when file descriptors run out.
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <cstdio>

#include "http/http_server_fixture.hpp"

namespace vicos::http::test {
namespace {

using namespace std::chrono_literals;

TEST_F(HttpServerTest, WebSocketsPerAddressAreLimited) {
  // The audit opened 300 WebSockets from one address and all were accepted.
  start();
  // Opens a WebSocket from `source`; the upgrade's status (101 when it was accepted).
  auto upgradeStatus = [this](std::unique_ptr<WsStream>& ws, const std::string& source) {
    ws = std::make_unique<WsStream>(mClientIo, mClientCtx);
    beast::error_code ec;
    return openWebSocket(*ws, "", ec, source).result_int();
  };
  const size_t limit = ConnectionLimits{}.webSocketsPerAddress;
  std::vector<std::unique_ptr<WsStream>> sockets(limit + 2);
  for (size_t i = 0; i < limit; ++i) ASSERT_EQ(upgradeStatus(sockets[i], "127.0.0.1"), 101u) << i;
  EXPECT_EQ(upgradeStatus(sockets[limit], "127.0.0.1"), 503u);
  // Another address is not affected.
  EXPECT_EQ(upgradeStatus(sockets[limit + 1], "127.0.0.2"), 101u);
  EXPECT_TRUE(eventually([&] { return mCounters->opened == static_cast<int>(limit) + 1; }));

  // A closed socket gives its place back; once all are gone no address is kept.
  sockets[0].reset();
  sockets[limit].reset();
  EXPECT_TRUE(eventually([&] { return mServer->connectionCount() == limit; }));
  EXPECT_EQ(upgradeStatus(sockets[0], "127.0.0.1"), 101u);
  sockets.clear();
  EXPECT_TRUE(eventually([&] { return mServer->connectionCount() == 0; }));
  EXPECT_EQ(mServer->addressCount(), 0u);
}

TEST_F(HttpServerTest, HttpConnectionsPerAddressAreLimited) {
  start([](HttpServer::Options& o) { o.connections.perAddress = 2; });
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream first(mClientIo, ctx), second(mClientIo, ctx), third(mClientIo, ctx), other(mClientIo, ctx);
  beast::error_code ec;
  EXPECT_TRUE(connect(first, ec)) << ec.message();
  EXPECT_TRUE(connect(second, ec)) << ec.message();
  EXPECT_FALSE(connect(third, ec));  // closed before the handshake
  EXPECT_TRUE(connect(other, ec, "127.0.0.2")) << ec.message();
  EXPECT_EQ(mServer->addressCount(), 2u);
}

TEST_F(HttpServerTest, TotalLimit) {
  start([](HttpServer::Options& o) { o.connections.total = 1; });
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream first(mClientIo, ctx);
  ClientStream second(mClientIo, ctx);
  beast::error_code ec;
  EXPECT_TRUE(connect(first, ec)) << ec.message();
  EXPECT_FALSE(connect(second, ec, "127.0.0.2"));
}

TEST_F(HttpServerTest, Ipv4ClientsOfADualStackListenerAreCountedOneByOne) {
  // IPv4 clients of a listener on "::" arrive IPv4-mapped; counted by /64 they would share one
  // bucket and a single client could lock every IPv4 user out.
  {
    asio::io_context io;
    tcp::acceptor probe(io);
    beast::error_code ec;
    probe.open(tcp::v6(), ec);
    if (!ec) probe.bind(tcp::endpoint(tcp::v6(), 0), ec);
    if (ec) GTEST_SKIP() << "no IPv6 here: " << ec.message();
  }
  start([](HttpServer::Options& o) {
    o.address = "::";
    o.connections.perAddress = 1;
  });
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream first(mClientIo, ctx), second(mClientIo, ctx);
  beast::error_code ec;
  EXPECT_TRUE(connect(first, ec, "127.0.0.1")) << ec.message();
  EXPECT_TRUE(connect(second, ec, "127.0.0.2")) << ec.message();
}

TEST_F(HttpServerTest, SocketsThatDoNotJoinAreClosed) {
  start([](HttpServer::Options& o) { o.webSocket.joinTimeout = 300ms; });
  WsStream idle(mClientIo, mClientCtx), joined(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(idle, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  openWebSocket(joined, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  joined.write(asio::buffer(std::string("join")));

  EXPECT_EQ(closeCodeWithin(idle, 3s), std::optional<uint16_t>(1008));
  EXPECT_EQ(idle.reason().reason, "join timeout");
  // The joined one is still open well past the timeout: it echoes.
  std::this_thread::sleep_for(300ms);
  joined.write(asio::buffer(std::string("still here")));
  beast::flat_buffer buffer;
  joined.read(buffer);  // the echo of "join"
  buffer.consume(buffer.size());
  joined.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "still here");
}

TEST_F(HttpServerTest, SocketsThatDidNotJoinMaySendOnlySmallMessages) {
  start();
  const WebSocketLimits limits;
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  ws.write(asio::buffer(std::string(limits.maxUnjoinedMessageBytes, 'a')));  // at the limit
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(buffer.size(), limits.maxUnjoinedMessageBytes);
  ws.write(asio::buffer(std::string(limits.maxUnjoinedMessageBytes + 1, 'a')), ec);
  EXPECT_EQ(closeCodeWithin(ws, 3s), std::optional<uint16_t>(1009));
}

TEST_F(HttpServerTest, AHalfSentLargeFrameIsRefusedAtItsHeader) {
  // The audit's memory attack: 300 sockets each announcing a 256 KiB frame and sending part of
  // it. The server must refuse the frame from its header, not buffer the payload.
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  // RFC 6455 5.2: FIN + text, MASK + 127 (64-bit length), length, masking key, some payload.
  const uint64_t announced = 250'000;
  std::string frame{'\x81', '\xff'};
  for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(announced >> shift));
  frame += std::string(4, '\0');    // masking key 0: the payload goes as it is
  frame += std::string(1000, 'x');  // a fraction of what was announced
  asio::write(ws.next_layer(), asio::buffer(frame));
  EXPECT_EQ(closeCodeWithin(ws, 3s), std::optional<uint16_t>(1009));
}

TEST_F(HttpServerTest, SlowHeadersAreCutOffButIdleConnectionsWait) {
  start([](HttpServer::Options& o) { o.requestTimeout = 500ms; });
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream slow(mClientIo, ctx);
  beast::error_code ec;
  ASSERT_TRUE(connect(slow, ec)) << ec.message();
  asio::write(slow, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")), ec);
  // One header line every 100 ms, as a slowloris client sends them: cut off after 500 ms.
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 50 && !ec; ++i) {
    std::this_thread::sleep_for(100ms);
    asio::write(slow, asio::buffer(std::string("X-Slow: ") + std::to_string(i) + "\r\n"), ec);
  }
  EXPECT_TRUE(ec) << "the server kept a trickling request open";
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 3s);

  // A connection that sends nothing is not a slow request: it waits for the idle timeout.
  ClientStream idle(mClientIo, ctx);
  ASSERT_TRUE(connect(idle, ec)) << ec.message();
  std::this_thread::sleep_for(800ms);
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/healthz", 11};
  req.set(bhttp::field::host, host());
  bhttp::write(idle, req, ec);
  ASSERT_FALSE(ec) << ec.message();
  Response res;
  beast::flat_buffer buffer;
  bhttp::read(idle, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.body(), "ok");
}

// CPU time the server thread has used.
std::chrono::nanoseconds threadCpuTime(std::thread& thread) {
  clockid_t clock;
  EXPECT_EQ(pthread_getcpuclockid(thread.native_handle(), &clock), 0);
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

TEST_F(HttpServerTest, AcceptPausesWhenFileDescriptorsRunOut) {
  start();
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  // Take every descriptor but one, and use that one for a connection: the kernel completes it
  // into the listen queue, and the server's accept() fails with EMFILE.
  std::vector<int> fillers;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
  ASSERT_FALSE(fillers.empty());
  ::close(fillers.back());
  fillers.pop_back();
  const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(client, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(mServer->port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);

  std::this_thread::sleep_for(100ms);
  const auto before = threadCpuTime(mThread);
  std::this_thread::sleep_for(1s);
  const auto used = threadCpuTime(mThread) - before;
  for (int fd : fillers) ::close(fd);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  // Spinning uses the whole second (or as much of a core as the machine gives it); waiting
  // 250 ms between attempts uses next to nothing.
  const auto usedMs = std::chrono::duration_cast<std::chrono::milliseconds>(used).count();
  std::printf("server thread CPU in 1 s of EMFILE: %lld ms\n", static_cast<long long>(usedMs));
  EXPECT_LT(used, 100ms) << "the accept loop spun on EMFILE";

  // With descriptors free again the waiting connection is taken, and new ones too.
  EXPECT_TRUE(eventually([&] { return mServer->connectionCount() == 1; }));
  EXPECT_EQ(request(bhttp::verb::get, "/healthz").body(), "ok");
  ::close(client);
}

}  // namespace
}  // namespace vicos::http::test
