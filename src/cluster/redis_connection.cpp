// The socket under RedisConnection: a blocking TCP socket with send and receive time-outs, TLS
// through OpenSSL when the URL says rediss://, and hiredis's reader as the RESP parser.
#include "cluster/redis_connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vicos::cluster {

struct RedisConnection::Impl {
  int fd = -1;
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  redisReader* reader = nullptr;

  ~Impl() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
    if (fd >= 0) ::close(fd);
    if (reader) redisReaderFree(reader);
  }

  bool writeAll(const char* data, size_t size) {
    while (size > 0) {
      ssize_t n = 0;
      if (ssl) {
        const int w = SSL_write(ssl, data, static_cast<int>(size));
        if (w <= 0) return false;
        n = w;
      } else {
        n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  ssize_t readSome(char* buffer, size_t size) {
    if (ssl) {
      const int r = SSL_read(ssl, buffer, static_cast<int>(size));
      return r > 0 ? r : -1;
    }
    for (;;) {
      const ssize_t n = ::recv(fd, buffer, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n > 0 ? n : -1;
    }
  }
};

namespace {

RedisReply copyReply(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STATUS: out.type = RedisReply::Type::Status; break;
    case REDIS_REPLY_ERROR: out.type = RedisReply::Type::Error; break;
    case REDIS_REPLY_INTEGER: out.type = RedisReply::Type::Integer; break;
    case REDIS_REPLY_STRING: out.type = RedisReply::Type::String; break;
    case REDIS_REPLY_ARRAY: out.type = RedisReply::Type::Array; break;
    default: out.type = RedisReply::Type::Nil; break;
  }
  out.integer = r->integer;
  if (r->str) out.text.assign(r->str, r->len);
  for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(copyReply(r->element[i]));
  return out;
}

// Connects with a time-out: non-blocking connect, poll, then back to blocking with SO_RCVTIMEO.
int connectTcp(const RedisUrl& url, std::chrono::milliseconds timeout, std::string& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_family = AF_UNSPEC;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    error = "the Redis host name in cluster.redis_url does not resolve";
    return -1;
  }
  error = "Redis refused the connection or did not answer in time";
  int fd = -1;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int soError = 0;
      socklen_t len = sizeof soError;
      if (::poll(&p, 1, static_cast<int>(timeout.count())) == 1 &&
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) == 0 && soError == 0)
        rc = 0;
    }
    if (rc == 0) break;
    ::close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// TLS 1.2+ with the server's certificate checked against the CA file (or the system's store)
// and against the host name or IP address of the URL (P1, P2: the link between nodes and Redis
// carries room placement and throttling keys).
bool startTls(RedisConnection::Impl& c, const RedisUrl& url, std::string& error) {
  c.ctx = SSL_CTX_new(TLS_client_method());
  if (!c.ctx) return error = "TLS set-up failed", false;
  SSL_CTX_set_min_proto_version(c.ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(c.ctx, SSL_VERIFY_PEER, nullptr);
  const bool loaded = url.caFile.empty()
                          ? SSL_CTX_set_default_verify_paths(c.ctx) == 1
                          : SSL_CTX_load_verify_locations(c.ctx, url.caFile.c_str(), nullptr) == 1;
  if (!loaded) return error = "cannot load the CA certificates for cluster.redis_url (cacert=)", false;
  c.ssl = SSL_new(c.ctx);
  if (!c.ssl) return error = "TLS set-up failed", false;
  SSL_set_fd(c.ssl, c.fd);
  X509_VERIFY_PARAM* param = SSL_get0_param(c.ssl);
  in6_addr ip6{};
  in_addr ip4{};
  const bool isIp =
      inet_pton(AF_INET, url.host.c_str(), &ip4) == 1 || inet_pton(AF_INET6, url.host.c_str(), &ip6) == 1;
  if (isIp) {
    X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), 0);
    SSL_set_tlsext_host_name(c.ssl, url.host.c_str());
  }
  if (SSL_connect(c.ssl) != 1) {
    const long verify = SSL_get_verify_result(c.ssl);
    error = verify != X509_V_OK ? std::string("Redis's TLS certificate is not trusted: ") +
                                      X509_verify_cert_error_string(verify)
                                : "the TLS handshake with Redis failed";
    ERR_clear_error();
    return false;
  }
  return true;
}

}  // namespace

