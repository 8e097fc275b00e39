// The HTTPS port also takes media (RFC 6544 over RFC 4571): a connection whose first bytes are a
// framed STUN binding request is handed over with its socket; TLS is served as before; a
// connection that says nothing is closed after the handshake timeout.
#include <sys/socket.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <future>
#include <thread>

#include "http/http_server_fixture.hpp"

namespace vicos::http::test {
namespace {

// RFC 4571 frame (length 20) holding a bare STUN binding request (RFC 8489 5).
const std::vector<uint8_t> kBindingFrame = {0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1,
                                            2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12};

class HttpServerIceTcpTest : public HttpServerTest {
 protected:
  void startWithMedia() {
    start([this](HttpServer::Options& options) {
      options.tlsHandshakeTimeout = std::chrono::milliseconds(300);
      options.iceTcp = [this](int fd, std::vector<uint8_t> frame) {
        // The media plane's turn: it answers on the socket it was given.
        EXPECT_EQ(::send(fd, "ok", 2, MSG_NOSIGNAL), 2);
        mHandedOver.set_value({fd, std::move(frame)});
      };
    });
  }

  std::promise<std::pair<int, std::vector<uint8_t>>> mHandedOver;
};

TEST_F(HttpServerIceTcpTest, HandsIceTcpOverWithItsFirstFrame) {
  startWithMedia();
  tcp::socket socket(mClientIo);
  connectTcp(socket);
  // In two pieces: the first says only that a STUN frame may follow.
  asio::write(socket, asio::buffer(kBindingFrame.data(), 3));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  asio::write(socket, asio::buffer(kBindingFrame.data() + 3, kBindingFrame.size() - 3));
  auto handed = mHandedOver.get_future();
  ASSERT_EQ(handed.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  const auto [fd, frame] = handed.get();
  EXPECT_EQ(frame, kBindingFrame);
  std::array<char, 2> answer{};
  asio::read(socket, asio::buffer(answer));
  EXPECT_EQ(std::string(answer.data(), 2), "ok");
  ::close(fd);
  // The session that handed the socket over ends, and its HTTPS connection slot with it.
  for (int i = 0; i < 100 && mServer->connectionCount() != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(mServer->connectionCount(), 0u);
}

TEST_F(HttpServerIceTcpTest, ServesTlsAsBefore) {
  startWithMedia();
  const Response res = request(bhttp::verb::get, "/");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(mHandedOver.get_future().wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
}

// Neither a silent connection nor one that stops inside a would-be STUN frame holds its slot.
TEST_F(HttpServerIceTcpTest, ClosesConnectionsThatSayTooLittle) {
  startWithMedia();
  tcp::socket silent(mClientIo);
  tcp::socket partial(mClientIo);
  connectTcp(silent);
  connectTcp(partial);
  asio::write(partial, asio::buffer(kBindingFrame.data(), 4));
  for (tcp::socket* socket : {&silent, &partial}) {
    // A read that would wait past 2 s fails the test instead of hanging it.
    const timeval limit{2, 0};
    ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    char byte = 0;
    const auto began = std::chrono::steady_clock::now();
    const ssize_t n = ::recv(socket->native_handle(), &byte, 1, 0);
    const int error = n < 0 ? errno : 0;
    EXPECT_TRUE(n == 0 || error == ECONNRESET) << "recv gave " << n << ", " << std::strerror(error);
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(2));
  }
  EXPECT_EQ(mHandedOver.get_future().wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
}

}  // namespace
}  // namespace vicos::http::test
