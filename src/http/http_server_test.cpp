// Tests of HttpServer against a real TLS listener on 127.0.0.1 with a Beast client: files,
// headers, the API seam, WebSocket basics and TLS parameters.
#include "http/http_server.hpp"

#include <gtest/gtest.h>

#include "http/http_server_fixture.hpp"

namespace vicos::http::test {
namespace {

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
    o.apiHandler = [&seen](const ApiRequest& in, ApiResponder respond) {
      seen = in;
      respond(ApiResponse{401, R"({"error":"x"})", {sessionCookie("t", 0)}, 7});
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
  EXPECT_EQ(seen.addressBucket, "127.0.0.1");

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
  beast::flat_buffer buffer;
  ws.write(asio::buffer(std::string("join")));  // the full size only after joining
  ws.read(buffer);
  buffer.consume(buffer.size());
  const size_t limit = WebSocketLimits{}.maxMessageBytes;
  ws.write(asio::buffer(std::string(limit, 'a')));  // at the limit: fine
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
}  // namespace vicos::http::test
