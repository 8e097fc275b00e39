// The test fixture of HttpServer: a real TLS listener on 127.0.0.1 (certificate in a temporary
// directory), a Beast client, and an echoing WebSocket handler.
#pragma once

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
#include <functional>
#include <optional>
#include <thread>

#include "http/api.hpp"
#include "http/http_server.hpp"
#include "http/tls_setup.hpp"

namespace vicos::http::test {

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

// Echoes text; "close" makes the server close with 4000; "flood" queues 2 MiB at once; "join"
// admits the socket, as a signaling `join` does.
class EchoHandler : public SocketHandler {
 public:
  EchoHandler(std::weak_ptr<SocketSender> sender, std::shared_ptr<Counters> counters)
      : mSender(std::move(sender)), mCounters(std::move(counters)) {
    ++mCounters->opened;
  }
  void onText(std::string_view text) override {
    auto sender = mSender.lock();
    ASSERT_TRUE(sender);
    if (text == "join") mAdmitted = true;
    if (text == "close") return sender->close(4000, "bye");
    if (text == "flood") {
      for (int i = 0; i < 32; ++i) sender->sendText(std::string(64 * 1024, 'x'));
      return;
    }
    sender->sendText(std::string(text));
  }
  void onClosed() override { ++mCounters->closed; }
  bool admitted() const override { return mAdmitted; }

 private:
  std::weak_ptr<SocketSender> mSender;
  std::shared_ptr<Counters> mCounters;
  bool mAdmitted = false;
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

  // A TCP connection to the server from `source` (any address of 127.0.0.0/8 works on Linux:
  // one machine plays many clients).
  void connectTcp(tcp::socket& socket, const std::string& source = "127.0.0.1") {
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(asio::ip::make_address(source), 0));
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), mServer->port()));
  }

  // A TLS connection; false when the handshake fails.
  bool connect(ClientStream& stream, beast::error_code& ec, const std::string& source = "127.0.0.1") {
    connectTcp(stream.next_layer(), source);
    stream.handshake(asio::ssl::stream_base::client, ec);
    return !ec;
  }

  Response request(bhttp::verb method, const std::string& target, const std::string& extraField = {}) {
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
              "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: "
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
                                                    beast::error_code& ec,
                                                    const std::string& source = "127.0.0.1") {
    connectTcp(ws.next_layer().next_layer(), source);
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

  // Reads until the server closes or `limit` passed, without blocking past it; the close code,
  // 0 for a close without one, nothing when the socket is still open at the end.
  std::optional<uint16_t> closeCodeWithin(WsStream& ws, std::chrono::milliseconds limit) {
    beast::flat_buffer buffer;
    std::optional<uint16_t> code;
    std::function<void()> next = [&] {
      ws.async_read(buffer, [&](beast::error_code ec, size_t) {
        buffer.consume(buffer.size());
        if (!ec) return next();
        code = ec == websocket::error::closed ? static_cast<uint16_t>(ws.reason().code) : 0;
      });
    };
    next();
    mClientIo.restart();
    mClientIo.run_for(limit);
    if (!code) {
      beast::error_code ignored;
      ws.next_layer().next_layer().cancel(ignored);
      mClientIo.restart();
      mClientIo.run();  // the cancelled read completes; the socket stays usable
      code.reset();
    }
    return code;
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

}  // namespace vicos::http::test
