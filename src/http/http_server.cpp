// HTTPS sessions (Beast over OpenSSL): the accept loop with its connection limits, TLS
// handshake, bounded request parsing, routing to static files, room links, /healthz, /readyz,
// the API and the /ws upgrade, with security headers everywhere.
#include "http/http_server.hpp"

#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cerrno>

#include "common/log.hpp"
#include "http/address_bucket.hpp"
#include "http/asset_store.hpp"
#include "http/connection_gate.hpp"
#include "http/request_rules.hpp"
#include "http/websocket_session.hpp"
#include "net/stream_start.hpp"

namespace vicos::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;

constexpr size_t kHeaderLimit = 8 * 1024;
constexpr size_t kBodyLimit = 16 * 1024;
constexpr auto kShutdownTimeout = std::chrono::seconds(5);
// What a request's first read may take in at once; the parser reads the rest.
constexpr size_t kFirstReadBytes = 4096;
// After accept() failed for want of file descriptors or memory, the waiting connection is still
// queued and the listening socket stays readable: accepting again at once would spin at full
// CPU. Waiting this long lets connections end and free their descriptors.
constexpr auto kAcceptPause = std::chrono::milliseconds(250);
// Refusals and accept failures are summed up in one log line per interval, not one per event.
constexpr auto kSummaryInterval = std::chrono::seconds(10);

bool outOfResources(const beast::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  const int e = ec.value();
  return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, asio::ssl::context& context, Options opts)
      : tls(&context),
        options(std::move(opts)),
        assets(options.webRoot ? AssetStore(*options.webRoot) : AssetStore()),
        acceptor(io),
        acceptPause(io),
        summaryTimer(io),
        gate(std::make_shared<ConnectionGate>(options.connections)),
        // 'wasm-unsafe-eval' lets the page compile WebAssembly (the background segmentation model
        // of web/js/background/) and nothing else: eval() and new Function() stay forbidden
        // (docs/security.md, "Background effects and the content security policy").
        csp("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
            "frame-ancestors " +
            options.frameAncestors + "; base-uri 'none'; form-action 'self'") {}

  void accept();
  void onAcceptFailed(const beast::error_code& ec);
  void admit(tcp::socket socket);
  void countRefusal(Refusal refusal);
  void scheduleSummary();
  void addSecurityHeaders(Response& res) const;
  Response respond(const Request& req) const;
  void respondApi(const Request& req, const std::string& path, const std::string& bucket,
                  std::function<void(Response)> send) const;
  void respondReadiness(const Request& req, std::function<void(Response)> send) const;

  asio::ssl::context* tls;  // for new connections
  std::shared_ptr<asio::ssl::context> ownedTls;  // when replaced by setTlsContext()
  Options options;
  AssetStore assets;
  tcp::acceptor acceptor;
  asio::steady_timer acceptPause;
  asio::steady_timer summaryTimer;
  bool summaryScheduled = false;
  std::array<size_t, 3> refusals{};  // by Refusal, in this summary interval
  std::array<uint64_t, 3> refusalTotals{};  // by Refusal, since start (metrics)
  size_t acceptFailures = 0;
  std::shared_ptr<ConnectionGate> gate;
  std::string csp;
};

namespace {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(std::shared_ptr<HttpServer::Impl> server, tcp::socket socket, ConnectionSlot slot)
      : mServer(std::move(server)),
        mStream(std::move(socket), *mServer->tls),
        mSlot(std::move(slot)),
        mSniffDeadline(mStream.get_executor()) {}

  void run() {
    if (!mServer->options.iceTcp && !mServer->options.turnTcp) return handshake();
    // The first bytes must arrive in the time a handshake may take; then the socket is closed.
    mSniffDeadline.expires_after(mServer->options.tlsHandshakeTimeout);
    mSniffDeadline.async_wait([weak = weak_from_this()](beast::error_code ec) {
      if (auto self = weak.lock(); self && !ec) beast::get_lowest_layer(self->mStream).close();
    });
    sniff();
  }

