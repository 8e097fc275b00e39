// Connects a WebSocket (http/) to a signaling session (room/): one bridge per socket.
#pragma once

#include <memory>

#include "http/socket_handler.hpp"
#include "room/signaling_session.hpp"

namespace vicos::app {

// Makes the handler factory that HttpServer calls for each new WebSocket.
http::SocketHandlerFactory makeSignalingFactory(room::RoomManager& rooms);

}  // namespace vicos::app
