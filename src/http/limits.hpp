// The limits on connections and signaling WebSockets (docs/security.md "Connections, logins and
// sessions", docs/protocol.md "Transport"), free of Beast so that the configuration can name
// their defaults.
#pragma once

#include <chrono>
#include <cstddef>

namespace vicos::http {

// How many connections may be open, in total and per address bucket (an IPv4 address or an
// IPv6 /64, http/address_bucket.hpp).
struct ConnectionLimits {
  // All connections; `vicos serve` derives it from the open-file limit (app/connection_budget).
  size_t total = 1000;
  // HTTPS connections that are not WebSockets (page loads, API calls) per bucket. A browser
  // loading the client opens up to 6 at once and keeps them 30 s, so 256 lets a school class
  // of 30 behind one NAT address open the meeting link at the same moment.
  size_t perAddress = 256;
  // Signaling WebSockets per bucket: one per participant, so 100 lets three classes of 30
  // behind one NAT address take part at once.
  size_t webSocketsPerAddress = 100;
};

// Per-socket limits of the signaling WebSocket (docs/protocol.md, Transport).
struct WebSocketLimits {
  size_t maxMessageBytes = 262144;  // larger: close 1009
  // Before the socket joined (or waits in) a room: `join` and `resume` are under 2 KiB, so
  // a socket that has not shown who it is cannot make the server buffer 256 KiB.
  size_t maxUnjoinedMessageBytes = 8192;
  // A socket that has neither joined nor waits in a room this long after the upgrade: 1008.
  // The client sends `join` at once, so this only ends sockets opened to be left idle.
  std::chrono::milliseconds joinTimeout{10000};
  size_t maxMessagesPerWindow = 500;  // more within rateWindow: close 1008
  std::chrono::milliseconds rateWindow{10000};
  std::chrono::milliseconds pingInterval{20000};
  std::chrono::milliseconds pongTimeout{60000};  // nothing heard for this long: closed
  size_t maxQueuedBytes = 1u << 20;              // a reader this far behind is dropped
  std::chrono::milliseconds handshakeTimeout{10000};
};

}  // namespace vicos::http
