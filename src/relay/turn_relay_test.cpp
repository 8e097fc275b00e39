// Tests of the TURN relay over real sockets: a client allocates over UDP and over TCP, its data
// reaches a socket standing for a vicos media address, and nothing reaches any other socket.
#include "relay/turn_relay.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <functional>

#include "turn/turn_test_client.hpp"

namespace vicos::relay {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using tcp = asio::ip::tcp;
using turn::test::build;
using turn::test::RequestSpec;

const std::string kSecret = "relay-test-secret";

class TurnRelayTest : public ::testing::Test {
 protected:
  TurnRelayTest()
      : media(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        stranger(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        client(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    TurnRelaySettings settings;
    settings.bindAddress = "127.0.0.1";
    settings.udpPort = 0;
    settings.relayAddress = "127.0.0.1";
    settings.secret = kSecret;
    settings.mediaAddresses = mediaPeerAddresses({"127.0.0.1"}, media.local_endpoint().port(), 1);
    relay = std::make_unique<TurnRelay>(io, settings);
    std::string error;
    EXPECT_TRUE(relay->start(error)) << error;
    server = udp::endpoint(asio::ip::make_address("127.0.0.1"), relay->udpPort());
    for (auto* s : {&media, &stranger, &client}) s->non_blocking(true);
  }

  stun::StunAddress address(const udp::socket& s) const {
    return turn::test::v4(127, 0, 0, 1, s.local_endpoint().port());
  }

  // Runs the relay until a datagram is waiting on `s` (or 2 s pass); returns it, empty if none.
  std::vector<uint8_t> receive(udp::socket& s, udp::endpoint* from = nullptr) {
    std::vector<uint8_t> buffer(2048);
    udp::endpoint sender;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
      io.run_for(std::chrono::milliseconds(5));
      boost::system::error_code ec;
      const size_t n = s.receive_from(asio::buffer(buffer), sender, 0, ec);
      if (!ec) {
        buffer.resize(n);
        if (from) *from = sender;
        return buffer;
      }
    }
    return {};
  }

  turn::TurnMessage exchange(RequestSpec spec) {
    client.send_to(asio::buffer(build(spec)), server);
    reply = receive(client);
    turn::TurnMessage msg;
    EXPECT_EQ(turn::parseTurn(reply, msg), turn::TurnError::None);
    return msg;
  }

  // Fills in the REST credentials and the nonce from a first, unauthenticated try.
  RequestSpec withCredentials(RequestSpec spec) {
    RequestSpec bare;
    bare.tidSeed = 7;
    const turn::TurnMessage challenge = exchange(bare);
    spec.username = username;
    spec.realm = std::string(challenge.realm.value_or(""));
    spec.nonce = std::string(challenge.nonce.value_or(""));
    spec.password = turn::restPassword(kSecret, spec.username);
    return spec;
  }

  static uint16_t code(const turn::TurnMessage& m) { return m.stun.errorCode ? m.stun.errorCode->code : 0; }

  asio::io_context io;
  udp::socket media;     // stands for a vicos media worker's address
  udp::socket stranger;  // any other address
  udp::socket client;
  std::unique_ptr<TurnRelay> relay;
  udp::endpoint server;
  std::vector<uint8_t> reply;
  // One username for the whole test: every request of an allocation must use the same (441).
  const std::string username = turn::restUsername(std::time(nullptr) + 600, "participant");
};

TEST_F(TurnRelayTest, UdpClientReachesTheMediaAddressAndHearsBack) {
  const turn::TurnMessage allocated = exchange(withCredentials(RequestSpec{}));
  ASSERT_EQ(code(allocated), 0);
  ASSERT_TRUE(allocated.relayedAddress);
  RequestSpec permission;
  permission.method = turn::kMethodCreatePermission;
  permission.peers = {address(media)};
  ASSERT_EQ(code(exchange(withCredentials(permission))), 0);

  RequestSpec send;
  send.method = turn::kMethodSend;
  send.cls = stun::StunClass::Indication;
  send.peers = {address(media)};
  send.data = "rtp";
  client.send_to(asio::buffer(build(send)), server);
  udp::endpoint relayed;
  const auto atMedia = receive(media, &relayed);
  EXPECT_EQ(std::string(atMedia.begin(), atMedia.end()), "rtp");
  EXPECT_EQ(relayed.port(), allocated.relayedAddress->port);

  media.send_to(asio::buffer(std::string("rtcp")), relayed);
  const auto atClient = receive(client);
  turn::TurnMessage data;
  ASSERT_EQ(turn::parseTurn(atClient, data), turn::TurnError::None);
  EXPECT_EQ(data.stun.method, turn::kMethodData);
  ASSERT_TRUE(data.data);
  EXPECT_EQ(std::string(data.data->begin(), data.data->end()), "rtcp");
}

TEST_F(TurnRelayTest, NoOtherAddressIsReachable) {
  ASSERT_EQ(code(exchange(withCredentials(RequestSpec{}))), 0);
  RequestSpec permission;
  permission.method = turn::kMethodCreatePermission;
  permission.peers = {turn::test::v4(127, 0, 0, 2, media.local_endpoint().port())};
  EXPECT_EQ(code(exchange(withCredentials(permission))), turn::error::kForbidden);
  RequestSpec bind;
  bind.method = turn::kMethodChannelBind;
  bind.channel = 0x4000;
  bind.peers = {address(stranger)};  // same address as the media socket, another port
  EXPECT_EQ(code(exchange(withCredentials(bind))), turn::error::kForbidden);

  RequestSpec send;
  send.method = turn::kMethodSend;
  send.cls = stun::StunClass::Indication;
  send.peers = {address(stranger)};
  send.data = "probe";
  client.send_to(asio::buffer(build(send)), server);
  EXPECT_TRUE(receive(stranger).empty());
  EXPECT_EQ(relay->counters().drops[static_cast<size_t>(turn::TurnDrop::PeerRefused)], 1u);
  EXPECT_EQ(relay->counters().forbidden, 2u);
}

TEST_F(TurnRelayTest, TcpClientUsesChannelData) {
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket tcpClient(io);
  tcpClient.connect(acceptor.local_endpoint());
  tcp::socket accepted = acceptor.accept();
  relay->adoptTcp(accepted.release());

  std::vector<uint8_t> pending;
  auto streamRequest = [&](const std::vector<uint8_t>& packet) {
    asio::write(tcpClient, asio::buffer(packet));
    pending.clear();
    std::vector<uint8_t> chunk(2048);
    tcpClient.non_blocking(true);
    for (int i = 0; i < 400; ++i) {
      io.run_for(std::chrono::milliseconds(5));
      boost::system::error_code ec;
      const size_t n = tcpClient.read_some(asio::buffer(chunk), ec);
      if (!ec) pending.insert(pending.end(), chunk.begin(), chunk.begin() + static_cast<long>(n));
      if (pending.size() >= 20 && pending.size() >= 20u + loadBe16(pending.data() + 2)) break;
    }
    turn::TurnMessage msg;
    EXPECT_EQ(turn::parseTurn(pending, msg), turn::TurnError::None);
    return msg;
  };
  RequestSpec spec;
  const turn::TurnMessage challenge = streamRequest(build(spec));
  ASSERT_EQ(code(challenge), turn::error::kUnauthenticated);
  spec.username = turn::restUsername(std::time(nullptr) + 600, "tcp-participant");
  spec.realm = std::string(*challenge.realm);
  spec.nonce = std::string(*challenge.nonce);
  spec.password = turn::restPassword(kSecret, spec.username);
  ASSERT_EQ(code(streamRequest(build(spec))), 0);
  spec.method = turn::kMethodChannelBind;
  spec.channel = 0x4001;
  spec.peers = {address(media)};
  ASSERT_EQ(code(streamRequest(build(spec))), 0);

  // Two ChannelData messages in one write, the first padded to 4 bytes (RFC 8656 12.5).
  const std::vector<uint8_t> frames = {0x40, 0x01, 0, 3, 'o', 'n', 'e', 0,
                                       0x40, 0x01, 0, 4, 't', 'w', 'o', '!'};
  asio::write(tcpClient, asio::buffer(frames));
  const auto first = receive(media);
  const auto second = receive(media);
  EXPECT_EQ(std::string(first.begin(), first.end()), "one");
  EXPECT_EQ(std::string(second.begin(), second.end()), "two!");
  EXPECT_EQ(relay->allocationCount(), 1u);
  tcpClient.close();
  for (int i = 0; i < 100 && relay->allocationCount() > 0; ++i) io.run_for(std::chrono::milliseconds(5));
  EXPECT_EQ(relay->allocationCount(), 0u);  // the allocation ended with its connection
}

TEST_F(TurnRelayTest, StreamsBeyondTheCapAreClosed) {
  TurnRelaySettings settings;
  settings.secret = kSecret;
  settings.maxStreams = 1;
  TurnRelay capped(io, settings);
  std::string error;
  ASSERT_TRUE(capped.start(error)) << error;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket first(io), second(io);
  first.connect(acceptor.local_endpoint());
  capped.adoptTcp(acceptor.accept().release());
  second.connect(acceptor.local_endpoint());
  capped.adoptTcp(acceptor.accept().release());
  EXPECT_EQ(capped.refusedStreams(), 1u);
  // The second connection is closed: its read ends at once.
  std::array<uint8_t, 4> byte{};
  boost::system::error_code ec;
  second.read_some(asio::buffer(byte), ec);
  EXPECT_EQ(ec, asio::error::eof);
  // The first still gets answers.
  asio::write(first, asio::buffer(build(RequestSpec{})));
  first.non_blocking(true);
  size_t n = 0;
  for (int i = 0; i < 200 && n == 0; ++i) {
    io.run_for(std::chrono::milliseconds(5));
    n = first.read_some(asio::buffer(byte), ec);
  }
  EXPECT_EQ(n, 4u);
}

}  // namespace
}  // namespace vicos::relay
