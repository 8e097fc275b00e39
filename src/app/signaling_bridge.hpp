// Connects a WebSocket (http/) to a signaling session (room/): one bridge per socket.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "http/socket_handler.hpp"
#include "room/signaling_session.hpp"

namespace vicos::app {

// Who is logged in, from the upgrade request's Cookie header.
using OrganizerLookup = std::function<std::optional<room::Organizer>(std::string_view cookie)>;

// Makes the handler factory that HttpServer calls for each new WebSocket.
http::SocketHandlerFactory makeSignalingFactory(room::RoomManager& rooms, OrganizerLookup lookup = {});

}  // namespace vicos::app
