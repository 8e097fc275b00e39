// TURN sockets on the control io_context: the UDP listener, relayed sockets and stream sessions.
#include "relay/turn_relay.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <deque>
#include <random>
#include <unordered_map>

#include "common/log.hpp"
#include "turn/channel_data.hpp"

namespace vicos::relay {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using stun::StunAddress;

constexpr size_t kDatagram = 2048;
constexpr auto kExpiryBeat = std::chrono::seconds(1);
// A stream silent this long is closed: a relay in use carries media and consent checks (RFC
// 7675) every few seconds, and a connection that never allocates must not hold a descriptor.
constexpr auto kStreamIdle = std::chrono::seconds(60);
constexpr size_t kMaxQueuedWrites = 256;  // per stream; more are dropped (a slow reader)

StunAddress toStun(const asio::ip::address& ip, uint16_t port) {
  StunAddress out;
  out.port = port;
  if (ip.is_v4()) {
    out.family = StunAddress::Family::V4;
    const auto bytes = ip.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  } else {
    out.family = StunAddress::Family::V6;
    const auto bytes = ip.to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  }
  return out;
}

udp::endpoint toEndpoint(const StunAddress& a) {
  if (a.family == StunAddress::Family::V4) {
    asio::ip::address_v4::bytes_type bytes{};
    std::copy(a.address.begin(), a.address.begin() + 4, bytes.begin());
    return {asio::ip::address_v4(bytes), a.port};
  }
  asio::ip::address_v6::bytes_type bytes{};
  std::copy(a.address.begin(), a.address.end(), bytes.begin());
  return {asio::ip::address_v6(bytes), a.port};
}

turn::TurnNow turnNow() {
  const auto wall = std::chrono::system_clock::now().time_since_epoch();
  return {std::chrono::duration_cast<std::chrono::seconds>(wall).count(), nowMicros()};
}

}  // namespace

// One relayed socket (RFC 8656 2.2, "relayed transport address").
struct RelaySocket {
  RelaySocket(asio::io_context& io) : socket(io) {}
  udp::socket socket;
  udp::endpoint from;
  std::array<uint8_t, kDatagram> buffer{};
};

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual void deliver(Bytes message) = 0;
};

struct TurnRelay::Impl : std::enable_shared_from_this<Impl>, turn::RelayPorts {
  Impl(asio::io_context& ioContext, TurnRelaySettings s)
      : io(ioContext),
        settings(std::move(s)),
        server(settings.realm, settings.secret, randomNonceKey(), turn::PeerPolicy(settings.mediaAddresses),
               *this, settings.limits),
        listener(io),
        expiry(io) {}

  static std::string randomNonceKey();

  // turn::RelayPorts: relayed sockets bind the media address, on a port the kernel picks.
  std::optional<StunAddress> open(turn::AllocationId id) override {
    auto relay = std::make_shared<RelaySocket>(io);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(settings.relayAddress, ec);
    if (ec) return std::nullopt;
    relay->socket.open(address.is_v4() ? udp::v4() : udp::v6(), ec);
    if (!ec) relay->socket.bind(udp::endpoint(address, 0), ec);
    if (!ec) relay->socket.non_blocking(true, ec);
    if (ec) return std::nullopt;
    const auto local = relay->socket.local_endpoint(ec);
    if (ec) return std::nullopt;
    relays.emplace(id, relay);
    receiveRelay(id, relay);
    const auto announced = asio::ip::make_address(settings.relayAnnounce, ec);
    return toStun(ec ? local.address() : announced, local.port());
  }

  void close(turn::AllocationId id) override {
    const auto it = relays.find(id);
    if (it == relays.end()) return;
    boost::system::error_code ignored;
    it->second->socket.close(ignored);
    relays.erase(it);
  }

  void receiveRelay(turn::AllocationId id, std::shared_ptr<RelaySocket> relay) {
    relay->socket.async_receive_from(
        asio::buffer(relay->buffer), relay->from,
        [self = shared_from_this(), id, relay](boost::system::error_code ec, size_t n) {
          if (ec == asio::error::operation_aborted || !relay->socket.is_open()) return;
          if (!ec) self->fromPeer(id, *relay, n);
          self->receiveRelay(id, relay);
        });
  }

  void fromPeer(turn::AllocationId id, RelaySocket& relay, size_t n) {
    Bytes message;
    const auto client = server.fromPeer(id, toStun(relay.from.address(), relay.from.port()),
                                        Bytes(relay.buffer.data(), n), turnNow(), out, message);
    if (client) toClient(*client, message);
  }

