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

const uint8_t kHello[1] = {1};

// Sends one byte from `socket` to `to` (optionally from the local address `source`).
void sendHello(UdpSocket& socket, const sockaddr_storage& to, const sockaddr_storage* source = nullptr) {
  SendBatch out;
  out.add(Bytes(kHello, 1), reinterpret_cast<const sockaddr*>(&to), addressLength(to), source);
  socket.flush(out);
}

// Sends one byte from `browser` to `ip` at the server's port.
void sendHello(UdpSocket& browser, const std::string& ip, const UdpSocket& server) {
  sockaddr_storage to{};
  ASSERT_TRUE(makeAddress(ip, server.localPort(), to));
  sendHello(browser, to);
}

// Receives up to `count` datagrams on `socket` within a second.
std::vector<Datagram> receive(UdpSocket& socket, RecvBatch& batch, size_t count) {
  std::vector<Datagram> got;
  for (int tries = 0; tries < 10 && got.size() < count; ++tries) {
    pollfd pfd{socket.fd(), POLLIN, 0};
    poll(&pfd, 1, 100);
    const size_t n = socket.receive(batch);
    for (size_t i = 0; i < n; ++i) got.push_back(batch[i]);
  }
  return got;
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
  sendHello(browser, "127.0.0.2", server);
  RecvBatch in;
  const auto got = receive(server, in, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(ipOf(got[0].local), "127.0.0.2");
  EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in*>(&got[0].local)->sin_port), server.localPort());

  // Without a source address the kernel picks its own; with the arrival address, it is kept.
  sendHello(server, got[0].from);
  sendHello(server, got[0].from, &got[0].local);
  std::vector<std::string> sources;
  for (const Datagram& d : receive(browser, in, 2)) sources.push_back(ipOf(d.from));
  EXPECT_EQ(sources, (std::vector<std::string>{"127.0.0.1", "127.0.0.2"}));
}

TEST(UdpSocket, ReportsTheArrivalAddressOnIpv6) {
  UdpSocket server("::", 0);
  UdpSocket browser("::1", 0);
  sendHello(browser, "::1", server);
  RecvBatch in;
  const auto got = receive(server, in, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(ipOf(got[0].local), "::1");
  sendHello(server, got[0].from, &got[0].local);
  const auto answer = receive(browser, in, 1);
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(ipOf(answer[0].from), "::1");
}

TEST(UdpSocket, ASocketBoundToOneAddressReportsNone) {
  UdpSocket server("127.0.0.1", 0);
  UdpSocket browser("127.0.0.1", 0);
  sendHello(browser, "127.0.0.1", server);
  RecvBatch in;
  const auto got = receive(server, in, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].local.ss_family, AF_UNSPEC);
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
