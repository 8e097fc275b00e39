// HTTPS sessions (Beast over OpenSSL): TLS handshake, bounded request parsing, routing to
// static files, room links, /healthz and the /ws upgrade, with security headers everywhere.
#include "http/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/log.hpp"
#include "http/asset_store.hpp"
#include "http/request_rules.hpp"
#include "http/websocket_session.hpp"

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

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, asio::ssl::context& context, Options opts)
      : tls(context),
        options(std::move(opts)),
        assets(options.webRoot ? AssetStore(*options.webRoot) : AssetStore()),
        acceptor(io),
        csp("default-src 'self'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
            "frame-ancestors " +
            options.frameAncestors + "; base-uri 'none'; form-action 'self'") {}

  void accept();
  void addSecurityHeaders(Response& res) const;
  Response respond(const Request& req) const;
  Response respondApi(const Request& req, const std::string& path, std::string remoteAddress) const;

  asio::ssl::context& tls;
  Options options;
  AssetStore assets;
  tcp::acceptor acceptor;
  std::string csp;
  std::shared_ptr<size_t> connections = std::make_shared<size_t>(0);
};

namespace {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(std::shared_ptr<HttpServer::Impl> server, tcp::socket socket)
      : mServer(std::move(server)),
        mStream(std::move(socket), mServer->tls),
        mSlot(mServer->connections) {}

  void run() {
    beast::get_lowest_layer(mStream).expires_after(mServer->options.tlsHandshakeTimeout);
    mStream.async_handshake(asio::ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (!ec) self->readRequest();
                            });
  }

 private:
  void readRequest() {
    mParser.emplace();
    mParser->header_limit(kHeaderLimit);
    mParser->body_limit(kBodyLimit);
    beast::get_lowest_layer(mStream).expires_after(mServer->options.idleTimeout);
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
    if (key && key->starts_with("api/")) return write(mServer->respondApi(req, *key, remoteAddress()));
    write(mServer->respond(req));
  }

  // Only for the login throttle (P27: never logged).
  std::string remoteAddress() {
    beast::error_code ec;
    const auto endpoint = beast::get_lowest_layer(mStream).socket().remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
  }

  void upgrade(Request req) {
    const auto origin = req.find(bhttp::field::origin);
    if (origin != req.end() && !originMatchesHost(origin->value(), req[bhttp::field::host])) {
      LOG_INFO("http", "websocket upgrade refused: origin does not match host");
      return sendError(bhttp::status::forbidden);
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
  std::optional<bhttp::request_parser<bhttp::string_body>> mParser;
  Response mResponse;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
    if (!ec) {
      if (*self->connections >= self->options.maxConnections) {
        LOG_WARN("http", "connection limit %zu reached, refusing", self->options.maxConnections);
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<HttpSession>(self, std::move(socket))->run();
      }
    }
    self->accept();
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

Response HttpServer::Impl::respondApi(const Request& req, const std::string& path,
                                     std::string remoteAddress) const {
  Response res{bhttp::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  ApiResponse api{404, R"({"error":"not-found","message":"no such API"})", {}, {}};
  if (options.apiHandler) {
    ApiRequest in;
    in.method = std::string(req.method_string());
    in.path = path;
    in.contentType = std::string(req[bhttp::field::content_type]);
    in.origin = std::string(req[bhttp::field::origin]);
    in.host = std::string(req[bhttp::field::host]);
    in.cookie = std::string(req[bhttp::field::cookie]);
    in.body = req.body();
    in.remoteAddress = std::move(remoteAddress);
    api = options.apiHandler(in);
  }
  res.result(static_cast<bhttp::status>(api.status));
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  for (const auto& cookie : api.setCookies) res.insert(bhttp::field::set_cookie, cookie);
  if (api.retryAfterSeconds) res.set(bhttp::field::retry_after, std::to_string(*api.retryAfterSeconds));
  res.body() = std::move(api.body);
  res.prepare_payload();
  addSecurityHeaders(res);
  return res;
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
}

size_t HttpServer::connectionCount() const { return *mImpl->connections; }

}  // namespace vicos::http
