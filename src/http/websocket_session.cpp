// One signaling WebSocket (RFC 6455) over TLS: a read loop feeding the handler, a bounded
// write queue with one write in flight, server pings, the join timeout and the protocol's limits.
#include "http/websocket_session.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <optional>
#include <vector>

#include "common/clock.hpp"
#include "common/log.hpp"

namespace vicos::http {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace asio = boost::asio;

// A read buffer grown past this by one large message (an SDP answer) is given back afterwards,
// so that a socket does not keep its largest message's memory for its whole life.
constexpr size_t kKeptBufferBytes = 16 * 1024;

class WebSocketSession : public SocketSender,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(SslStream stream, ConnectionSlot slot, const WebSocketLimits& limits)
      : mWs(std::move(stream)),
        mSlot(std::move(slot)),
        mLimits(limits),
        mPingTimer(mWs.get_executor()),
        mJoinTimer(mWs.get_executor()),
        mArrivals(std::max<size_t>(limits.maxMessagesPerWindow, 1), 0) {}

  void start(Request request, SocketHandlerFactory factory) {
    mFactory = std::move(factory);
    mUpgrade.cookie = std::string(request[beast::http::field::cookie]);
    beast::get_lowest_layer(mWs).expires_never();
    // Beast's idle timeout closes a socket from which nothing (not even a pong to our pings)
    // arrived for pongTimeout; our own timer sends the pings so they share the write queue.
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = mLimits.handshakeTimeout;
    timeouts.idle_timeout = mLimits.pongTimeout;
    timeouts.keep_alive_pings = false;
    mWs.set_option(timeouts);
    mWs.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "vicos"); }));
    // Beast refuses a frame whose header announces more than this before reading its payload
    // (close 1009), so a half-sent large frame costs nothing either.
    mWs.read_message_max(mLimits.maxUnjoinedMessageBytes);
    mWs.auto_fragment(false);
    mWs.async_accept(request,
                     [self = shared_from_this()](beast::error_code ec) { self->onAccept(ec); });
  }

  void sendText(std::string text) override {
    if (mFinished || mCloseRequested) return;
    if (mQueuedBytes + text.size() > mLimits.maxQueuedBytes) {
      // A client that does not read must not make us buffer without bound: drop it. The
      // pending read fails and finish() reports the close.
      LOG_WARN("http", "websocket outbound queue over %zu bytes, dropping client",
               mLimits.maxQueuedBytes);
      mCloseRequested = true;
      dropQueue();
      beast::get_lowest_layer(mWs).close();
      return;
    }
    mQueuedBytes += text.size();
    mQueue.push_back(std::move(text));
    pump();
  }

  void close(uint16_t code, std::string reason) override {
    requestClose(websocket::close_reason(static_cast<websocket::close_code>(code), reason));
  }

 private:
  void onAccept(beast::error_code ec) {
    if (ec) return;  // no handler was created, so there is nobody to tell
    if (mFactory) mHandler = mFactory(weak_from_this(), mUpgrade);
    mFactory = nullptr;
    if (!mHandler) {
      requestClose(websocket::close_reason(websocket::close_code::internal_error));
    } else {
      schedulePing();
      startJoinTimer();
    }
    read();
  }

  void read() {
    mWs.async_read(mBuffer, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->onRead(ec);
    });
  }

  void onRead(beast::error_code ec) {
    // message_too_big: Beast has already sent close 1009 (RFC 6455 7.4.1) and torn down.
    if (ec) return finish();
    if (!mWs.got_text()) {
      requestClose(websocket::close_reason(websocket::close_code::unknown_data,
                                           "binary frames are not accepted"));
    } else if (!admitMessage()) {
      requestClose(websocket::close_reason(websocket::close_code::policy_error, "rate limited"));
    } else if (!mCloseRequested && mHandler) {
      const auto data = mBuffer.cdata();
      mHandler->onText(std::string_view(static_cast<const char*>(data.data()), data.size()));
      if (!mAdmitted && mHandler->admitted()) onAdmitted();
    }
    mBuffer.consume(mBuffer.size());
    if (mBuffer.capacity() > kKeptBufferBytes) mBuffer.shrink_to_fit();
    // Keep reading after a close request: the peer's close frame ends the loop.
    if (!mFinished) read();
  }

  // A socket that has not joined (or started waiting in) a room in time is closed (1008); it
  // holds a connection slot of its address that someone else may need.
  void startJoinTimer() {
    mJoinTimer.expires_after(mLimits.joinTimeout);
    mJoinTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->mAdmitted || self->mFinished) return;
      self->requestClose(websocket::close_reason(websocket::close_code::policy_error, "join timeout"));
    });
  }

  void onAdmitted() {
    mAdmitted = true;
    mJoinTimer.cancel();
    mWs.read_message_max(mLimits.maxMessageBytes);
  }

  // Sliding window over the last maxMessagesPerWindow arrival times.
  bool admitMessage() {
    const Micros now = nowMicros();
    const Micros window =
        std::chrono::duration_cast<std::chrono::microseconds>(mLimits.rateWindow).count();
    const bool full = mArrivalCount >= mArrivals.size();
    if (full && now - mArrivals[mNextArrival] < window) return false;
    mArrivals[mNextArrival] = now;
    mNextArrival = (mNextArrival + 1) % mArrivals.size();
    ++mArrivalCount;
    return true;
  }

  void requestClose(websocket::close_reason reason) {
    if (mCloseRequested || mFinished) return;
    mCloseRequested = true;
    mPendingClose = std::move(reason);
    pump();
  }

  void schedulePing() {
    mPingTimer.expires_after(mLimits.pingInterval);
    mPingTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->mFinished) return;
      self->mPingDue = true;
      self->pump();
      self->schedulePing();
    });
  }

  // Starts the next write; Beast allows one write-like operation (write, ping, close) at a time.
  void pump() {
    if (mWriting || mFinished) return;
    auto self = shared_from_this();
    if (!mQueue.empty() && !mCloseSent) {
      mWriting = true;
      mWs.text(true);
      mWs.async_write(asio::buffer(mQueue.front()), [self](beast::error_code ec, size_t) {
        self->mWriting = false;
        if (ec) return self->finish();
        self->mQueuedBytes -= self->mQueue.front().size();
        self->mQueue.pop_front();
        self->pump();
      });
    } else if (mPingDue && !mCloseSent) {
      mPingDue = false;
      mWriting = true;
      mWs.async_ping({}, [self](beast::error_code ec) {
        self->mWriting = false;
        if (ec) return self->finish();
        self->pump();
      });
    } else if (mPendingClose) {
      mWriting = true;
      mCloseSent = true;
      const websocket::close_reason reason = *mPendingClose;
      mPendingClose.reset();
      mWs.async_close(reason, [self](beast::error_code ec) {
        self->mWriting = false;
        // The read loop sees the peer's reply (or the teardown) and finishes.
        if (ec) self->finish();
      });
    }
  }

  // Forgets queued messages, except the one a write in flight still reads from.
  void dropQueue() {
    while (mQueue.size() > (mWriting ? 1u : 0u)) mQueue.pop_back();
    mQueuedBytes = mQueue.empty() ? 0 : mQueue.front().size();
  }

  void finish() {
    if (mFinished) return;
    mFinished = true;
    mPingTimer.cancel();
    mJoinTimer.cancel();
    dropQueue();
    beast::get_lowest_layer(mWs).close();
    if (mHandler) mHandler->onClosed();
  }

  websocket::stream<SslStream> mWs;
  ConnectionSlot mSlot;
  WebSocketLimits mLimits;
  asio::steady_timer mPingTimer;
  asio::steady_timer mJoinTimer;
  beast::flat_buffer mBuffer;
  SocketHandlerFactory mFactory;
  UpgradeInfo mUpgrade;
  std::unique_ptr<SocketHandler> mHandler;
  std::deque<std::string> mQueue;
  size_t mQueuedBytes = 0;
  std::optional<websocket::close_reason> mPendingClose;
  std::vector<Micros> mArrivals;
  size_t mNextArrival = 0;
  size_t mArrivalCount = 0;
  bool mAdmitted = false;
  bool mWriting = false;
  bool mPingDue = false;
  bool mCloseRequested = false;
  bool mCloseSent = false;
  bool mFinished = false;
};

}  // namespace

void startWebSocketSession(SslStream stream, Request request, ConnectionSlot slot,
                           const WebSocketLimits& limits, const SocketHandlerFactory& factory) {
  auto session = std::make_shared<WebSocketSession>(std::move(stream), std::move(slot), limits);
  session->start(std::move(request), factory);  // copies the factory
}

}  // namespace vicos::http