 private:
  // One port for pages and media: the first bytes (peeked, so that TLS still finds them) are a
  // TLS record or an ICE-TCP frame holding a STUN binding request (net/stream_start.hpp). Peeking
  // before waiting also finds bytes that arrived before the socket was watched.
  void sniff() {
    auto& socket = beast::get_lowest_layer(mStream).socket();
    std::array<uint8_t, net::kMaxStreamPeek> bytes{};
    const ssize_t n = ::recv(socket.native_handle(), bytes.data(), bytes.size(), MSG_PEEK | MSG_DONTWAIT);
    const bool waiting = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    if (n <= 0 && !waiting) {  // closed or reset: nothing to answer
      mSniffDeadline.cancel();
      return;
    }
    const net::StreamVerdict verdict =
        waiting ? net::StreamVerdict{}
                : net::classifyStreamStart(Bytes(bytes.data(), static_cast<size_t>(n)));
    if (verdict.kind == net::StreamStart::NeedMore) {
      // Edge-triggered: wakes when more arrives, not for the bytes already peeked.
      socket.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->sniff();
      });
      return;
    }
    mSniffDeadline.cancel();
    if (verdict.kind == net::StreamStart::Turn && mServer->options.turnTcp) {
      return mServer->options.turnTcp(socket.release());  // the Allocate is read by the relay
    }
    if (verdict.kind != net::StreamStart::IceTcp || !mServer->options.iceTcp) {
      return handshake();  // TLS, or refused by it
    }
    std::vector<uint8_t> frame(verdict.frameSize);
    if (::recv(socket.native_handle(), frame.data(), frame.size(), MSG_DONTWAIT) !=
        static_cast<ssize_t>(frame.size()))
      return;
    mServer->options.iceTcp(socket.release(), std::move(frame));
  }

  void handshake() {
    beast::get_lowest_layer(mStream).expires_after(mServer->options.tlsHandshakeTimeout);
    mStream.async_handshake(asio::ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (!ec) self->readRequest();
                            });
  }

  // Two steps with two timeouts: waiting for a request to begin (idle), then reading it whole.
  void readRequest() {
    mParser.emplace();
    mParser->header_limit(kHeaderLimit);
    mParser->body_limit(kBodyLimit);
    if (mBuffer.size() > 0) return readRest();  // pipelined: the next request has begun
    beast::get_lowest_layer(mStream).expires_after(mServer->options.idleTimeout);
    mStream.async_read_some(mBuffer.prepare(kFirstReadBytes),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->mBuffer.commit(n);
                              if (ec == asio::error::eof) return self->shutdown();
                              if (ec) return;  // timeout, reset: nothing to answer
                              if (self->turnOverTls()) return;
                              self->readRest();
                            });
  }

  // The connection's first decrypted byte below 0x40 is a STUN message's (RFC 8489 5, RFC 7983),
  // never an HTTP method's: the connection belongs to the TURN relay from here on.
  bool turnOverTls() {
    if (mRequests++ > 0 || !mServer->options.turnTls || mBuffer.size() == 0) return false;
    const auto* first = static_cast<const uint8_t*>(mBuffer.data().data());
    if (first[0] >= 0x40) return false;
    std::vector<uint8_t> bytes(first, first + mBuffer.size());
    mServer->options.turnTls(std::move(mStream), std::move(bytes));
    return true;
  }

  void readRest() {
    beast::get_lowest_layer(mStream).expires_after(mServer->options.requestTimeout);
    bhttp::async_read(mStream, mBuffer, *mParser,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        self->onRead(ec);
                      });
  }

  void onRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream) return shutdown();
    if (ec == bhttp::error::header_limit)
      return sendError(bhttp::status::request_header_fields_too_large);
    if (ec == bhttp::error::body_limit) return sendError(bhttp::status::payload_too_large);
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
        ec == bhttp::error::partial_message)
      return sendError(bhttp::status::bad_request);
    if (ec) return;  // timeout, reset: nothing to answer

    Request req = mParser->release();
    mParser.reset();
    if (req.method() == bhttp::verb::get && beast::websocket::is_upgrade(req) &&
        normalisePath(req.target()) == "ws") {
      return upgrade(std::move(req));
    }
    const std::optional<std::string> key = normalisePath(req.target());
    if (key && key->starts_with("api/")) {
      // The answer may come later (a password check runs on another thread); nothing is read
      // from this connection meanwhile.
      return mServer->respondApi(req, *key, mSlot.bucket(),
                                 [self = shared_from_this()](Response res) { self->write(std::move(res)); });
    }
    const bool getOrHead = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
    if (key == "readyz" && getOrHead && mServer->options.readiness) {
      return mServer->respondReadiness(req, [self = shared_from_this()](Response res) {
        self->write(std::move(res));
      });
    }
    write(mServer->respond(req));
  }

  void upgrade(Request req) {
    const auto origin = req.find(bhttp::field::origin);
    if (origin != req.end() && !originMatchesHost(origin->value(), req[bhttp::field::host])) {
      LOG_INFO("http", "websocket upgrade refused: origin does not match host");
      return sendError(bhttp::status::forbidden);
    }
    if (!mSlot.upgrade()) {
      mServer->countRefusal(Refusal::WebSocketsPerAddress);
      return sendError(bhttp::status::service_unavailable);
    }
    startWebSocketSession(std::move(mStream), std::move(req), std::move(mSlot),
                          mServer->options.webSocket, mServer->options.handlerFactory);
  }

  void sendError(bhttp::status status) {
    Response res{status, 11};
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::string(bhttp::obsolete_reason(status)) + "\n";
    res.keep_alive(false);
    res.prepare_payload();
    mServer->addSecurityHeaders(res);
    write(std::move(res));
  }

  void write(Response res) {
    mResponse = std::move(res);
    beast::get_lowest_layer(mStream).expires_after(mServer->options.idleTimeout);
    bhttp::async_write(mStream, mResponse,
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return;
                         if (self->mResponse.need_eof()) return self->shutdown();
                         self->readRequest();
                       });
  }

  // TLS close_notify, bounded in time; the socket closes when the session goes away.
  void shutdown() {
    beast::get_lowest_layer(mStream).expires_after(kShutdownTimeout);
    mStream.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

  std::shared_ptr<HttpServer::Impl> mServer;
  SslStream mStream;
  ConnectionSlot mSlot;
  beast::flat_buffer mBuffer;
  size_t mRequests = 0;  // requests begun on this connection
  std::optional<bhttp::request_parser<bhttp::string_body>> mParser;
  Response mResponse;
  asio::steady_timer mSniffDeadline;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
    if (ec) return self->onAcceptFailed(ec);
    self->admit(std::move(socket));
    self->accept();
  });
}