RedisConnection::RedisConnection(std::unique_ptr<Impl> impl) : mImpl(std::move(impl)) {}
RedisConnection::~RedisConnection() = default;

std::variant<std::unique_ptr<RedisConnection>, std::string> RedisConnection::open(
    const RedisCredentials& credentials) {
  using Out = std::variant<std::unique_ptr<RedisConnection>, std::string>;
  auto impl = std::make_unique<Impl>();
  std::string error;
  impl->fd = connectTcp(credentials.url, credentials.timeout, error);
  if (impl->fd < 0) return Out(std::in_place_index<1>, error);
  if (credentials.url.tls && !startTls(*impl, credentials.url, error))
    return Out(std::in_place_index<1>, error);
  impl->reader = redisReaderCreate();
  if (!impl->reader) return Out(std::in_place_index<1>, std::string("out of memory"));
  std::unique_ptr<RedisConnection> connection(new RedisConnection(std::move(impl)));
  auto expectOk = [&](const std::vector<std::string>& argv, const char* what) -> std::optional<std::string> {
    auto reply = connection->command(argv);
    if (auto* failure = std::get_if<std::string>(&reply)) return *failure;
    const auto& r = std::get<RedisReply>(reply);
    // Redis's own wording ("WRONGPASS ...", "NOAUTH ...") holds no secret and helps the operator.
    if (r.isError()) return std::string(what) + " refused: " + r.text;
    return std::nullopt;
  };
  if (credentials.password) {
    std::vector<std::string> auth{"AUTH"};
    if (!credentials.url.user.empty()) auth.push_back(credentials.url.user);
    auth.push_back(*credentials.password);
    if (auto e = expectOk(auth, "Redis AUTH")) return Out(std::in_place_index<1>, *e);
  }
  if (auto e = expectOk({"PING"}, "Redis PING")) return Out(std::in_place_index<1>, *e);
  if (credentials.url.database != 0)
    if (auto e = expectOk({"SELECT", std::to_string(credentials.url.database)}, "Redis SELECT"))
      return Out(std::in_place_index<1>, *e);
  return Out(std::in_place_index<0>, std::move(connection));
}

std::variant<RedisReply, std::string> RedisConnection::command(const std::vector<std::string>& argv) {
  using Out = std::variant<RedisReply, std::string>;
  if (mBroken) return Out(std::in_place_index<1>, std::string("the Redis connection is broken"));
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* formatted = nullptr;
  const int length =
      redisFormatCommandArgv(&formatted, static_cast<int>(args.size()), args.data(), lengths.data());
  if (length < 0) return Out(std::in_place_index<1>, std::string("out of memory"));
  const bool sent = mImpl->writeAll(formatted, static_cast<size_t>(length));
  redisFreeCommand(formatted);
  if (!sent) {
    mBroken = true;
    return Out(std::in_place_index<1>, std::string("lost the connection to Redis while sending"));
  }
  char buffer[16384];
  for (;;) {
    void* parsed = nullptr;
    if (redisReaderGetReply(mImpl->reader, &parsed) != REDIS_OK) {
      mBroken = true;
      return Out(std::in_place_index<1>, std::string("Redis sent a malformed reply"));
    }
    if (parsed) {
      RedisReply reply = copyReply(static_cast<redisReply*>(parsed));
      freeReplyObject(parsed);
      return reply;
    }
    const ssize_t n = mImpl->readSome(buffer, sizeof buffer);
    if (n <= 0 || redisReaderFeed(mImpl->reader, buffer, static_cast<size_t>(n)) != REDIS_OK) {
      mBroken = true;
      return Out(std::in_place_index<1>,
                 std::string("lost the connection to Redis or it did not answer in time"));
    }
  }
}

}  // namespace vicos::cluster
