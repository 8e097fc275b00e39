// Who is behind a signaling connection: a logged-in organizer (P7), or nobody (a guest, P10).
#pragma once

#include <string>

namespace vicos::room {

// A logged-in organizer, from the session cookie sent with the WebSocket upgrade.
struct Organizer {
  std::string login;
  std::string name;  // the account's display name
};

}  // namespace vicos::room
