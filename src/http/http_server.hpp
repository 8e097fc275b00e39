// The HTTPS server: static client files, room links, health checks and the signaling
// WebSocket at /ws, all on one TLS port and one io_context (the control thread).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/api.hpp"
#include "http/limits.hpp"
#include "http/socket_handler.hpp"
#include "http/websocket_session.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace vicos::http {

// Answers a probe: HTTP status and JSON body, now or later (the checks may wait for other threads).
using ProbeResponder = std::function<void(unsigned status, std::string body)>;
using ProbeHandler = std::function<void(ProbeResponder)>;
// Takes an ICE-TCP connection (RFC 6544) that reached the HTTPS port: its socket, now the
// handler's to close, and its first RFC 4571 frame, a STUN binding request.
using IceTcpHandler = std::function<void(int fd, std::vector<uint8_t> firstFrame)>;
// Takes a TURN connection over plain TCP (RFC 8656 3.1): its socket, with the client's first
// bytes (an Allocate request) still unread.
using TurnTcpHandler = std::function<void(int fd)>;
// Takes a TURN connection over TLS: the stream after the handshake and the decrypted bytes read
// so far, which began with a STUN message rather than an HTTP request.
using TurnTlsHandler = std::function<void(SslStream stream, std::vector<uint8_t> first)>;

class HttpServer {
 public:
  struct Options {
    std::string address = "::";  // IPv4 or IPv6 literal
    uint16_t port = 8443;        // 0 picks a free port (tests)
    std::string frameAncestors = "'none'";  // CSP frame-ancestors sources
    ConnectionLimits connections;           // beyond these, new connections are closed at once
    std::optional<std::filesystem::path> webRoot;  // else the embedded client
    SocketHandlerFactory handlerFactory;           // one handler per WebSocket
    ApiHandler apiHandler;                         // requests under /api/; 404 without it
    ProbeHandler readiness;                        // GET /readyz; 404 without it
    // Media on this port too: each connection's first bytes tell TLS from ICE-TCP
    // (net/stream_start.hpp), within tlsHandshakeTimeout. Without it every connection is TLS.
    IceTcpHandler iceTcp;
    // TURN on this port too (docs/architecture.md "TURN"): a plain TCP connection that opens
    // with an Allocate, and a TLS connection whose first decrypted byte is below 0x40 (a STUN
    // message; an HTTP request begins with a letter), so that TURN over TLS passes proxies
    // that allow CONNECT to this port. Without them such connections are refused as before.
    TurnTcpHandler turnTcp;
    TurnTlsHandler turnTls;
    std::chrono::milliseconds tlsHandshakeTimeout{10000};
    // Waiting for a request's first byte (also right after the handshake: browsers open
    // connections ahead of need), and writing a response.
    std::chrono::milliseconds idleTimeout{30000};
    // From a request's first byte to its last: a client that trickles its headers (slowloris)
    // holds the connection no longer than this.
    std::chrono::milliseconds requestTimeout{10000};
    WebSocketLimits webSocket;
  };

  // `tls` must outlive the server or its replacement by setTlsContext(); handlers run on `io`'s
  // thread.
  HttpServer(boost::asio::io_context& io, boost::asio::ssl::context& tls, Options options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts accepting. False with `error` set when the address is invalid
  // or cannot be bound.
  bool start(std::string& error);
  // The bound port (useful with port 0); 0 before start().
  [[nodiscard]] uint16_t port() const;
  // Stops accepting; open connections end on their own timeouts.
  void stop();
  // Control thread: connections accepted from now on use `tls` (a renewed certificate); open
  // ones keep the context they began with (http/certificate_reloader.hpp).
  void setTlsContext(std::shared_ptr<boost::asio::ssl::context> tls);
  // Open HTTP and WebSocket connections.
  [[nodiscard]] size_t connectionCount() const;
  // Address buckets held in memory for the per-address limits: those with an open connection.
  [[nodiscard]] size_t addressCount() const;
  // Connections refused since start, by limit: total, per address, WebSockets per address.
  [[nodiscard]] std::array<uint64_t, 3> refusalCounts() const;

  // Opaque; named here only so that the sessions in http_server.cpp can share it.
  struct Impl;

 private:
  std::shared_ptr<Impl> mImpl;
};

}  // namespace vicos::http
