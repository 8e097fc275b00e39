// Asynchronous WebSocket client for the load tool's participants.
#include "loadtest/signaling_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <charconv>

namespace vicos::loadtest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

std::optional<ServerAddress> parseServerUrl(const std::string& url) {
  ServerAddress a;
  std::string_view rest = url;
  if (rest.starts_with("https://") || rest.starts_with("wss://")) {
    a.tls = true;
  } else if (rest.starts_with("http://") || rest.starts_with("ws://")) {
    a.tls = false;
  } else {
    return std::nullopt;
  }
  rest.remove_prefix(rest.find("//") + 2);
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos && rest.size() > slash + 1) a.path = std::string(rest.substr(slash));
  const size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    a.port = a.tls ? 443 : 80;
    a.host = std::string(authority);
  } else {
    const auto port = authority.substr(colon + 1);
    const auto r = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (r.ec != std::errc() || r.ptr != port.data() + port.size() || a.port == 0) return std::nullopt;
    a.host = std::string(authority.substr(0, colon));
  }
  if (a.host.empty()) return std::nullopt;
  return a;
}

SignalingClient::SignalingClient(asio::io_context& io, asio::ssl::context& tls, ServerAddress address)
    : mIo(io), mAddress(std::move(address)) {
  if (mAddress.tls) {
    mWs = std::make_unique<Ws>(io, tls);
  } else {
    mPlain = std::make_unique<PlainWs>(io);
  }
}

SignalingClient::~SignalingClient() = default;

void SignalingClient::fail(const std::string& what) {
  if (mState == State::Closed) return;
  mState = State::Failed;
  if (mError.empty()) mError = what;
}

void SignalingClient::start() {
  beast::error_code ec;
  const auto ip = asio::ip::make_address(mAddress.host, ec);
  if (ec) return fail("server host must be an IP address: " + mAddress.host);
  const Tcp::endpoint endpoint(ip, mAddress.port);
  auto decorate = [this](websocket::request_type& req) {
    if (!mAddress.subprotocol.empty()) req.set(beast::http::field::sec_websocket_protocol, mAddress.subprotocol);
  };
  const std::string host = mAddress.host + ":" + std::to_string(mAddress.port);
  if (mWs) {
    mWs->set_option(websocket::stream_base::decorator(decorate));
    mWs->next_layer().next_layer().async_connect(endpoint, [this, host](beast::error_code e) {
      if (e) return fail("connect: " + e.message());
      mWs->next_layer().async_handshake(asio::ssl::stream_base::client, [this, host](beast::error_code e2) {
        if (e2) return fail("TLS: " + e2.message());
        mWs->async_handshake(host, mAddress.path, [this](beast::error_code e3) {
          if (e3) return fail("WebSocket: " + e3.message());
          onOpen(*mWs);
        });
      });
    });
  } else {
    mPlain->set_option(websocket::stream_base::decorator(decorate));
    mPlain->next_layer().async_connect(endpoint, [this, host](beast::error_code e) {
      if (e) return fail("connect: " + e.message());
      mPlain->async_handshake(host, mAddress.path, [this](beast::error_code e3) {
        if (e3) return fail("WebSocket: " + e3.message());
        onOpen(*mPlain);
      });
    });
  }
}

template <typename Stream>
void SignalingClient::onOpen(Stream& ws) {
  mState = State::Open;
  ws.text(true);
  readNext(ws);
  writeNext(ws);
}

template <typename Stream>
void SignalingClient::readNext(Stream& ws) {
  ws.async_read(mBuffer, [this, &ws](beast::error_code e, size_t) {
    if (e) {
      if (e == websocket::error::closed) {
        mState = State::Closed;
      } else {
        fail("read: " + e.message());
      }
      return;
    }
    mInbox.push_back(beast::buffers_to_string(mBuffer.data()));
    mBuffer.consume(mBuffer.size());
    readNext(ws);
  });
}

template <typename Stream>
void SignalingClient::writeNext(Stream& ws) {
  if (mWriting || mOutbox.empty() || mState != State::Open) return;
  mWriting = true;
  ws.async_write(asio::buffer(mOutbox.front()), [this, &ws](beast::error_code e, size_t) {
    mWriting = false;
    if (e) return fail("write: " + e.message());
    mOutbox.pop_front();
    writeNext(ws);
  });
}

void SignalingClient::send(std::string text) {
  mOutbox.push_back(std::move(text));
  if (mState != State::Open) return;
  if (mWs) {
    writeNext(*mWs);
  } else {
    writeNext(*mPlain);
  }
}

bool SignalingClient::receive(std::string& out) {
  if (mInbox.empty()) return false;
  out = std::move(mInbox.front());
  mInbox.pop_front();
  return true;
}

void SignalingClient::close() {
  if (mState != State::Open) return;
  mState = State::Closed;
  beast::error_code ec;
  // A blocking close would wait for the server; closing the TCP socket is enough here.
  if (mWs) {
    mWs->next_layer().next_layer().close(ec);
  } else {
    mPlain->next_layer().close(ec);
  }
}

}  // namespace vicos::loadtest
