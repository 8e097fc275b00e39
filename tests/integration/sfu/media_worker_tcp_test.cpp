// Integration tests of ICE-TCP (RFC 6544, RFC 4571) on real sockets: a synthetic browser that
// connects over TCP meets one over UDP through ICE, DTLS and SRTP; a receiver that stops reading
// costs dropped packets, never a blocked worker; connections are bounded per worker and per
// address, and closed when they pass no check.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sfu/media_worker_fixture.hpp"
#include "stun/stun_test_vectors.hpp"

namespace vicos::sfu::test {
namespace {

class MediaWorkerTcpTest : public MediaWorkerTest {
 public:
  bool overTcp(const Participant& p) const override { return p.id == "alice"; }
};

size_t received(Participant& p) {
  return p.recorder.of(p.audioDownlink).size() + p.recorder.of(p.videoDownlink).size();
}

TEST_F(MediaWorkerTcpTest, ForwardsBetweenTcpAndUdp) {
  for (int i = 0; i < 6; ++i) {
    send(*a, MediaKind::Audio);
    send(*a, MediaKind::Video);
    send(*b, MediaKind::Audio);
    send(*b, MediaKind::Video);
  }
  a->client->flush();
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return received(*a) == 12 && received(*b) == 12; }));
  EXPECT_EQ(onWorker([&] { return worker->tcpConnectionCount(); }), 1u);
  EXPECT_EQ(counters().rtpForwarded, 24u);
  EXPECT_EQ(drops().total(), 0u);
}

// Alice's browser stops reading: what her queue cannot take is dropped and counted, while Bob
// keeps receiving and the worker keeps answering.
TEST_F(MediaWorkerTcpTest, SlowReceiverCostsPacketsNotTheLoop) {
  const int small = 4096;
  ::setsockopt(a->client->fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  const size_t before = received(*b);
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 50; ++i) send(*b, MediaKind::Video);
    send(*a, MediaKind::Audio);
    a->client->flush();  // Alice still sends; she only stopped reading
    pumpClients(
        {b.get()}, [] { return false; }, 2 * kMs);  // only Bob reads
  }
  const Micros asked = nowMicros();
  const DropCounters counted = drops();
  EXPECT_LT(nowMicros() - asked, 500 * kMs);  // the worker thread was free to answer
  EXPECT_GT(counted[Drop::TcpQueueFull], 0u);
  // Alice's client still holds what her socket did not take yet: it keeps writing, never reading.
  EXPECT_TRUE(pumpClients({b.get()}, [&] {
    a->client->flush();
    return received(*b) >= before + 30;
  })) << "Bob received " << received(*b) - before << " of Alice's 40 packets; dropped "
      << drops().total() << ", of which tcp-queue-full " << drops()[Drop::TcpQueueFull];
}

// A raw TCP connection to the worker from `from` (127.0.0.x).
int connectFrom(const std::string& from, uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_storage local{}, server{};
  EXPECT_TRUE(net::makeAddress(from, 0, local));
  EXPECT_TRUE(net::makeAddress("127.0.0.1", port, server));
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&local), net::addressLength(local)), 0);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&server), net::addressLength(server)), 0);
  return fd;
}

// True when the server closed `fd` within `timeout` (end of stream or reset).
bool closedByServer(int fd, Micros timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout / kMs)) <= 0) return false;
  uint8_t byte = 0;
  return ::recv(fd, &byte, 1, MSG_DONTWAIT) <= 0;
}

class TcpLimitsTest : public ::testing::Test {
 public:
  void SetUp() override {
    WorkerOptions options{"127.0.0.1", 0};
    options.tcpLimits.maxConnections = 3;
    options.tcpLimits.maxPerAddress = 2;
    options.tcpLimits.checkTimeout = 300 * kMs;
    worker = std::make_unique<MediaWorker>(options, [](auto&&...) {});
    worker->start();
  }
  void TearDown() override {
    for (int fd : fds) ::close(fd);
    worker->stop();
  }
  int open(const std::string& from) { return fds.emplace_back(connectFrom(from, worker->tcpPort())); }

  std::unique_ptr<MediaWorker> worker;
  std::vector<int> fds;
};

TEST_F(TcpLimitsTest, PerAddressThenTotal) {
  const int first = open("127.0.0.1");
  const int second = open("127.0.0.1");
  const int third = open("127.0.0.1");   // over the per-address limit
  const int other = open("127.0.0.2");   // another address: room left in total
  const int fourth = open("127.0.0.3");  // over the total
  EXPECT_TRUE(closedByServer(third, 1'000 * kMs));
  EXPECT_TRUE(closedByServer(fourth, 1'000 * kMs));
  for (int fd : {first, second, other}) EXPECT_FALSE(closedByServer(fd, 50 * kMs));
  std::promise<TcpCounters> counters;
  worker->post([&] { counters.set_value(worker->tcpCounters()); });
  const TcpCounters c = counters.get_future().get();
  EXPECT_EQ(c.accepted, 3u);
  EXPECT_EQ(c.refusedPerAddress, 1u);
  EXPECT_EQ(c.refusedTotal, 1u);
}

// Neither garbage, an oversized frame, nor a check for nobody keeps a connection open past the
// check timeout; the worker survives all of it.
TEST_F(TcpLimitsTest, ClosesConnectionsThatPassNoCheck) {
  const int silent = open("127.0.0.1");
  const int noisy = open("127.0.0.2");
  std::vector<uint8_t> junk{0x13, 0x88};  // a 5000-byte frame, skipped
  junk.resize(2 + 5000, 0xab);
  const std::vector<uint8_t> unknownUser = stun::test::hex(stun::test::kSampleRequest);
  junk.push_back(0);
  junk.push_back(static_cast<uint8_t>(unknownUser.size()));
  junk.insert(junk.end(), unknownUser.begin(), unknownUser.end());
  ASSERT_EQ(::send(noisy, junk.data(), junk.size(), 0), static_cast<ssize_t>(junk.size()));
  EXPECT_FALSE(closedByServer(silent, 150 * kMs));
  EXPECT_TRUE(closedByServer(silent, 1'000 * kMs));
  EXPECT_TRUE(closedByServer(noisy, 1'000 * kMs));
  std::promise<std::pair<TcpCounters, DropCounters>> counters;
  worker->post([&] { counters.set_value({worker->tcpCounters(), worker->drops()}); });
  const auto [tcp, dropped] = counters.get_future().get();
  EXPECT_EQ(tcp.closedUnchecked, 2u);
  EXPECT_EQ(tcp.skippedFrames, 1u);
  EXPECT_EQ(dropped[Drop::StunUnknownUser], 1u);
}

}  // namespace
}  // namespace vicos::sfu::test
