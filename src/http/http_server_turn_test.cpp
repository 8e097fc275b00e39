// The HTTPS port also takes TURN (RFC 8656 3.1): a plain TCP connection that opens with an
// Allocate is handed over with its socket, and a TLS connection whose first decrypted bytes
// are a STUN message is handed over with its stream; HTTP requests are served as before.
#include <sys/socket.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <future>

#include "http/http_server_fixture.hpp"

namespace vicos::http::test {
namespace {

// An Allocate request's header (RFC 8489 5, RFC 8656 7.1) and REQUESTED-TRANSPORT UDP.
const std::vector<uint8_t> kAllocate = {0x00, 0x03, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3,  4, 5, 6,
                                        7,    8,    9,    10,   11,   12,   0x00, 0x19, 0, 4, 17, 0, 0, 0};

class HttpServerTurnTest : public HttpServerTest {
 protected:
  void startWithTurn() {
    start([this](HttpServer::Options& options) {
      options.tlsHandshakeTimeout = std::chrono::milliseconds(500);
      options.turnTcp = [this](int fd) {
        std::vector<uint8_t> bytes(kAllocate.size());
        EXPECT_EQ(::recv(fd, bytes.data(), bytes.size(), MSG_WAITALL), static_cast<ssize_t>(bytes.size()));
        EXPECT_EQ(::send(fd, "tcp", 3, MSG_NOSIGNAL), 3);
        ::close(fd);
        mTcp.set_value(std::move(bytes));
      };
      options.turnTls = [this](SslStream stream, std::vector<uint8_t> first) {
        beast::error_code ec;
        asio::write(stream, asio::buffer(std::string("tls")), ec);
        EXPECT_FALSE(ec) << ec.message();
        mTls.set_value(std::move(first));
      };
    });
  }

  std::promise<std::vector<uint8_t>> mTcp;
  std::promise<std::vector<uint8_t>> mTls;
};

TEST_F(HttpServerTurnTest, PlainTcpAllocateIsHandedOverUnread) {
  startWithTurn();
  tcp::socket socket(mClientIo);
  connectTcp(socket);
  asio::write(socket, asio::buffer(kAllocate));
  auto handed = mTcp.get_future();
  ASSERT_EQ(handed.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_EQ(handed.get(), kAllocate);
  std::array<char, 3> answer{};
  asio::read(socket, asio::buffer(answer));
  EXPECT_EQ(std::string(answer.data(), 3), "tcp");
}

TEST_F(HttpServerTurnTest, TlsWhoseFirstBytesAreStunIsHandedOver) {
  startWithTurn();
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ClientStream stream(mClientIo, ctx);
  beast::error_code ec;
  ASSERT_TRUE(connect(stream, ec)) << ec.message();
  asio::write(stream, asio::buffer(kAllocate));
  auto handed = mTls.get_future();
  ASSERT_EQ(handed.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_EQ(handed.get(), kAllocate);
  std::array<char, 3> answer{};
  asio::read(stream, asio::buffer(answer));
  EXPECT_EQ(std::string(answer.data(), 3), "tls");
}

TEST_F(HttpServerTurnTest, HttpIsServedAsBefore) {
  startWithTurn();
  EXPECT_EQ(request(bhttp::verb::get, "/").result(), bhttp::status::ok);
  EXPECT_EQ(mTls.get_future().wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  EXPECT_EQ(mTcp.get_future().wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
}

}  // namespace
}  // namespace vicos::http::test
