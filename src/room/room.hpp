// A meeting room: its participants, the downlinks between them, and the offers that tell
// each browser what it receives; chat, raised hands and the active speaker. Lives on the
// control thread; talks to media through sfu::MediaPlane only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "room/hands.hpp"
#include "room/participant.hpp"
#include "room/pin_guard.hpp"
#include "room/room_limits.hpp"
#include "sfu/media_plane.hpp"
#include "signaling/messages.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

// `restart-media` is honoured at most this often per participant.
inline constexpr int64_t kMediaRestartIntervalMs = 5'000;

// Milliseconds since the Unix epoch, for chat timestamps; replaceable in tests.
using WallClock = std::function<int64_t()>;
int64_t systemMillis();

// Someone at the door, as their `join` and their socket's login say (RoomManager::join); carried
// unchanged into the room, also through any wait (lobby.cpp).
struct Newcomer {
  std::string id;
  std::string name;  // the ciphertext when `e2ee`
  std::shared_ptr<ParticipantChannel> channel;
  bool e2ee = false;
  std::string login;        // a logged-in organizer's (P7), never empty for one; empty for a guest
  bool plainMedia = false;  // cannot encrypt media: only a moderator's explicit admit
  bool organizer() const { return !login.empty(); }
  // Their role unless they are made moderator.
  Role baseRole() const { return organizer() ? Role::Participant : Role::Guest; }
};

class Room {
 public:
  Room(std::string name, sfu::MediaPlane& media, WallClock clock = systemMillis);
  ~Room();

  const std::string& name() const { return mName; }
  // 128 random bits drawn when the room is created and sent in `joined`: end-to-end announcements
  // and decisions are bound to it, so that none from an earlier meeting of the same link
  // verifies in this one (docs/e2ee.md "Meeting instance").
  const std::string& instance() const { return mInstance; }
  size_t size() const { return mParticipants.size(); }
  // No participant and nobody waiting.
  bool empty() const { return mParticipants.empty() && mWaiting.empty(); }
  Participant* find(const std::string& id);

  // Removes a participant (or someone waiting) and tells everyone else; unknown ids are ignored.
  void leave(const std::string& id);

  // room_admission.cpp: the newcomer joins with the role the policy gives, or waits (sent
  // `waiting`, no media) until a logged-in organizer starts the meeting. A guest is first held
  // at the door while the room has a PIN they have not given (`pin`: the one in `join`), or its
  // lobby is on (lobby.cpp); logged-in organizers pass both. Whoever cannot encrypt media
  // (`plainMedia`) always knocks, organizers too, until a moderator decides (docs/e2ee.md).
  // Someone who would wait while the waiting list is full is refused (`waiting-full`) and
  // nothing changes; `now` (RoomManager's monotonic milliseconds) starts their waiting time.
  std::optional<signaling::SignalingError> enter(Newcomer newcomer, const std::optional<std::string>& pin,
                                                 int64_t now);
  void setLimits(const RoomLimits& limits) { mLimits = limits; }
  void setPolicy(RoomPolicy policy) { mLimits.policy = policy; }
  bool started() const { return mStarted; }
  bool isWaiting(const std::string& id) const { return mWaiting.contains(id); }
  size_t waitingCount() const { return mWaiting.size(); }

  // The participant's answer to their outstanding offer; returns an error to send back.
  std::optional<signaling::SignalingError> answer(Participant& p, const signaling::AnswerMessage& msg);
  // Applies what the moderation rules allow (room_moderation.cpp) and refuses the rest.
  std::optional<signaling::SignalingError> setMedia(Participant& p, signaling::MediaMessage media);
  void requestKeyframe(const std::string& publisher);

