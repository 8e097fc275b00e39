// Tests of HttpServer against a real TLS listener on 127.0.0.1 with a Beast client.
#include "http/http_server.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fstream>
#include <thread>

#include "http/api.hpp"
#include "http/tls_setup.hpp"

namespace vicos::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using ClientStream = asio::ssl::stream<tcp::socket>;
using Response = bhttp::response<bhttp::string_body>;

struct Counters {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
};

// Echoes text; "close" makes the server close with 4000; "flood" queues 2 MiB at once.
class EchoHandler : public SocketHandler {
 public:
  EchoHandler(std::weak_ptr<SocketSender> sender, std::shared_ptr<Counters> counters)
      : mSender(std::move(sender)), mCounters(std::move(counters)) {
    ++mCounters->opened;
  }
  void onText(std::string_view text) override {
    auto sender = mSender.lock();
    ASSERT_TRUE(sender);
    if (text == "close") return sender->close(4000, "bye");
    if (text == "flood") {
      for (int i = 0; i < 32; ++i) sender->sendText(std::string(64 * 1024, 'x'));
      return;
    }
    sender->sendText(std::string(text));
  }
  void onClosed() override { ++mCounters->closed; }

 private:
  std::weak_ptr<SocketSender> mSender;
  std::shared_ptr<Counters> mCounters;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mDir = std::filesystem::temp_directory_path() /
           ("vicos-http-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(mDir);
    std::filesystem::create_directories(mDir / "web" / "js");
    std::ofstream(mDir / "web" / "index.html") << "<!doctype html><title>vicos</title>";
    std::ofstream(mDir / "web" / "js" / "app.js") << "export const a = 1;";
    std::ofstream(mDir / "web" / "style.css") << "body{}";
    std::ofstream(mDir / "secret.txt") << "secret";
    std::string error;
    const auto paths = loadOrCreateCertificate(mDir / "data", std::nullopt, std::nullopt, error);
    ASSERT_TRUE(paths) << error;
    mTls = makeServerTlsContext(*paths, error);
    ASSERT_TRUE(mTls) << error;
  }

  void start(std::function<void(HttpServer::Options&)> adjust = {}) {
    HttpServer::Options options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.webRoot = mDir / "web";
    options.handlerFactory = [counters = mCounters](std::weak_ptr<SocketSender> sender, const UpgradeInfo&) {
      return std::make_unique<EchoHandler>(std::move(sender), counters);
    };
    if (adjust) adjust(options);
    mServer = std::make_unique<HttpServer>(mIo, *mTls, std::move(options));
    std::string error;
    ASSERT_TRUE(mServer->start(error)) << error;
    ASSERT_NE(mServer->port(), 0);
    mThread = std::thread([this] { mIo.run(); });
  }

  void TearDown() override {
    mIo.stop();
    if (mThread.joinable()) mThread.join();
    mServer.reset();
    std::filesystem::remove_all(mDir);
  }

  std::string host() const { return "127.0.0.1:" + std::to_string(mServer->port()); }

