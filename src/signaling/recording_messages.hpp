// Recording messages (docs/protocol.md "Recording with consent", P25): a moderator's browser
// records what it shows; the server only relays start, stop and each participant's consent and
// enforces who may start and stop. Parsed here, built for the room's replies.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

enum class RecordingAction {
  Start,    // {}: a moderator's browser is about to record; everyone is asked
  Stop,     // {}: a moderator ends the recording
  Consent,  // {consent}: whether this participant may be in the recording
};

struct RecordingMessage {
  RecordingAction action = RecordingAction::Start;
  bool consent = false;  // Consent
};

std::optional<RecordingAction> recordingActionOf(std::string_view type);
std::string_view recordingTypeName(RecordingAction action);
std::vector<std::string_view> recordingTypeNames();

// Field parser for parseClientMessage; a missing or non-boolean `consent` is bad-message.
std::variant<RecordingMessage, SignalingError> parseRecording(RecordingAction action,
                                                              const nlohmann::json& j);

// Server to client. `recording`: whether a recording runs and, while it does, whose browser
// makes it (`by`), and whether moderators may record at all (`allowed`, rooms.recording); to
// everyone when it starts or stops, and after `joined` and `resumed`.
std::string recordingMessage(bool active, std::string_view by, bool allowed);
// `recording-consent`: a participant's answer, to the recording moderator and to the participant.
std::string recordingConsentMessage(std::string_view from, bool consent);

}  // namespace vicos::signaling
