// Client-to-server signaling messages (docs/protocol.md "Client → server") and their parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "signaling/breakout_messages.hpp"
#include "signaling/e2ee_messages.hpp"
#include "signaling/error.hpp"
#include "signaling/lobby_messages.hpp"
#include "signaling/moderation_commands.hpp"
#include "signaling/poll_messages.hpp"
#include "signaling/reactions.hpp"
#include "signaling/recording_messages.hpp"
#include "signaling/view_message.hpp"

namespace vicos::signaling {

inline constexpr size_t kMaxMessageBytes = 262144;
inline constexpr size_t kMaxAnswerSdpBytes = 196608;
inline constexpr int kProtocolVersion = 1;
// Deeper JSON is not a message of ours; refusing it bounds the parser's work and stack.
inline constexpr size_t kMaxJsonDepth = 16;

struct JoinMessage {
  int version = kProtocolVersion;
  std::string room;
  std::string name;  // already trimmed; the ciphertext when `e2ee`
  // The name came as `e2eeName`: encrypted under the meeting link (docs/e2ee.md), opaque here.
  bool e2ee = false;
  // The meeting PIN, when the newcomer knows it (docs/protocol.md "Lobby, lock and PIN").
  std::optional<std::string> pin;
  // This browser cannot encrypt media (no encoded transforms): a moderator must decide whether
  // it may take part with media in clear (docs/e2ee.md "Participants who cannot encrypt media").
  bool plainMedia = false;
};

struct AnswerMessage {
  uint64_t offerId = 0;
  std::string sdp;
};

struct MediaMessage {
  bool audio = false;
  bool video = false;
  bool screen = false;  // optional on the wire (absent: false)
};

struct KeyframeMessage {
  std::string participant;
};

struct LeaveMessage {};

// A chat message to everyone, or a private one when `to` names a participant (P26: relayed,
// never stored or logged).
struct ChatMessage {
  std::string text;  // the ciphertext when `e2ee`
  std::string to;    // empty: to everyone
  bool e2ee = false; // came as `chat.e2ee` (docs/e2ee.md "Names and chat"), relayed as such
};

struct HandMessage {
  bool raised = false;
};

// docs/protocol.md "Reconnecting": take over one's participation on a new socket.
inline constexpr size_t kMaxResumeTokenLength = 64;
struct ResumeMessage {
  std::string room;
  std::string token;  // a secret: never logged (P27)
};

// docs/protocol.md "Reconnecting": a fresh media peer over the open socket.
struct RestartMediaMessage {};

using ClientMessage = std::variant<JoinMessage, AnswerMessage, MediaMessage, KeyframeMessage,
                                   LeaveMessage, ChatMessage, HandMessage, E2eeAnnounceMessage,
                                   E2eeKeyMessage, E2eePlainMediaMessage, ModerationMessage,
                                   LobbyMessage, ResumeMessage, RestartMediaMessage,
                                   ReactionMessage, PollMessage, RecordingMessage,
                                   BreakoutMessage, ViewMessage>;
using ParseResult = std::variant<ClientMessage, SignalingError>;

// The `type` name of a parsed message, e.g. "join".
std::string_view messageTypeName(const ClientMessage& message);

// Every `type` a client may send, and only those: the parser refuses any other as
// `unknown-type` before it looks further, so this list is complete by construction. The
// privacy report's catalogue must describe each (src/privacy/facts_test.cpp, P33).
const std::vector<std::string_view>& clientMessageTypes();

// Checks, in this order: size, UTF-8 and JSON syntax, an object with a string `type`, a
// known type, field types, field rules. Never throws. State rules (wrong-state,
// stale-answer) are the room's to apply.
ParseResult parseClientMessage(std::string_view text);

}  // namespace vicos::signaling
