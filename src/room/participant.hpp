// One person in a room as the control thread sees them: name, device state, the channel to
// their browser, and the offer/answer exchange with them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "negotiation/negotiator.hpp"
#include "room/roles.hpp"
#include "room/token_bucket.hpp"
#include "signaling/view_message.hpp"
#include "sfu/media_plane.hpp"

namespace vicos::room {

inline constexpr int64_t kReactionBurst = 5;
inline constexpr int64_t kReactionIntervalMs = 1'000;
// poll-create, poll-vote and poll-close together (docs/security.md "Polls").
inline constexpr int64_t kPollBurst = 10;
inline constexpr int64_t kPollIntervalMs = 1'000;
// `view` (room_view.cpp): a page sends one when its tiles change, at most twice a second.
inline constexpr int64_t kViewBurst = 10;
inline constexpr int64_t kViewIntervalMs = 200;
inline constexpr int64_t kBreakoutMoveBurst = 3;
inline constexpr int64_t kBreakoutMoveIntervalMs = 2'000;

// Where a room's messages to one participant go; implemented over the WebSocket.
class ParticipantChannel {
 public:
  virtual ~ParticipantChannel() = default;
  virtual void send(std::string json) = 0;
  virtual void close() = 0;
};

struct Participant {
  std::string id;
  std::string name;   // the ciphertext when `e2ee` (docs/e2ee.md): the server cannot read it
  bool e2ee = false;  // joined with an encrypted name, i.e. holds the meeting link's secret
  Role role = Role::Guest;
  bool organizer = false;  // logged in (P7); never below Role::Participant
  bool audio = false;
  bool video = false;
  bool screen = false;
  std::string login;  // the organizer's login, empty for a guest (a removed login may not come back)
  // Moderation (moderation.cpp): the moderator who muted the microphone or stopped the
  // camera, empty when nobody did; and which uplinks the media plane forwards now.
  std::string mutedBy;
  std::string cameraStoppedBy;
  bool forwardAudio = true;
  bool forwardVideo = true;
  bool forwardScreen = true;
  std::shared_ptr<ParticipantChannel> channel;
  sfu::IceCredentials ice;
  // The media plane's peer for this participant, while it holds one (one removePeer per
  // addPeer); events of any other peer are stale and ignored (RoomManager::onPeerEvent).
  std::optional<media::PeerId> peer;
  bool mediaConnected = false;  // any of their media peers ever connected (sfu::PeerEvent::Connected)

  // Reconnecting (room_reconnect.cpp, docs/protocol.md "Reconnecting").
  std::string resumeToken;        // 128 random bits, single-use; only in memory, never logged (P27)
  bool reconnecting = false;      // the socket closed without `leave`
  int64_t reconnectDeadline = 0;  // RoomManager's monotonic milliseconds: removed as on a leave after it
  std::optional<int64_t> lastMediaRestart;  // for the `restart-media` rate limit
  // `reaction` (room_presence.cpp): kReactionBurst at once, then one per kReactionIntervalMs.
  // Only a fill level and a time, gone when they leave (docs/privacy.md "Reactions").
  TokenBucket reactions{kReactionBurst, kReactionIntervalMs};
  // Poll messages (room_polls.cpp): kPollBurst at once, then one per kPollIntervalMs; gone when they leave.
  TokenBucket polls{kPollBurst, kPollIntervalMs};
  // `breakout-move` (room_breakouts.cpp): each move renegotiates everyone it leaves and joins.
  TokenBucket breakoutMoves{kBreakoutMoveBurst, kBreakoutMoveIntervalMs};

  // `view` (room_view.cpp): the page's last tiles (sizes and ids of who it shows, in memory only,
  // gone when they leave) and its token bucket.
  std::optional<signaling::ViewMessage> view;
  TokenBucket views{kViewBurst, kViewIntervalMs};

  // Offers and answers with their browser, and the downlink m-lines (negotiation/).
  negotiation::Negotiator negotiator;
};

}  // namespace vicos::room
