// Breakout-room messages (docs/protocol.md "Breakout rooms"): the client commands, parsed into one
// struct, and the server's `breakouts` and `breakout-broadcast`; who may send what is the room's rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

// At most this many breakout rooms per meeting, each named like a participant (1-64 code points).
inline constexpr size_t kMaxBreakoutRooms = 20;
// A close gives everyone up to this long to finish before they are back in the main room.
inline constexpr int64_t kMaxBreakoutCountdownSeconds = 300;
// `breakout-assign` names at most this many participants (twice the default room cap, as for organizers).
inline constexpr size_t kMaxBreakoutAssignments = 100;

enum class BreakoutAction {
  Create,     // {rooms: [name…], choose?}: the rooms, replacing any there were (only while closed)
  Assign,     // {assign: {participantId: index | null}}: where each named participant goes
  Open,       // {}: everyone assigned goes to their room
  Close,      // {countdown?}: everyone back to the main room, after `countdown` seconds
  Broadcast,  // {e2ee}: a message to every room, encrypted by the sender (docs/e2ee.md)
  Move,       // {room: index | null}: the sender moves (moderators visit; others if they may choose)
};

// Where a participant is or goes: a breakout room's index, or nothing for the main room.
using BreakoutPlace = std::optional<size_t>;

struct BreakoutMessage {
  BreakoutAction action = BreakoutAction::Open;
  std::vector<std::string> rooms;                             // Create: trimmed names
  bool choose = false;                                        // Create: participants may choose
  std::vector<std::pair<std::string, BreakoutPlace>> assign;  // Assign, in message order
  int64_t countdownSeconds = 0;                               // Close
  std::string e2ee;                                           // Broadcast: base64url ciphertext
  BreakoutPlace room;                                         // Move
};

// The action of a breakout `type`, e.g. "breakout-open"; nothing for other types.
std::optional<BreakoutAction> breakoutActionOf(std::string_view type);
std::string_view breakoutTypeName(BreakoutAction action);
std::vector<std::string_view> breakoutTypeNames();

// Field parser for parseClientMessage: shapes and bounds only (an index is checked against the
// rooms there are by the room). `j` is the message object of type `action`.
std::variant<BreakoutMessage, SignalingError> parseBreakout(BreakoutAction action, const nlohmann::json& j);

// The state every participant is sent on each change (docs/protocol.md "breakouts").
struct BreakoutRoomInfo {
  std::string name;
  std::vector<std::string> members;  // participant ids, in id order
};
struct BreakoutsInfo {
  std::vector<BreakoutRoomInfo> rooms;
  bool open = false;
  bool choose = false;
  std::optional<int64_t> closesInSeconds;  // while a close counts down
};
std::string breakoutsMessage(const BreakoutsInfo& info);
// A moderator's message to every room, relayed with `from` and kept nowhere (P26).
std::string breakoutBroadcastMessage(std::string_view from, std::string_view e2ee);

}  // namespace vicos::signaling
