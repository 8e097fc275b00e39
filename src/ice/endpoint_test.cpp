// Tests of Endpoint: parsing, text form, STUN conversion, equality and hashing.
#include "ice/endpoint.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

namespace vicos::ice {
namespace {

TEST(Endpoint, ParsesAndPrintsIpv4) {
  const auto e = Endpoint::parse("192.0.2.1", 32853);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->isV4());
  EXPECT_EQ(e->ip(), "192.0.2.1");
  EXPECT_EQ(e->port(), 32853);
  EXPECT_EQ(e->sockaddrLength(), sizeof(sockaddr_in));
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(e->sockaddrPtr());
  EXPECT_EQ(ntohs(in4->sin_port), 32853);
}

TEST(Endpoint, ParsesAndPrintsIpv6) {
  const auto e = Endpoint::parse("2001:db8:1234:5678:11:2233:4455:6677", 443);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->isV6());
  EXPECT_EQ(e->ip(), "2001:db8:1234:5678:11:2233:4455:6677");
  EXPECT_EQ(e->port(), 443);
  EXPECT_EQ(e->sockaddrLength(), sizeof(sockaddr_in6));
}

TEST(Endpoint, RejectsNonsense) {
  EXPECT_FALSE(Endpoint::parse("", 1));
  EXPECT_FALSE(Endpoint::parse("256.0.0.1", 1));
  EXPECT_FALSE(Endpoint::parse("example.org", 1));
  EXPECT_FALSE(Endpoint::parse(std::string(100, '1'), 1));
  sockaddr unix{};
  unix.sa_family = AF_UNIX;
  EXPECT_FALSE(Endpoint::fromSockaddr(&unix, sizeof(unix)));
  EXPECT_FALSE(Endpoint::fromSockaddr(nullptr, 0));
  sockaddr_in in4{};
  in4.sin_family = AF_INET;
  EXPECT_FALSE(Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&in4), 4));  // too short
}

TEST(Endpoint, FromSockaddrKeepsAddressAndPort) {
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(5000);
  in6.sin6_addr.s6_addr[15] = 1;
  const auto e = Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&in6), sizeof(in6));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ip(), "::1");
  EXPECT_EQ(e->port(), 5000);
}

TEST(Endpoint, StunRoundTrip) {
  for (const char* ip : {"192.0.2.1", "2001:db8::7"}) {
    const auto e = Endpoint::parse(ip, 9);
    ASSERT_TRUE(e);
    const stun::StunAddress s = e->toStun();
    EXPECT_EQ(s.port, 9);
    EXPECT_EQ(Endpoint::fromStun(s), *e);
  }
  const stun::StunAddress s = Endpoint::parse("192.0.2.1", 1)->toStun();
  EXPECT_EQ(s.family, stun::StunAddress::Family::V4);
  EXPECT_EQ(s.address[0], 192);
  EXPECT_EQ(s.address[3], 1);
}

TEST(Endpoint, EqualityAndHash) {
  const auto a = *Endpoint::parse("10.0.0.1", 1000);
  const auto b = *Endpoint::parse("10.0.0.1", 1000);
  const auto otherPort = *Endpoint::parse("10.0.0.1", 1001);
  const auto otherIp = *Endpoint::parse("10.0.0.2", 1000);
  const auto mapped = *Endpoint::parse("::ffff:10.0.0.1", 1000);
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::hash<Endpoint>()(a), std::hash<Endpoint>()(b));
  EXPECT_FALSE(a == otherPort);
  EXPECT_FALSE(a == otherIp);
  EXPECT_FALSE(a == mapped);  // different families stay apart
  std::unordered_set<Endpoint> set{a, b, otherPort, otherIp, mapped};
  EXPECT_EQ(set.size(), 4u);
  EXPECT_TRUE(set.contains(*Endpoint::parse("10.0.0.2", 1000)));
}

// An ICE-TCP connection from the same address and port is another pair than the UDP one (RFC 6544).
TEST(Endpoint, TcpIsAnotherAddress) {
  const auto udp = *Endpoint::parse("10.0.0.1", 1000);
  const auto tcp = udp.overTcp();
  EXPECT_TRUE(tcp.isTcp());
  EXPECT_FALSE(udp.isTcp());
  EXPECT_FALSE(udp == tcp);
  EXPECT_EQ(tcp, udp.overTcp());
  EXPECT_EQ(tcp.ip(), "10.0.0.1");
  EXPECT_EQ(tcp.port(), 1000);
  std::unordered_set<Endpoint> set{udp, tcp};
  EXPECT_EQ(set.size(), 2u);
}

}  // namespace
}  // namespace vicos::ice
