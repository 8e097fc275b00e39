// Metrics listener: accept, read one request (bounded in size and time), answer, close.
#include "http/metrics_listener.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <optional>
#include <string_view>

namespace vicos::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kHeaderLimit = 4 * 1024;
constexpr auto kTimeout = std::chrono::seconds(10);

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest digestOf(std::string_view text) {
  Digest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

// The credentials of "Authorization: Bearer <token>"; the scheme is case-insensitive
// (RFC 7235 section 2.1, RFC 6750 section 2.1).
std::string_view bearerCredentials(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  return header.substr(kScheme.size());
}

}  // namespace

struct MetricsListener::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, std::string addr, uint16_t p, Collect c, const std::string& token)
      : acceptor(io), address(std::move(addr)), port(p), collect(std::move(c)) {
    if (!token.empty()) tokenDigest = digestOf(token);
  }
  void accept();

  // Digests of equal length, compared in constant time: neither the token's content nor its
  // length shows in the answer's timing.
  [[nodiscard]] bool authorized(std::string_view authorization) const {
    if (!tokenDigest) return true;
    const std::string_view credentials = bearerCredentials(authorization);
    if (credentials.empty()) return false;
    const Digest presented = digestOf(credentials);
    return CRYPTO_memcmp(presented.data(), tokenDigest->data(), presented.size()) == 0;
  }

  tcp::acceptor acceptor;
  std::string address;
  uint16_t port;
  Collect collect;
  std::optional<Digest> tokenDigest;
  size_t open = 0;
};

namespace {

class MetricsSession : public std::enable_shared_from_this<MetricsSession> {
 public:
  MetricsSession(std::shared_ptr<MetricsListener::Impl> listener, tcp::socket socket)
      : mListener(std::move(listener)), mStream(std::move(socket)) {
    ++mListener->open;
  }
  ~MetricsSession() { --mListener->open; }

  void run() {
    mParser.header_limit(kHeaderLimit);
    mParser.body_limit(0);
    mStream.expires_after(kTimeout);
    bhttp::async_read(mStream, mBuffer, mParser, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;  // timeout, reset, oversized: nothing to answer
      self->route();
    });
  }

 private:
  void route() {
    const auto& req = mParser.get();
    if (!mListener->authorized(req[bhttp::field::authorization])) {
      mResponse.set(bhttp::field::www_authenticate, R"(Bearer realm="vicos metrics")");
      return write(bhttp::status::unauthorized, "text/plain; charset=utf-8", "unauthorized\n");
    }
    if (req.method() != bhttp::verb::get || req.target() != "/metrics")
      return write(bhttp::status::not_found, "text/plain; charset=utf-8", "not found\n");
    mListener->collect([self = shared_from_this()](std::string text) {
      // Prometheus text format 0.0.4.
      self->write(bhttp::status::ok, "text/plain; version=0.0.4; charset=utf-8", std::move(text));
    });
  }

  void write(bhttp::status status, const char* type, std::string body) {
    mResponse.result(status);
    mResponse.version(11);
    mResponse.set(bhttp::field::content_type, type);
    mResponse.set(bhttp::field::cache_control, "no-store");
    mResponse.keep_alive(false);
    mResponse.body() = std::move(body);
    mResponse.prepare_payload();
    bhttp::async_write(mStream, mResponse, [self = shared_from_this()](beast::error_code, size_t) {
      beast::error_code ignored;
      self->mStream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

  std::shared_ptr<MetricsListener::Impl> mListener;
  beast::tcp_stream mStream;
  beast::flat_buffer mBuffer;
  bhttp::request_parser<bhttp::empty_body> mParser;
  bhttp::response<bhttp::string_body> mResponse;
};

}  // namespace

void MetricsListener::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
    if (!ec && self->open < kMaxMetricsConnections)
      std::make_shared<MetricsSession>(self, std::move(socket))->run();
    self->accept();  // a refused socket closes as it goes out of scope
  });
}

MetricsListener::MetricsListener(asio::io_context& io, std::string address, uint16_t port, Collect collect,
                                 const std::string& bearerToken)
    : mImpl(std::make_shared<Impl>(io, std::move(address), port, std::move(collect), bearerToken)) {}

MetricsListener::~MetricsListener() { stop(); }

bool MetricsListener::start(std::string& error) {
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(mImpl->address, ec);
  if (ec) {
    error = "invalid metrics listen address '" + mImpl->address + "'";
    return false;
  }
  const tcp::endpoint endpoint(address, mImpl->port);
  tcp::acceptor& acceptor = mImpl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen for metrics on port " + std::to_string(mImpl->port) + ": " + ec.message();
    beast::error_code ignored;
    acceptor.close(ignored);
    return false;
  }
  mImpl->accept();
  return true;
}

void MetricsListener::stop() {
  beast::error_code ignored;
  mImpl->acceptor.close(ignored);
}

uint16_t MetricsListener::port() const {
  beast::error_code ec;
  if (!mImpl->acceptor.is_open()) return 0;
  const tcp::endpoint endpoint = mImpl->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace vicos::http
