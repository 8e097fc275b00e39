// Moderator commands from client to server (docs/protocol.md "Moderation", P19): one message
// type per action, parsed into one struct; who may send them is the room's rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "signaling/error.hpp"

namespace vicos::signaling {

enum class ModerationAction {
  Mute,          // {participant}: their microphone stops being forwarded
  MuteAll,       // {}: everyone but the sender
  AllowUnmute,   // {participant}: lifts a mute so that they may switch the microphone on again
  StopCamera,    // {participant}: their camera stops being forwarded until they switch it on again
  Remove,        // {participant}: leaves and may not come back into this meeting
  SetRole,       // {participant, role}: grant or take moderator rights
  EndMeeting,    // {}: everyone leaves, the room is gone
  RoomSettings,  // {whoMayShare?, whoMayUnmute?, whoMayChat?, whoMayPoll?}
  LowerHand,     // {participant}: lowers their raised hand
  LowerHands,    // {}: lowers every raised hand
};

// Who may do something that a room setting governs.
enum class Audience { Everyone, Moderators };

struct ModerationMessage {
  ModerationAction action = ModerationAction::Mute;
  std::string participant;      // the target, for actions that have one
  bool makeModerator = false;   // SetRole: "moderator" (true) or "participant" (false)
  std::optional<Audience> whoMayShare;   // RoomSettings
  std::optional<Audience> whoMayUnmute;  // RoomSettings
  std::optional<Audience> whoMayChat;    // RoomSettings
  std::optional<Audience> whoMayPoll;    // RoomSettings: who may ask a poll (docs/protocol.md "Polls")
};

// The action of a moderation `type`, e.g. "mute-all"; nothing for other types.
std::optional<ModerationAction> moderationActionOf(std::string_view type);
std::string_view moderationTypeName(ModerationAction action);
// Every moderation `type`, in the order of ModerationAction.
std::vector<std::string_view> moderationTypeNames();
std::string_view audienceName(Audience audience);

// Field parser for parseClientMessage; `j` is the message object of type `action`.
std::variant<ModerationMessage, SignalingError> parseModeration(ModerationAction action, const nlohmann::json& j);

}  // namespace vicos::signaling