  // room_chat.cpp: relays to everyone, or to sender and recipient only (P26: kept nowhere).
  std::optional<signaling::SignalingError> chat(const Participant& from, const signaling::ChatMessage& msg);
  // e2ee_relay.cpp: end-to-end encryption messages, relayed with `from` set and kept nowhere.
  std::optional<signaling::SignalingError> relayAnnounce(const Participant& from,
                                                         const signaling::E2eeAnnounceMessage& msg);
  std::optional<signaling::SignalingError> relayKey(const Participant& from,
                                                    const signaling::E2eeKeyMessage& msg);
  // A moderator's decision about someone admitted with media in clear; `not-allowed` from
  // anyone else, `unknown-participant` unless `participant` is in plainMedia().
  std::optional<signaling::SignalingError> relayPlainMedia(const Participant& from,
                                                           const signaling::E2eePlainMediaMessage& msg);
  // room_presence.cpp
  void setHand(const Participant& p, bool raised);
  // The media plane's loudest speaker; ignored for unknown ids and muted participants.
  void onActiveSpeaker(const std::string& id);
  const std::string& activeSpeaker() const { return mActiveSpeaker; }

  // room_reconnect.cpp (docs/protocol.md "Reconnecting"). The socket `channel` of participant
  // `id` closed without `leave`: they stay, marked reconnecting, until `deadline`; but whoever's
  // media never connected leaves at once. False when they do not stay, when `id` is not a
  // participant, or when `channel` is no longer theirs (they resumed elsewhere).
  bool disconnect(const std::string& id, const ParticipantChannel* channel, int64_t deadline);
  // The participant holding `token` takes over on `channel` (an old socket still open is
  // closed), gets `resumed`, a new token and a fresh media peer; null when nobody holds it.
  Participant* resume(const std::string& token, std::shared_ptr<ParticipantChannel> channel, int64_t now);
  // `restart-media`: a fresh media peer, at most once per kMediaRestartIntervalMs.
  std::optional<signaling::SignalingError> restartMedia(Participant& p, int64_t now);
  // Removes, as on a leave, everyone whose grace period has ended by `now`.
  void expireReconnecting(int64_t now);
  // lobby.cpp: turns away, with `waiting-timeout`, everyone who has waited longer than allowed.
  void expireWaiting(int64_t now);
  // The media plane dropped the participant's peer (failed, consent expired); they stay.
  void mediaLost(Participant& p);

  // room_moderation.cpp (P18, P19): a moderator's command, refused with `not-allowed` for
  // everyone else. After `end-meeting` the room is empty and ended(): the caller drops it.
  std::optional<signaling::SignalingError> moderate(Participant& by, const signaling::ModerationMessage& msg);
  bool ended() const { return mEnded; }
  // A removed organizer's login may not join this meeting again (guests have no lasting identity).
  // lobby.cpp (P11, P12): lobby, lock and meeting PIN. `room-locked` for anyone new while locked;
  // `no-moderator` for someone who cannot encrypt media while nobody could decide about them.
  std::optional<signaling::SignalingError> refuseNewcomer(bool plainMedia = false) const;
  // room-access, admit, deny, admit-all from a participant: `not-allowed` unless a moderator.
  std::optional<signaling::SignalingError> lobbyCommand(Participant& by, const signaling::LobbyMessage& msg);
  // A `pin` message from someone waiting for the PIN. While the room is locked a right PIN makes
  // them knock: only a moderator's explicit admit lets anyone in then.
  std::optional<signaling::SignalingError> tryPin(const std::string& id, const std::string& pin);
  bool lobbyOn() const { return mLobby; }
  bool locked() const { return mLocked; }
  bool hasPin() const { return !mPin.empty(); }
  bool isBanned(const std::string& login) const { return !login.empty() && mBannedLogins.contains(login); }
  bool mayShare(const Participant& p) const;
  bool mayUnmute(const Participant& p) const;
  bool mayChat(const Participant& p) const;
  bool hasModerator() const;
  // Who was admitted with media in clear and is still here, in the order they came; while
  // anyone is, the meeting's media is not end-to-end encrypted (docs/e2ee.md, P5).
  const std::vector<std::string>& plainMedia() const { return mPlainMedia; }

