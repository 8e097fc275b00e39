// Server messages of admission and moderation (docs/protocol.md "waiting"): built as JSON text.
#pragma once

#include <string>
#include <string_view>

namespace vicos::signaling {

// `reason` is "organizer" (waiting for a logged-in organizer to start the meeting).
std::string waitingMessage(std::string_view participantId, std::string_view reason);

// To a removed participant, before their socket closes; `by` is the moderator's id.
std::string removedMessage(std::string_view by);
// To everyone when a moderator ends the meeting, before the sockets close.
std::string meetingEndedMessage(std::string_view by);
// The room's settings, to everyone when they change and to a newcomer after `joined`.
// Each is "everyone" or "moderators".
std::string roomSettingsMessage(std::string_view whoMayShare, std::string_view whoMayUnmute,
                                std::string_view whoMayChat, std::string_view whoMayPoll);

}  // namespace vicos::signaling
