// Tests of batched UDP send and receive over loopback.
#include <gtest/gtest.h>

#include <poll.h>

#include "net/udp_socket.hpp"

namespace vicos::net {
namespace {

TEST(UdpSocket, SendsAndReceivesABatchOverLoopback) {
  UdpSocket a("127.0.0.1", 0);
  UdpSocket b("127.0.0.1", 0);
  sockaddr_storage to{};
  ASSERT_TRUE(makeAddress("127.0.0.1", b.localPort(), to));
  SendBatch out;
  for (uint8_t i = 0; i < 5; ++i) {
    const uint8_t payload[3] = {i, static_cast<uint8_t>(i + 1), static_cast<uint8_t>(i + 2)};
    out.add(Bytes(payload, 3), reinterpret_cast<const sockaddr*>(&to), addressLength(to));
  }
  a.flush(out);
  EXPECT_EQ(out.count(), 0u);
  EXPECT_EQ(a.counters().sent, 5u);

  RecvBatch in;
  size_t got = 0;
  for (int tries = 0; tries < 100 && got < 5; ++tries) {
    pollfd pfd{b.fd(), POLLIN, 0};
    poll(&pfd, 1, 100);
    const size_t n = b.receive(in);
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(in[i].size, 3u);
      EXPECT_EQ(in[i].data[0], got);
      ++got;
    }
  }
  EXPECT_EQ(got, 5u);
}

TEST(UdpSocket, RejectsAnInvalidAddress) {
  EXPECT_THROW(UdpSocket("not-an-ip", 0), std::runtime_error);
  sockaddr_storage out{};
  EXPECT_FALSE(makeAddress("300.1.1.1", 1, out));
  EXPECT_TRUE(makeAddress("::1", 1, out));
  EXPECT_EQ(out.ss_family, AF_INET6);
}

}  // namespace
}  // namespace vicos::net
