// Builders of server-to-client signaling messages (docs/protocol.md "Server → client").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

struct ParticipantInfo {
  std::string id;
  std::string name;
  bool audio = false;
  bool video = false;
  std::optional<unsigned> hand;  // 1 for the first hand up; null while the hand is down
  bool screen = false;           // sharing the screen (P34)
  bool e2ee = false;             // `name` is the encrypted name from `join.e2eeName`
  std::string role{};            // "moderator", "participant" or "guest"; not written when empty
  // Moderation (docs/protocol.md "Moderation"): who muted the microphone or stopped the
  // camera (empty: nobody, written as null), and what this participant may switch on.
  std::string mutedBy{};
  std::string cameraStoppedBy{};
  bool canUnmute = true;
  bool canShare = true;
  // The socket closed without `leave`: the participant may resume (docs/protocol.md "Reconnecting").
  bool reconnecting = false;
};

// A relayed chat message (docs/protocol.md "chat", P26: built, sent, forgotten).
struct ChatInfo {
  std::string from;
  std::string text;
  std::string to;   // empty for a message to everyone
  int64_t at = 0;   // server time, milliseconds since the Unix epoch
  bool e2ee = false; // `text` is ciphertext, relayed in the field `e2ee`
};

enum class StreamKind { Audio, Video, Screen };

// One downlink m-line of an offer; inactive m-lines are not listed.
struct StreamInfo {
  std::string mid;
  std::string participant;
  StreamKind kind = StreamKind::Audio;
};

// One simulcast layer the camera uplink is asked to send (`offer.encodings`, W3C webrtc-pc
// RTCRtpEncodingParameters).
struct EncodingInfo {
  std::string rid;
  unsigned scaleResolutionDownBy = 1;
  uint32_t maxBitrate = 0;  // bit/s
};

// Credentials for the built-in TURN server (docs/protocol.md "offer"): the TURN REST scheme's
// username ("expiry:random tag") and password; the client adds turns: on the page's own host
// and port and, when udpPort is not 0, turn: on that UDP port.
struct TurnCredentials {
  std::string username;
  std::string credential;
  uint16_t udpPort = 0;
  std::string url;  // an operator's own TURN server (turn.external_url); then used instead
};

// Each returns one JSON object as text. Strings are escaped; invalid UTF-8 in them is
// replaced by U+FFFD rather than throwing.
// `role` (this participant's own), `resumeToken` and `instance` (the meeting instance, which
// end-to-end announcements are bound to: docs/e2ee.md) are written only when not empty.
std::string joinedMessage(std::string_view participantId, std::string_view room,
                          const std::vector<ParticipantInfo>& others, std::string_view role = {},
                          std::string_view resumeToken = {}, std::string_view instance = {});
// docs/protocol.md "resumed": `joined` again for a participant that resumed, with its own object.
std::string resumedMessage(const ParticipantInfo& self, std::string_view room,
                           const std::vector<ParticipantInfo>& others, std::string_view resumeToken);
// `fresh` (written only when true): the first offer of a new media peer, to be answered from a
// new RTCPeerConnection (docs/protocol.md "Reconnecting"). `encodings` (written only when not
// empty): the camera's simulcast layers, lowest first. `turn` (written only when given): TURN
// credentials, in the first offer of each media peer.
std::string offerMessage(uint64_t offerId, std::string_view sdp, const std::vector<StreamInfo>& streams,
                         bool fresh = false, const std::vector<EncodingInfo>& encodings = {},
                         const TurnCredentials* turn = nullptr);
std::string participantJoinedMessage(const ParticipantInfo& participant);
std::string participantUpdatedMessage(const ParticipantInfo& participant);
std::string participantLeftMessage(std::string_view participantId);
// `private` is true and `to` present exactly when `chat.to` is not empty.
std::string chatMessage(const ChatInfo& chat);
std::string activeSpeakerMessage(std::string_view participantId);
// `reaction` from a participant (docs/protocol.md "reaction"): relayed, kept nowhere.
std::string reactionMessage(std::string_view from, std::string_view reaction);
// docs/protocol.md "layers": send only the `encodings` lowest encodings of the camera or screen.
std::string layersMessage(bool screen, unsigned encodings);
// `ref` is written only when it is not empty.
std::string errorMessage(const SignalingError& error);

}  // namespace vicos::signaling