  // A TLS connection with the client context adjusted by `tweak`; false when the handshake
  // fails.
  bool connect(ClientStream& stream, beast::error_code& ec) {
    stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), mServer->port()));
    stream.handshake(asio::ssl::stream_base::client, ec);
    return !ec;
  }

  Response request(bhttp::verb method, const std::string& target,
                   const std::string& extraField = {}) {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ClientStream stream(mClientIo, ctx);
    beast::error_code ec;
    EXPECT_TRUE(connect(stream, ec)) << ec.message();
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, host());
    if (!extraField.empty()) req.set("X-Extra", extraField);
    bhttp::write(stream, req, ec);
    Response res;
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(method == bhttp::verb::head);
    bhttp::read(stream, buffer, parser, ec);
    EXPECT_FALSE(ec) << ec.message();
    return parser.release();
  }

  static void expectSecurityHeaders(const Response& res) {
    EXPECT_EQ(res[bhttp::field::server], "vicos");
    EXPECT_EQ(res["Content-Security-Policy"],
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
              "blob:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
              "base-uri 'none'; form-action 'self'");
    EXPECT_EQ(res["Strict-Transport-Security"], "max-age=31536000");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(res["Permissions-Policy"],
              "camera=(self), microphone=(self), display-capture=(self), geolocation=(), "
              "interest-cohort=()");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["Cross-Origin-Opener-Policy"], "same-origin");
    EXPECT_FALSE(res[bhttp::field::cache_control].empty());
  }

  using WsStream = websocket::stream<ClientStream>;
  // Opens /ws with the given Origin ("" for none); returns the upgrade response.
  bhttp::response<bhttp::string_body> openWebSocket(WsStream& ws, const std::string& origin,
                                                    beast::error_code& ec) {
    ws.next_layer().next_layer().connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), mServer->port()));
    ws.next_layer().handshake(asio::ssl::stream_base::client, ec);
    EXPECT_FALSE(ec) << ec.message();
    ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
      if (!origin.empty()) req.set(bhttp::field::origin, origin);
    }));
    websocket::response_type res;
    ws.handshake(res, host(), "/ws", ec);
    return bhttp::response<bhttp::string_body>(std::move(res));
  }

  // Reads until the server closes; returns the close code (0 when none arrived).
  static uint16_t readUntilClosed(WsStream& ws) {
    beast::flat_buffer buffer;
    beast::error_code ec;
    for (int i = 0; i < 10000 && !ec; ++i) {
      ws.read(buffer, ec);
      buffer.consume(buffer.size());
    }
    return ec == websocket::error::closed ? static_cast<uint16_t>(ws.reason().code) : 0;
  }

  // A TLS handshake with a client limited to maxVersion and `ciphers` (TLS 1.2 names);
  // security level 0 lets the client really offer what the server must refuse.
  bool handshakeWith(int maxVersion, const char* ciphers) {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    SSL_CTX* native = ctx.native_handle();
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_min_proto_version(native, 0);
    SSL_CTX_set_max_proto_version(native, maxVersion);
    if (ciphers != nullptr) {
      EXPECT_EQ(SSL_CTX_set_cipher_list(native, ciphers), 1) << ciphers;
    }
    ClientStream stream(mClientIo, ctx);
    beast::error_code ec;
    return connect(stream, ec);
  }

  // Polls until `done` holds or two seconds passed.
  static bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 200; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }

  std::filesystem::path mDir;
  asio::io_context mIo;
  asio::io_context mClientIo;
  std::unique_ptr<asio::ssl::context> mTls;
  std::unique_ptr<HttpServer> mServer;
  std::thread mThread;
  std::shared_ptr<Counters> mCounters = std::make_shared<Counters>();
  asio::ssl::context mClientCtx{asio::ssl::context::tls_client};
};

TEST_F(HttpServerTest, ServesAssetsWithTypeAndSecurityHeaders) {
  start();
  const Response js = request(bhttp::verb::get, "/js/app.js");
  EXPECT_EQ(js.result(), bhttp::status::ok);
  EXPECT_EQ(js.body(), "export const a = 1;");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js[bhttp::field::cache_control], "public, max-age=300");
  expectSecurityHeaders(js);

  const Response css = request(bhttp::verb::get, "/style.css?v=2");
  EXPECT_EQ(css[bhttp::field::content_type], "text/css; charset=utf-8");

  const Response index = request(bhttp::verb::get, "/");
  EXPECT_EQ(index.body(), "<!doctype html><title>vicos</title>");
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[bhttp::field::cache_control], "no-cache");
  expectSecurityHeaders(index);
}

TEST_F(HttpServerTest, HeadHasLengthButNoBody) {
  start();
  const Response res = request(bhttp::verb::head, "/js/app.js");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res[bhttp::field::content_length], "19");
  EXPECT_TRUE(res.body().empty());
}

TEST_F(HttpServerTest, RoomPathServesIndexAndHealthz) {
  start();
  const Response room = request(bhttp::verb::get, "/team-weekly_2");
  EXPECT_EQ(room.result(), bhttp::status::ok);
  EXPECT_EQ(room.body(), "<!doctype html><title>vicos</title>");
  expectSecurityHeaders(room);
  const Response health = request(bhttp::verb::get, "/healthz");
  EXPECT_EQ(health.result(), bhttp::status::ok);
  EXPECT_EQ(health.body(), "ok");
  EXPECT_EQ(request(bhttp::verb::get, "/" + std::string(65, 'a')).result(),
            bhttp::status::not_found);
}