 private:
  // Adds a participant, tells everyone, and sends the newcomer `joined` and a first offer.
  Participant& join(Newcomer newcomer, Role role);
  signaling::ParticipantInfo info(const Participant& p) const;
  // room_admission.cpp: when the last moderator left, hands the role on (see enter()).
  void promoteIfLeaderless();
  // Tells everyone, the participants themselves included, their new hand positions.
  void announceHands(const std::vector<std::string>& ids);
  void addDownlinks(Participant& subscriber, const Participant& publisher);
  void sendOffer(Participant& p);
  // room_reconnect.cpp: a new media peer and fresh downlinks both ways (new SSRCs).
  void renewMedia(Participant& p);
  void broadcast(const std::string& json, const std::string& except);
  // e2ee_relay.cpp: to everyone but the sender when `to` is empty, else to that other participant.
  std::optional<signaling::SignalingError> relayE2ee(const Participant& from, const std::string& json,
                                                     const std::string& to, const char* ref);
  // room_moderation.cpp
  std::optional<signaling::SignalingError> admitMedia(Participant& p, signaling::MediaMessage& media);
  void applyForwarding(Participant& p);
  std::string settingsMessage() const;
  void endMeeting(const std::string& by);
  // lobby.cpp
  // Whether the newcomer might have to wait at all, and whether the waiting list has room for them.
  bool mayWait(const Newcomer& n) const;
  bool waitingFull(const Newcomer& n) const;
  // Why the lobby, lock or PIN holds the newcomer, or null; tries the PIN given with `join`.
  const char* doorReason(const Newcomer& n, const std::optional<std::string>& pin,
                         std::optional<signaling::SignalingError>& pinProblem);
  void wait(Newcomer n, const char* reason, int64_t now);
  // Someone who gave the right PIN (or whose PIN went away) knocks, or comes in.
  void pastPin(const std::string& id);
  void hold(const std::string& id, const char* reason);
  void admitWaiting(const std::string& id);
  // Takes someone off the waiting list, tells them `error` and closes their socket.
  void turnAway(const std::string& id, const signaling::SignalingError& why);
  void lobbyChanged();
  std::string accessMessage() const;
  std::string lobbyListMessage() const;
  // Those at the door whom moderators see (`lobby`): knocking, or waiting for the PIN.
  bool anyoneAtDoor() const;
  // Who waits for a reason that `reasonMatches`, in the order they came (or knocked).
  std::vector<std::string> waitingIds(bool (*reasonMatches)(const std::string&)) const;
  std::vector<std::string> knockingIds() const;  // in the order they knocked

  std::string mName;
  std::string mInstance;
  sfu::MediaPlane& mMedia;
  WallClock mClock;
  std::map<std::string, Participant> mParticipants;  // ordered: stable rosters and offers
  HandQueue mHands;
  std::string mActiveSpeaker;

  // Admission (room_admission.cpp).
  struct Waiting {
    Newcomer who;
    std::string reason;    // the `waiting.reason`: organizer, lobby, pin or plain-media
    int64_t deadline = 0;  // RoomManager's monotonic milliseconds: turned away after it
  };
  RoomLimits mLimits;     // the policy, and how many may wait for how long
  bool mStarted = false;  // a moderator has been chosen; newcomers no longer wait for one
  std::map<std::string, Waiting> mWaiting;  // ordered by id; arrival order in mWaitOrder
  std::vector<std::string> mWaitOrder;
  // Lobby, lock and PIN (lobby.cpp).
  bool mLobby = false;
  bool mLocked = false;
  std::string mPin;  // empty: none; never logged
  PinGuard mPinGuard;
  std::vector<std::string> mPlainMedia;  // admitted with media in clear, still here

  // Moderation (room_moderation.cpp).
  signaling::Audience mWhoMayShare = signaling::Audience::Everyone;
  signaling::Audience mWhoMayUnmute = signaling::Audience::Everyone;
  signaling::Audience mWhoMayChat = signaling::Audience::Everyone;
  std::set<std::string> mBannedLogins;
  bool mEnded = false;
};

}  // namespace vicos::room