  void receiveListener() {
    listener.async_receive_from(asio::buffer(listenBuffer), listenFrom,
                                [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                                  if (ec == asio::error::operation_aborted || !self->listener.is_open())
                                    return;
                                  if (!ec) {
                                    const turn::ClientKey key{
                                        toStun(self->listenFrom.address(), self->listenFrom.port()),
                                        turn::Transport::Udp, 0};
                                    self->fromClient(key, Bytes(self->listenBuffer.data(), n));
                                  }
                                  self->receiveListener();
                                });
  }

  void fromClient(const turn::ClientKey& key, Bytes packet) {
    const turn::ClientOutcome outcome = server.fromClient(key, packet, turnNow(), out);
    if (!outcome.reply.empty()) toClient(key, outcome.reply);
    if (!outcome.relay) return;
    const auto it = relays.find(outcome.allocation);
    if (it == relays.end()) return;
    boost::system::error_code ignored;  // a full socket buffer drops the datagram, as UDP does
    it->second->socket.send_to(asio::buffer(outcome.payload.data(), outcome.payload.size()),
                               toEndpoint(outcome.peer), 0, ignored);
  }

  void toClient(const turn::ClientKey& key, Bytes message) {
    if (key.transport == turn::Transport::Udp) {
      boost::system::error_code ignored;
      listener.send_to(asio::buffer(message.data(), message.size()), toEndpoint(key.address), 0, ignored);
      return;
    }
    const auto it = streams.find(key.connection);
    if (it != streams.end()) it->second->deliver(message);
  }

  void scheduleExpiry() {
    expiry.expires_after(kExpiryBeat);
    expiry.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      auto self = weak.lock();
      if (ec || !self) return;
      self->server.expire(turnNow());
      self->scheduleExpiry();
    });
  }

  template <class Stream>
  void startStream(Stream stream, std::vector<uint8_t> first, turn::Transport transport);

  asio::io_context& io;
  TurnRelaySettings settings;
  turn::TurnServer server;
  udp::socket listener;
  udp::endpoint listenFrom;
  std::array<uint8_t, kDatagram> listenBuffer{};
  std::array<uint8_t, kDatagram> out{};
  asio::steady_timer expiry;
  std::unordered_map<turn::AllocationId, std::shared_ptr<RelaySocket>> relays;
  std::unordered_map<uint64_t, StreamSink*> streams;
  uint64_t nextConnection = 1;
  uint64_t refusedStreams = 0;
};

std::string TurnRelay::Impl::randomNonceKey() {
  std::string key(32, '\0');
  std::random_device device;
  for (char& c : key) c = static_cast<char>(device());
  return key;
}

namespace {

// One TURN connection over TCP or TLS (RFC 8656 3.1): STUN messages and ChannelData (padded
// to 4 bytes) back to back, each found by its own length field.
template <class Stream>
class StreamSession : public StreamSink, public std::enable_shared_from_this<StreamSession<Stream>> {
 public:
  StreamSession(std::shared_ptr<TurnRelay::Impl> relay, Stream stream, std::vector<uint8_t> first,
                turn::ClientKey key)
      : mRelay(std::move(relay)), mStream(std::move(stream)), mBuffer(std::move(first)), mKey(key) {
    mBuffer.reserve(2 * kMaxStreamMessage);
  }

  void start() {
    mRelay->streams[mKey.connection] = this;
    consume();
  }

  void deliver(Bytes message) override {
    if (mWrites.size() >= kMaxQueuedWrites) return;
    mWrites.emplace_back(message.begin(), message.end());
    if (mWrites.size() == 1) writeNext();
  }

 private:
  // Size of the message at the front of mBuffer; 0 when more bytes are needed, SIZE_MAX when
  // the bytes are neither STUN nor ChannelData (the connection is closed).
  size_t frontSize() const {
    if (mBuffer.size() < 4) return 0;
    const Bytes head(mBuffer.data(), 4);
    size_t size = SIZE_MAX;
    if (turn::looksLikeChannelData(head))
      size = turn::channelDataStreamSize(head);
    else if ((mBuffer[0] & 0xC0) == 0)
      size = stun::kHeaderSize + loadBe16(mBuffer.data() + 2);
    if (size > kMaxStreamMessage) return SIZE_MAX;
    return mBuffer.size() >= size ? size : 0;
  }

  void consume() {
    size_t size = 0;
    while ((size = frontSize()) != 0) {
      if (size == SIZE_MAX) return end();
      mRelay->fromClient(mKey, Bytes(mBuffer.data(), size));
      mBuffer.erase(mBuffer.begin(), mBuffer.begin() + static_cast<std::ptrdiff_t>(size));
    }
    read();
  }

