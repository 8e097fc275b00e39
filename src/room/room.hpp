// A meeting room, the coordinator of its parts: the Door (who waits outside), the Roster (who is
// in, hands, speaker, reconnecting) and Moderation (the rules); it joins people, keeps the
// downlinks and offers between them and relays chat. Lives on the control thread; talks to media
// through sfu::MediaPlane only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "room/breakouts.hpp"
#include "room/door.hpp"
#include "room/moderation.hpp"
#include "room/participant.hpp"
#include "room/polls.hpp"
#include "room/roster.hpp"
#include "sfu/media_plane.hpp"
#include "signaling/messages.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

// `restart-media` is honoured at most this often per participant.
inline constexpr int64_t kMediaRestartIntervalMs = 5'000;

class Room {
 public:
  Room(std::string name, sfu::MediaPlane& media, WallClock clock = systemMillis);
  ~Room();

  const std::string& name() const { return mName; }
  // 128 random bits drawn when the room is created and sent in `joined`: end-to-end announcements
  // and decisions are bound to it, so that none from an earlier meeting of the same link
  // verifies in this one (docs/e2ee.md "Meeting instance").
  const std::string& instance() const { return mInstance; }
  size_t size() const { return mRoster.size(); }
  // No participant and nobody waiting.
  bool empty() const { return mRoster.empty() && mDoor.empty(); }
  Participant* find(const std::string& id) { return mRoster.find(id); }

  // Removes a participant (or someone waiting) and tells everyone else; unknown ids are ignored.
  void leave(const std::string& id);

  // room_admission.cpp: the newcomer joins with the role the policy gives, or waits (sent
  // `waiting`, no media) until a logged-in organizer starts the meeting. A guest is first held
  // at the door while the room has a PIN they have not given (`pin`: the one in `join`), or its
  // lobby is on (Door); logged-in organizers pass both. Whoever cannot encrypt media
  // (`plainMedia`) always knocks, organizers too, until a moderator decides (docs/e2ee.md).
  // Someone who would wait while the waiting list is full is refused (`waiting-full`) and
  // nothing changes; `now` (RoomManager's monotonic milliseconds) starts their waiting time.
  std::optional<signaling::SignalingError> enter(Newcomer newcomer, const std::optional<std::string>& pin,
                                                 int64_t now);
  void setLimits(const RoomLimits& limits) {
    mDoor.setLimits(limits);
    mSimulcast = limits.simulcast;
    mRecordingAllowed = limits.recording;
    mTurnSecret = limits.turnSecret;
    mTurnUdpPort = limits.turnUdpPort;
    mTurnCredentialMs = limits.turnCredentialMs;
    mTurnUrl = limits.turnUrl;
  }
  void setPolicy(RoomPolicy policy) { mDoor.setPolicy(policy); }
  // Several nodes: the PIN's wrong attempts per room count across the cluster.
  void sharePinFailures(cluster::SharedFailures shared) { mDoor.pinGuard().share(std::move(shared), mName); }
  bool started() const { return mDoor.started(); }
  bool isWaiting(const std::string& id) const { return mDoor.isWaiting(id); }
  size_t waitingCount() const { return mDoor.waitingCount(); }

  // The participant's answer to their outstanding offer; returns an error to send back.
  std::optional<signaling::SignalingError> answer(Participant& p, const signaling::AnswerMessage& msg);
  // Applies what the moderation rules allow (Moderation) and refuses the rest.
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
  // room_presence.cpp: hands and speaker, kept by the Roster.
  void setHand(const Participant& p, bool raised);
  // room_view.cpp (docs/protocol.md "view"): the page's tiles decide which videos it receives
  // and at what size; beyond the participant's token bucket, `rate-limited` and nothing changes.
  std::optional<signaling::SignalingError> setView(Participant& p, signaling::ViewMessage view, int64_t now);
  // Relays the reaction to everyone, the sender too, with `from` set (kept nowhere); beyond the
  // participant's token bucket, `rate-limited` and nothing relayed.
  std::optional<signaling::SignalingError> react(Participant& p, const signaling::ReactionMessage& msg,
                                                 int64_t now);
  // room_polls.cpp (docs/protocol.md "Polls"): asks (if mayPoll), votes in or closes (the asker
  // or a moderator) a poll and relays it to everyone; past the participant's token bucket,
  // `rate-limited`. Every refusal relays nothing and changes nothing.
  std::optional<signaling::SignalingError> poll(Participant& p, const signaling::PollMessage& msg, int64_t now);
  // room_recording.cpp (docs/protocol.md "Recording with consent", P25): a moderator starts or
  // stops the recording their own browser makes (`not-allowed` for anyone else, `wrong-state` when
  // one runs already or none does); a participant's consent goes to the recording browser.
  std::optional<signaling::SignalingError> record(Participant& p, const signaling::RecordingMessage& msg);
  // Whose browser records now; empty for nobody.
  const std::string& recorder() const { return mRecorder; }
  // `recording`: whether and by whom, and whether moderators may record here (rooms.recording).
  std::string recordingState() const;
  // The media plane's loudest speaker; ignored for unknown ids and muted participants.
  void onActiveSpeaker(const std::string& id);
  // Dynacast (room_view.cpp): tells the publisher how many encodings of its camera or screen
  // some page shows; from an old peer of theirs, nothing.
  void askLayers(const std::string& id, media::PeerId peer, sfu::MediaKind kind, uint8_t encodings);
  const std::string& activeSpeaker() const { return mRoster.activeSpeaker(); }

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
  // room_admission.cpp: turns away, with `waiting-timeout`, everyone who has waited longer than allowed.
  void expireWaiting(int64_t now);
  // The media plane dropped the participant's peer (failed, consent expired); they stay.
  void mediaLost(Participant& p);

