// Server messages of admission and moderation (docs/protocol.md "waiting"): built as JSON text.
#pragma once

#include <string>
#include <string_view>

namespace vicos::signaling {

// `reason` is "organizer" (waiting for a logged-in organizer to start the meeting).
std::string waitingMessage(std::string_view participantId, std::string_view reason);

}  // namespace vicos::signaling
