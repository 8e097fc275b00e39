// Internal to http/: hands an upgraded HTTPS connection to a WebSocket session. Includes Beast,
// so only http_server.cpp and websocket_session.cpp include it.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>

#include "http/connection_gate.hpp"
#include "http/limits.hpp"
#include "http/socket_handler.hpp"

namespace vicos::http {

using SslStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using Request = boost::beast::http::request<boost::beast::http::string_body>;

// Accepts the upgrade `request` on `stream` and runs the session until the socket closes.
// The handler is created by `factory` once the handshake succeeded.
void startWebSocketSession(SslStream stream, Request request, ConnectionSlot slot,
                           const WebSocketLimits& limits, const SocketHandlerFactory& factory);

}  // namespace vicos::http