  void read() {
    const size_t have = mBuffer.size();
    mBuffer.resize(2 * kMaxStreamMessage);
    boost::beast::get_lowest_layer(mStream).expires_after(kStreamIdle);
    mStream.async_read_some(asio::buffer(mBuffer.data() + have, mBuffer.size() - have),
                            [self = this->shared_from_this(), have](boost::system::error_code ec, size_t n) {
                              self->mBuffer.resize(have + n);
                              if (ec) return self->end();
                              self->consume();
                            });
  }

  void writeNext() {
    const auto& front = mWrites.front();
    asio::async_write(mStream, asio::buffer(front),
                      [self = this->shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) return self->end();
                        self->mWrites.pop_front();
                        if (!self->mWrites.empty()) self->writeNext();
                      });
  }

  void end() {
    if (mEnded) return;
    mEnded = true;
    mRelay->streams.erase(mKey.connection);
    mRelay->server.connectionClosed(mKey);
    boost::system::error_code ignored;
    boost::beast::get_lowest_layer(mStream).socket().close(ignored);
  }

  std::shared_ptr<TurnRelay::Impl> mRelay;
  Stream mStream;
  std::vector<uint8_t> mBuffer;
  turn::ClientKey mKey;
  std::deque<std::vector<uint8_t>> mWrites;
  bool mEnded = false;
};

}  // namespace

template <class Stream>
void TurnRelay::Impl::startStream(Stream stream, std::vector<uint8_t> first, turn::Transport transport) {
  boost::system::error_code ec;
  if (streams.size() >= settings.maxStreams) {
    ++refusedStreams;
    boost::beast::get_lowest_layer(stream).socket().close(ec);
    return;
  }
  const auto remote = boost::beast::get_lowest_layer(stream).socket().remote_endpoint(ec);
  if (ec) return;
  const turn::ClientKey key{toStun(remote.address(), remote.port()), transport, nextConnection++};
  std::make_shared<StreamSession<Stream>>(shared_from_this(), std::move(stream), std::move(first), key)
      ->start();
}

TurnRelay::TurnRelay(asio::io_context& io, TurnRelaySettings settings)
    : mImpl(std::make_shared<Impl>(io, std::move(settings))) {}

TurnRelay::~TurnRelay() { stop(); }

bool TurnRelay::start(std::string& error) {
  if (mImpl->settings.udpPort) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(mImpl->settings.bindAddress, ec);
    if (!ec) mImpl->listener.open(address.is_v4() ? udp::v4() : udp::v6(), ec);
    if (!ec) mImpl->listener.bind(udp::endpoint(address, *mImpl->settings.udpPort), ec);
    if (!ec) mImpl->listener.non_blocking(true, ec);
    if (ec) {
      error = "TURN UDP port " + std::to_string(*mImpl->settings.udpPort) + ": " + ec.message();
      return false;
    }
    mImpl->receiveListener();
  }
  mImpl->scheduleExpiry();
  return true;
}

void TurnRelay::stop() {
  boost::system::error_code ignored;
  mImpl->listener.close(ignored);
  mImpl->expiry.cancel();
  while (!mImpl->relays.empty()) mImpl->close(mImpl->relays.begin()->first);
}

uint16_t TurnRelay::udpPort() const {
  boost::system::error_code ec;
  const auto local = mImpl->listener.local_endpoint(ec);
  return ec ? 0 : local.port();
}

void TurnRelay::adoptTcp(int fd) {
  asio::ip::tcp::socket socket(mImpl->io);
  boost::system::error_code ec;
  const auto local = [&] {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    return storage.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
  }();
  socket.assign(local, fd, ec);
  if (ec) {
    ::close(fd);
    return;
  }
  mImpl->startStream(boost::beast::tcp_stream(std::move(socket)), {}, turn::Transport::Tcp);
}

void TurnRelay::adoptTls(http::SslStream stream, std::vector<uint8_t> first) {
  mImpl->startStream(std::move(stream), std::move(first), turn::Transport::Tls);
}

const turn::TurnCounters& TurnRelay::counters() const { return mImpl->server.counters(); }
uint64_t TurnRelay::refusedStreams() const { return mImpl->refusedStreams; }
size_t TurnRelay::allocationCount() const { return mImpl->server.allocationCount(); }

std::vector<stun::StunAddress> mediaPeerAddresses(const std::vector<std::string>& announcedIps,
                                                  uint16_t firstPort, size_t workers) {
  std::vector<stun::StunAddress> out;
  for (const auto& ip : announcedIps) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(ip, ec);
    if (ec) continue;
    for (size_t i = 0; i < workers; ++i) out.push_back(toStun(address, static_cast<uint16_t>(firstPort + i)));
  }
  return out;
}

}  // namespace vicos::relay