TEST_F(HttpServerTest, FrameAncestorsConfigurable) {
  start([](HttpServer::Options& o) { o.frameAncestors = "https://intranet.example"; });
  const Response res = request(bhttp::verb::get, "/healthz");
  EXPECT_NE(res["Content-Security-Policy"].find("frame-ancestors https://intranet.example;"),
            std::string::npos);
}

TEST_F(HttpServerTest, TraversalRefused) {
  start();
  for (const char* target : {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt",
                             "/..%2fsecret.txt", "/js%2f..%2f..%2fsecret.txt"}) {
    const Response res = request(bhttp::verb::get, target);
    EXPECT_EQ(res.result(), bhttp::status::bad_request) << target;
    EXPECT_EQ(res.body().find("secret"), std::string::npos) << target;
    expectSecurityHeaders(res);
  }
}

TEST_F(HttpServerTest, NotFoundAndMethodNotAllowed) {
  start();
  const Response missing = request(bhttp::verb::get, "/js/missing.js");
  EXPECT_EQ(missing.result(), bhttp::status::not_found);
  expectSecurityHeaders(missing);
  const Response post = request(bhttp::verb::post, "/team-weekly");
  EXPECT_EQ(post.result(), bhttp::status::method_not_allowed);
  EXPECT_EQ(post[bhttp::field::allow], "GET, HEAD");
  expectSecurityHeaders(post);
  EXPECT_EQ(request(bhttp::verb::delete_, "/index.html").result(),
            bhttp::status::method_not_allowed);
}

TEST_F(HttpServerTest, OversizedHeaderRefused) {
  start();
  EXPECT_EQ(request(bhttp::verb::get, "/healthz", std::string(7000, 'h')).result(),
            bhttp::status::ok);
  const Response res = request(bhttp::verb::get, "/healthz", std::string(9000, 'h'));
  EXPECT_EQ(res.result(), bhttp::status::request_header_fields_too_large);
  expectSecurityHeaders(res);
}

TEST_F(HttpServerTest, WebSocketEchoAndServerClose) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  const auto res = openWebSocket(ws, "https://" + host(), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res[bhttp::field::server], "vicos");
  ws.write(asio::buffer(std::string("hello")));
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_TRUE(ws.got_text());
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "hello");
  ws.write(asio::buffer(std::string("close")));
  EXPECT_EQ(readUntilClosed(ws), 4000);
  EXPECT_EQ(ws.reason().reason, "bye");
  EXPECT_TRUE(eventually([&] { return mCounters->closed == 1; }));
  EXPECT_TRUE(eventually([&] { return mServer->connectionCount() == 0; }));
  EXPECT_EQ(mCounters->opened, 1);
}

TEST_F(HttpServerTest, ApiRequestsReachTheApiHandler) {
  ApiRequest seen;
  std::string cookieAtUpgrade;  // written on the server thread before `upgraded` is set
  std::atomic<bool> upgraded{false};
  start([&](HttpServer::Options& o) {
    o.apiHandler = [&seen](const ApiRequest& in) {
      seen = in;
      return ApiResponse{401, R"({"error":"x"})", {sessionCookie("t", 0)}, 7};
    };
    o.handlerFactory = [&cookieAtUpgrade, &upgraded](std::weak_ptr<SocketSender> sender, const UpgradeInfo& info) {
      cookieAtUpgrade = info.cookie;
      upgraded = true;
      return std::make_unique<EchoHandler>(std::move(sender), std::make_shared<Counters>());
    };
  });
  ClientStream stream(mClientIo, mClientCtx);
  beast::error_code ec;
  ASSERT_TRUE(connect(stream, ec)) << ec.message();
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/api/login", 11};
  req.set(bhttp::field::host, host());
  req.set(bhttp::field::content_type, "application/json");
  req.set(bhttp::field::origin, "https://" + host());
  req.set(bhttp::field::cookie, "vicos_session=abc");
  req.body() = R"({"login":"anna"})";
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  Response res;
  bhttp::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_EQ(res.body(), R"({"error":"x"})");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res[bhttp::field::set_cookie], sessionCookie("t", 0));
  EXPECT_EQ(res[bhttp::field::retry_after], "7");
  expectSecurityHeaders(res);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "api/login");
  EXPECT_EQ(seen.body, R"({"login":"anna"})");
  EXPECT_EQ(seen.cookie, "vicos_session=abc");
  EXPECT_EQ(seen.origin, "https://" + host());
  EXPECT_EQ(seen.remoteAddress, "127.0.0.1");

  WsStream ws(mClientIo, mClientCtx);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& r) { r.set(bhttp::field::cookie, "vicos_session=xyz"); }));
  ws.next_layer().next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), mServer->port()));
  ws.next_layer().handshake(asio::ssl::stream_base::client);
  ws.handshake(host(), "/ws");
  ASSERT_TRUE(eventually([&] { return upgraded.load(); }));
  EXPECT_EQ(cookieAtUpgrade, "vicos_session=xyz");
}