  // room_breakouts.cpp (docs/protocol.md "Breakout rooms"): create, assign, open, close and
  // broadcast are a moderator's (`not-allowed` for everyone else, nothing changes); `breakout-move`
  // is a moderator's visit, or a participant's choice where allowed. Media, chat, reactions and
  // media keys then pass only between participants in the same breakout (or the main) room.
  std::optional<signaling::SignalingError> breakout(Participant& by, const signaling::BreakoutMessage& msg,
                                                    int64_t now);
  // Brings everyone back once a close's countdown has ended; the server calls it once a second.
  void expireBreakouts(int64_t now);
  bool together(const std::string& a, const std::string& b) const { return mBreakouts.together(a, b); }

  // room_moderation.cpp (P18, P19): a moderator's command, refused with `not-allowed` for
  // everyone else. After `end-meeting` the room is empty and ended(): the caller drops it.
  std::optional<signaling::SignalingError> moderate(Participant& by, const signaling::ModerationMessage& msg);
  bool ended() const { return mEnded; }
  // room_admission.cpp (P11, P12): the Door's lobby, lock and meeting PIN. `room-locked` for
  // anyone new while locked; `no-moderator` for someone who cannot encrypt media while nobody
  // could decide about them.
  std::optional<signaling::SignalingError> refuseNewcomer(bool plainMedia = false) const;
  // room-access, admit, deny, admit-all from a participant: `not-allowed` unless a moderator.
  std::optional<signaling::SignalingError> lobbyCommand(Participant& by, const signaling::LobbyMessage& msg);
  // A `pin` message from someone waiting for the PIN. While the room is locked a right PIN makes
  // them knock: only a moderator's explicit admit lets anyone in then.
  std::optional<signaling::SignalingError> tryPin(const std::string& id, const std::string& pin);
  bool lobbyOn() const { return mDoor.lobbyOn(); }
  bool locked() const { return mDoor.locked(); }
  bool hasPin() const { return mDoor.hasPin(); }
  bool isBanned(const std::string& login) const { return mModeration.isBanned(login); }
  bool hasModerator() const { return mRoster.hasModerator(); }
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
  // The participant's last view, applied to its downlinks as they are now.
  void applyView(const Participant& p);
  // Whether the subscriber had any of the publisher's downlinks.
  bool removeDownlinks(Participant& subscriber, const std::string& publisher);
  void sendOffer(Participant& p);
  // room_reconnect.cpp: a new media peer and fresh downlinks both ways (new SSRCs).
  void renewMedia(Participant& p);
  // e2ee_relay.cpp: to everyone but the sender when `to` is empty, else to that other participant.
  std::optional<signaling::SignalingError> relayE2ee(const Participant& from, const std::string& json,
                                                     const std::string& to, const char* ref);
  // room_moderation.cpp: tells the media plane, on change only, which uplinks it may forward.
  void applyForwarding(Participant& p);
  void endMeeting(const std::string& by);
  // room_recording.cpp: tells everyone that the recording stopped (its moderator left, gave up the
  // role or stopped it).
  void endRecording();
  // room_admission.cpp: lets someone in from the door.
  void admitWaiting(const std::string& id);
  // Tells the moderators who is at the door now.
  void lobbyChanged();
  // room_breakouts.cpp: after the breakout rooms changed from `before` (each participant's place),
  // downlinks follow: pairs now apart lose theirs, pairs now together gain them; then `breakouts`.
  void relocate(const std::map<std::string, Breakouts::Place>& before);
  std::map<std::string, Breakouts::Place> places() const;
  // To everyone in the same breakout (or main) room as `member`, `member` too unless `except`.
  void broadcastTogether(const std::string& member, const std::string& json,
                         const std::string& except = "") const;

  std::string mName;
  std::string mInstance;
  sfu::MediaPlane& mMedia;
  std::string mTurnSecret;  // never logged, never sent (docs/security.md "TURN relay")
  uint16_t mTurnUdpPort = 0;
  int64_t mTurnCredentialMs = kTurnCredentialMs;
  std::string mTurnUrl;
  WallClock mClock;
  // The parts (docs/architecture.md "The room and its parts").
  Roster mRoster;
  Door mDoor;  // after mClock, which it copies
  Moderation mModeration;
  Polls mPolls;
  std::string mRecorder;  // the participant whose browser records; empty for nobody
  bool mRecordingAllowed = kDefaultRecording;  // rooms.recording (P25)
  Breakouts mBreakouts;
  std::vector<std::string> mPlainMedia;  // admitted with media in clear, still here
  bool mEnded = false;
  bool mSimulcast = false;  // media.simulcast: cameras are asked for layers
};

}  // namespace vicos::room
