// Tests of batched UDP send and receive over loopback.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <poll.h>

#include <string>
#include <vector>

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

// Receives one datagram on `socket` within a second; its size is 0 when none came.
Datagram receiveOne(UdpSocket& socket, RecvBatch& batch) {
  for (int tries = 0; tries < 10; ++tries) {
    pollfd pfd{socket.fd(), POLLIN, 0};
    poll(&pfd, 1, 100);
    if (socket.receive(batch) > 0) return batch[0];
  }
  return Datagram{};
}

std::string ipOf(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, text, sizeof text);
  if (address.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, text, sizeof text);
  return text;
}

// A server bound to 0.0.0.0 that a browser reaches at 127.0.0.2: the kernel's route to the
// browser prefers 127.0.0.1 as source, and a browser ignores an answer from an address it did
// not send to (issue 11, servers with several addresses).
TEST(UdpSocket, AnswersFromTheAddressADatagramArrivedAt) {
  UdpSocket server("0.0.0.0", 0);
  UdpSocket browser("127.0.0.1", 0);
  sockaddr_storage serverAddress{};
  ASSERT_TRUE(makeAddress("127.0.0.2", server.localPort(), serverAddress));
  const uint8_t hello[1] = {1};
  SendBatch out;
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&serverAddress), addressLength(serverAddress));
  browser.flush(out);

  RecvBatch in;
  const Datagram got = receiveOne(server, in);
  ASSERT_EQ(got.size, 1u);
  EXPECT_EQ(ipOf(got.local), "127.0.0.2");
  EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in*>(&got.local)->sin_port), server.localPort());

  // Without a source address the kernel picks its own; with the arrival address, it is kept.
  const sockaddr_storage from = got.from;
  const sockaddr_storage local = got.local;
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&from), addressLength(from));
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&from), addressLength(from), &local);
  server.flush(out);
  std::vector<std::string> sources;
  for (int tries = 0; tries < 10 && sources.size() < 2; ++tries) {
    pollfd pfd{browser.fd(), POLLIN, 0};
    poll(&pfd, 1, 100);
    const size_t n = browser.receive(in);
    for (size_t i = 0; i < n; ++i) sources.push_back(ipOf(in[i].from));
  }
  EXPECT_EQ(sources, (std::vector<std::string>{"127.0.0.1", "127.0.0.2"}));
}

TEST(UdpSocket, ReportsTheArrivalAddressOnIpv6) {
  UdpSocket server("::", 0);
  UdpSocket browser("::1", 0);
  sockaddr_storage serverAddress{};
  ASSERT_TRUE(makeAddress("::1", server.localPort(), serverAddress));
  const uint8_t hello[1] = {1};
  SendBatch out;
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&serverAddress), addressLength(serverAddress));
  browser.flush(out);
  RecvBatch in;
  const Datagram got = receiveOne(server, in);
  ASSERT_EQ(got.size, 1u);
  EXPECT_EQ(ipOf(got.local), "::1");
  const sockaddr_storage from = got.from;
  const sockaddr_storage local = got.local;
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&from), addressLength(from), &local);
  server.flush(out);
  EXPECT_EQ(ipOf(receiveOne(browser, in).from), "::1");
}

TEST(UdpSocket, ASocketBoundToOneAddressReportsNone) {
  UdpSocket server("127.0.0.1", 0);
  UdpSocket browser("127.0.0.1", 0);
  sockaddr_storage serverAddress{};
  ASSERT_TRUE(makeAddress("127.0.0.1", server.localPort(), serverAddress));
  const uint8_t hello[1] = {1};
  SendBatch out;
  out.add(Bytes(hello, 1), reinterpret_cast<const sockaddr*>(&serverAddress), addressLength(serverAddress));
  browser.flush(out);
  RecvBatch in;
  const Datagram got = receiveOne(server, in);
  ASSERT_EQ(got.size, 1u);
  EXPECT_EQ(got.local.ss_family, AF_UNSPEC);
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