TEST_F(HttpServerTest, WebSocketWithoutOriginAccepted) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  EXPECT_FALSE(ec) << ec.message();
}

TEST_F(HttpServerTest, OversizedMessageClosesWith1009) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  const size_t limit = WebSocketLimits{}.maxMessageBytes;
  ws.write(asio::buffer(std::string(limit, 'a')));  // at the limit: fine
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(buffer.size(), limit);
  ws.write(asio::buffer(std::string(limit + 1, 'a')), ec);
  EXPECT_EQ(readUntilClosed(ws), 1009);
  EXPECT_TRUE(eventually([&] { return mCounters->closed == 1; }));
}

TEST_F(HttpServerTest, BinaryFrameClosesWith1003) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  ws.binary(true);
  ws.write(asio::buffer(std::string("\x01\x02")));
  EXPECT_EQ(readUntilClosed(ws), 1003);
  EXPECT_TRUE(eventually([&] { return mCounters->closed == 1; }));
}

TEST_F(HttpServerTest, TooManyMessagesCloseWith1008) {
  start([](HttpServer::Options& o) { o.webSocket.maxMessagesPerWindow = 20; });
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  for (int i = 0; i < 21 && !ec; ++i) ws.write(asio::buffer(std::string("m")), ec);
  EXPECT_EQ(readUntilClosed(ws), 1008);
}

TEST_F(HttpServerTest, SlowReaderIsDropped) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  openWebSocket(ws, "", ec);
  ASSERT_FALSE(ec) << ec.message();
  ws.write(asio::buffer(std::string("flood")));
  EXPECT_TRUE(eventually([&] { return mCounters->closed == 1; }));
}

TEST_F(HttpServerTest, CrossSiteOriginRefused) {
  start();
  WsStream ws(mClientIo, mClientCtx);
  beast::error_code ec;
  const auto res = openWebSocket(ws, "https://evil.example", ec);
  EXPECT_EQ(ec, websocket::error::upgrade_declined);
  EXPECT_EQ(res.result(), bhttp::status::forbidden);
  EXPECT_EQ(mCounters->opened, 0);
}

TEST_F(HttpServerTest, ConnectionLimit) {
  start([](HttpServer::Options& o) { o.maxConnections = 1; });
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream first(mClientIo, ctx);
  ClientStream second(mClientIo, ctx);
  beast::error_code ec;
  EXPECT_TRUE(connect(first, ec)) << ec.message();
  EXPECT_FALSE(connect(second, ec));
}

TEST_F(HttpServerTest, TlsVersionsAndSuites) {
  start();
  EXPECT_TRUE(handshakeWith(TLS1_3_VERSION, nullptr));
  EXPECT_TRUE(handshakeWith(TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256"));
  EXPECT_TRUE(handshakeWith(TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305"));
  EXPECT_FALSE(handshakeWith(TLS1_1_VERSION, "ALL:@SECLEVEL=0"));
  EXPECT_FALSE(handshakeWith(TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA"));
  EXPECT_FALSE(handshakeWith(TLS1_2_VERSION, "AES128-GCM-SHA256"));
}

}  // namespace
}  // namespace vicos::http