void HttpServer::Impl::onAcceptFailed(const beast::error_code& ec) {
  // Other failures (a peer that reset while queued) concern one connection: go on at once, so
  // that nobody can slow the accept loop down by provoking them.
  if (!outOfResources(ec)) return accept();
  ++acceptFailures;
  scheduleSummary();
  acceptPause.expires_after(kAcceptPause);
  acceptPause.async_wait([self = shared_from_this()](beast::error_code waited) {
    if (!waited && self->acceptor.is_open()) self->accept();
  });
}

void HttpServer::Impl::admit(tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return;  // gone already
  auto admitted = gate->admit(addressBucket(remote.address()));
  if (const Refusal* refusal = std::get_if<Refusal>(&admitted)) {
    countRefusal(*refusal);
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<HttpSession>(shared_from_this(), std::move(socket),
                                std::move(std::get<ConnectionSlot>(admitted)))
      ->run();
}

void HttpServer::Impl::countRefusal(Refusal refusal) {
  ++refusals[static_cast<size_t>(refusal)];
  ++refusalTotals[static_cast<size_t>(refusal)];
  scheduleSummary();
}

// One warning per interval with counts only: no addresses (P27), and a flood cannot flood the log.
void HttpServer::Impl::scheduleSummary() {
  if (summaryScheduled) return;
  summaryScheduled = true;
  summaryTimer.expires_after(kSummaryInterval);
  summaryTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
    self->summaryScheduled = false;
    if (ec) return;
    const ConnectionLimits& limits = self->gate->limits();
    LOG_WARN("http",
             "in the last %lld s: refused %zu connections over the total limit (%zu), %zu over the "
             "per-address limit (%zu), %zu WebSockets over the per-address limit (%zu); accept "
             "failed %zu times for want of file descriptors or memory",
             static_cast<long long>(kSummaryInterval.count()), self->refusals[0], limits.total,
             self->refusals[1], limits.perAddress, self->refusals[2], limits.webSocketsPerAddress,
             self->acceptFailures);
    self->refusals = {};
    self->acceptFailures = 0;
  });
}

void HttpServer::Impl::addSecurityHeaders(Response& res) const {
  res.set(bhttp::field::server, "vicos");
  res.set("Content-Security-Policy", csp);
  res.set("Strict-Transport-Security", "max-age=31536000");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Permissions-Policy",
          "camera=(self), microphone=(self), display-capture=(self), geolocation=(), "
          "interest-cohort=()");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  if (res.find(bhttp::field::cache_control) == res.end())
    res.set(bhttp::field::cache_control, "no-store");
}

