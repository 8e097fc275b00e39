// One participant's signaling socket: a WebSocket, over TLS or not (Boost.Beast), driven by
// an io_context the caller polls from its own loop. Received text messages wait in an inbox;
// sends are queued and written one at a time. Control path only. Handlers hold `this`: the
// caller must not poll the io_context after destroying a client.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace vicos::loadtest {

struct ServerAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 8443;
  std::string path = "/ws";
  std::string subprotocol;  // e.g. "janus-protocol"; empty for vicos
  bool tls = true;
};

// Parses "https://HOST:PORT[/PATH]" or "wss://..."/"ws://..."/"http://..."; empty on error.
std::optional<ServerAddress> parseServerUrl(const std::string& url);

class SignalingClient {
 public:
  enum class State { Connecting, Open, Closed, Failed };

  SignalingClient(boost::asio::io_context& io, boost::asio::ssl::context& tls, ServerAddress address);
  ~SignalingClient();
  SignalingClient(const SignalingClient&) = delete;
  SignalingClient& operator=(const SignalingClient&) = delete;

  // Connects, handshakes, then keeps one read outstanding (Beast answers pings meanwhile).
  void start();
  // Queues one text message; sent once the socket is open.
  void send(std::string text);
  // Moves the next received message into `out`; false when none waits.
  bool receive(std::string& out);
  void close();

  State state() const { return mState; }
  const std::string& error() const { return mError; }

 private:
  using Tcp = boost::asio::ip::tcp;
  using Ws = boost::beast::websocket::stream<boost::asio::ssl::stream<Tcp::socket>>;
  using PlainWs = boost::beast::websocket::stream<Tcp::socket>;

  template <typename Stream>
  void onOpen(Stream& ws);
  template <typename Stream>
  void readNext(Stream& ws);
  template <typename Stream>
  void writeNext(Stream& ws);
  void fail(const std::string& what);

  boost::asio::io_context& mIo;
  ServerAddress mAddress;
  std::unique_ptr<Ws> mWs;
  std::unique_ptr<PlainWs> mPlain;
  State mState = State::Connecting;
  std::string mError;
  std::deque<std::string> mInbox;
  std::deque<std::string> mOutbox;
  bool mWriting = false;
  boost::beast::flat_buffer mBuffer;
};

}  // namespace vicos::loadtest