Response HttpServer::Impl::respond(const Request& req) const {
  const bool head = req.method() == bhttp::verb::head;
  Response res{bhttp::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  auto plain = [&](bhttp::status status, std::string body) {
    res.result(status);
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::move(body);
  };

  const std::optional<std::string> key = normalisePath(req.target());
  if (req.method() != bhttp::verb::get && !head) {
    plain(bhttp::status::method_not_allowed, "method not allowed\n");
    res.set(bhttp::field::allow, "GET, HEAD");
  } else if (!key) {
    plain(bhttp::status::bad_request, "bad path\n");
  } else if (*key == "healthz") {
    plain(bhttp::status::ok, "ok");
  } else if (*key == "ws") {
    plain(bhttp::status::upgrade_required, "websocket only\n");
    res.set(bhttp::field::upgrade, "websocket");
  } else {
    std::optional<Asset> asset;
    if (!key->empty()) asset = assets.find(*key);
    if (!asset && (key->empty() || isRoomName(*key))) asset = assets.find("index.html");
    if (asset) {
      const bool html = asset->contentType.starts_with("text/html");
      res.set(bhttp::field::content_type, asset->contentType);
      res.set(bhttp::field::cache_control, html ? "no-cache" : "public, max-age=300");
      res.body() = std::move(asset->body);
    } else {
      plain(bhttp::status::not_found, "not found\n");
    }
  }

  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length stays that of the GET (RFC 9110 9.3.2)
  addSecurityHeaders(res);
  return res;
}

void HttpServer::Impl::respondApi(const Request& req, const std::string& path, const std::string& bucket,
                                  std::function<void(Response)> send) const {
  auto reply = [self = shared_from_this(), version = req.version(), keepAlive = req.keep_alive(),
                send = std::move(send)](ApiResponse api) {
    Response res{static_cast<bhttp::status>(api.status), version};
    res.keep_alive(keepAlive);
    res.set(bhttp::field::content_type, "application/json; charset=utf-8");
    for (const auto& cookie : api.setCookies) res.insert(bhttp::field::set_cookie, cookie);
    if (api.retryAfterSeconds) res.set(bhttp::field::retry_after, std::to_string(*api.retryAfterSeconds));
    if (!api.location.empty()) res.set(bhttp::field::location, api.location);
    res.body() = std::move(api.body);
    res.prepare_payload();
    self->addSecurityHeaders(res);
    send(std::move(res));
  };
  if (!options.apiHandler)
    return reply(ApiResponse{404, R"({"error":"not-found","message":"no such API"})", {}, {}});
  ApiRequest in;
  in.method = std::string(req.method_string());
  in.path = path;
  in.contentType = std::string(req[bhttp::field::content_type]);
  in.origin = std::string(req[bhttp::field::origin]);
  in.host = std::string(req[bhttp::field::host]);
  in.cookie = std::string(req[bhttp::field::cookie]);
  in.body = req.body();
  const std::string_view target = req.target();
  if (const size_t q = target.find('?'); q != std::string_view::npos)
    in.query = std::string(target.substr(q + 1, target.find('#', q) - q - 1));
  in.addressBucket = bucket;
  options.apiHandler(in, std::move(reply));
}

void HttpServer::Impl::respondReadiness(const Request& req, std::function<void(Response)> send) const {
  options.readiness([self = shared_from_this(), version = req.version(), keepAlive = req.keep_alive(),
                     head = req.method() == bhttp::verb::head,
                     send = std::move(send)](unsigned status, std::string body) {
    Response res{static_cast<bhttp::status>(status), version};
    res.keep_alive(keepAlive);
    res.set(bhttp::field::content_type, "application/json; charset=utf-8");
    res.body() = std::move(body);
    res.prepare_payload();
    if (head) res.body().clear();
    self->addSecurityHeaders(res);
    send(std::move(res));
  });
}

HttpServer::HttpServer(asio::io_context& io, asio::ssl::context& tls, Options options)
    : mImpl(std::make_shared<Impl>(io, tls, std::move(options))) {}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::start(std::string& error) {
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(mImpl->options.address, ec);
  if (ec) {
    error = "invalid listen address '" + mImpl->options.address + "'";
    return false;
  }
  const tcp::endpoint endpoint(address, mImpl->options.port);
  tcp::acceptor& acceptor = mImpl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on port " + std::to_string(mImpl->options.port) + ": " + ec.message();
    beast::error_code ignored;
    acceptor.close(ignored);
    return false;
  }
  mImpl->accept();
  return true;
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  if (!mImpl->acceptor.is_open()) return 0;
  const tcp::endpoint endpoint = mImpl->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpServer::stop() {
  beast::error_code ignored;
  mImpl->acceptor.close(ignored);
  mImpl->acceptPause.cancel();
  mImpl->summaryTimer.cancel();
}

// The stream made from the old context holds its own reference to the SSL_CTX (SSL_new), so the
// old context object may go while connections made from it live on.
void HttpServer::setTlsContext(std::shared_ptr<asio::ssl::context> tls) {
  mImpl->tls = tls.get();
  mImpl->ownedTls = std::move(tls);
}

size_t HttpServer::connectionCount() const { return mImpl->gate->total(); }

size_t HttpServer::addressCount() const { return mImpl->gate->bucketCount(); }

std::array<uint64_t, 3> HttpServer::refusalCounts() const { return mImpl->refusalTotals; }

}  // namespace vicos::http
