// The door of a room (P11, P12; docs/protocol.md "Lobby, lock and PIN"): a locked room takes
// nobody new and lets nobody in by themselves; with a PIN a guest waits until they give it; with
// the lobby on a guest knocks and waits until a moderator admits or denies them. Moderators alone
// change any of it, and see (and may turn away) whoever waits for the PIN. Whoever cannot encrypt
// media always knocks (reason plain-media) and comes in only by a moderator's explicit admit with
// `plainMedia` (docs/e2ee.md, P5). Few may wait, and not for long (docs/security.md "The door").
#include "room/room.hpp"

#include "signaling/lobby_messages.hpp"
#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::LobbyAction;
using signaling::SignalingError;

namespace {

constexpr const char* kReasonLobby = "lobby";
constexpr const char* kReasonPin = "pin";
constexpr const char* kReasonPlainMedia = "plain-media";

bool knocks(const std::string& reason) { return reason == kReasonLobby || reason == kReasonPlainMedia; }
bool waitsForPin(const std::string& reason) { return reason == kReasonPin; }
// Moderators see, in `lobby`, who knocks and who waits for the PIN (not who waits for an organizer:
// there is no moderator then).
bool seenByModerators(const std::string& reason) { return knocks(reason) || waitsForPin(reason); }

SignalingError pinError(PinGuard::Outcome outcome, const char* ref) {
  if (outcome == PinGuard::Outcome::Throttled)
    return SignalingError{ErrorCode::PinThrottled, "too many wrong PINs; wait a little before trying again", ref};
  return SignalingError{ErrorCode::WrongPin, "that is not the meeting's PIN", ref};
}

}  // namespace

std::optional<SignalingError> Room::refuseNewcomer(bool plainMedia) const {
  if (mLocked) return SignalingError{ErrorCode::RoomLocked, "the room is locked", "join"};
  // Nobody could decide about media in clear: refused rather than let in or kept waiting for
  // a moderator who may never come.
  if (plainMedia && !hasModerator())
    return SignalingError{ErrorCode::NoModerator,
                          "no moderator is here to decide whether you may join without end-to-end encryption", "join"};
  return std::nullopt;
}

bool Room::mayWait(const Newcomer& n) const {
  if (n.plainMedia) return true;
  if (n.organizer()) return false;
  return !mPin.empty() || (mLobby && mStarted) || (!mStarted && mLimits.policy == RoomPolicy::Organizer);
}

bool Room::waitingFull(const Newcomer& n) const {
  return mWaiting.size() >= capFor(mLimits.maxWaiting, n.organizer());
}

const char* Room::doorReason(const Newcomer& n, const std::optional<std::string>& pin,
                             std::optional<SignalingError>& pinProblem) {
  if (!n.organizer() && !mPin.empty()) {
    const auto outcome = pin ? mPinGuard.attempt(n.id, *pin, mPin, mClock()) : PinGuard::Outcome::Wrong;
    if (outcome != PinGuard::Outcome::Right) {
      // No PIN given is no attempt: the person is only asked for one.
      if (pin) pinProblem = pinError(outcome, "join");
      return kReasonPin;
    }
  }
  if (n.plainMedia) return kReasonPlainMedia;
  if (!n.organizer() && mLobby && mStarted) return kReasonLobby;
  return nullptr;
}

void Room::wait(Newcomer n, const char* reason, int64_t now) {
  const std::string id = n.id;
  const auto channel = n.channel;
  mWaiting.emplace(id, Waiting{std::move(n), reason, now + mLimits.waitingTimeoutMs});
  mWaitOrder.push_back(id);
  channel->send(signaling::waitingMessage(id, reason));
  if (seenByModerators(reason)) lobbyChanged();
}

void Room::pastPin(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  // The lock holds for everyone not yet in: past the PIN they knock, and only a moderator's
  // explicit admit lets them in.
  if (it->second.who.plainMedia) hold(id, kReasonPlainMedia);
  else if (mLobby || mLocked) hold(id, kReasonLobby);
  else admitWaiting(id);
}

void Room::hold(const std::string& id, const char* reason) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  it->second.reason = reason;
  std::erase(mWaitOrder, id);
  mWaitOrder.push_back(id);  // knocking counts from now
  it->second.who.channel->send(signaling::waitingMessage(id, reason));
}

void Room::admitWaiting(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  Newcomer n = std::move(it->second.who);
  mWaiting.erase(it);
  std::erase(mWaitOrder, id);
  mPinGuard.forget(id);
  if (n.plainMedia) {
    // Everyone switches to media in clear before the newcomer's media flows (docs/e2ee.md).
    mPlainMedia.push_back(id);
    broadcast(signaling::mediaEncryptionMessage(mPlainMedia), "");
  }
  const Role role = n.baseRole();
  join(std::move(n), role);
}

void Room::turnAway(const std::string& id, const SignalingError& why) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  auto channel = std::move(it->second.who.channel);
  mWaiting.erase(it);
  std::erase(mWaitOrder, id);
  mPinGuard.forget(id);
  channel->send(signaling::errorMessage(why));
  channel->close();
}

void Room::expireWaiting(int64_t now) {
  std::vector<std::string> expired;
  for (const auto& [id, w] : mWaiting)
    if (w.deadline <= now) expired.push_back(id);
  if (expired.empty()) return;
  const SignalingError why{ErrorCode::WaitingTimeout,
                           "nobody let you in in time; join again to wait once more", "join"};
  for (const auto& id : expired) turnAway(id, why);
  lobbyChanged();
}

std::optional<SignalingError> Room::tryPin(const std::string& id, const std::string& pin) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end() || it->second.reason != kReasonPin)
    return SignalingError{ErrorCode::WrongState, "not waiting for a PIN", "pin"};
  const auto outcome = mPinGuard.attempt(id, pin, mPin, mClock());
  if (outcome != PinGuard::Outcome::Right) return pinError(outcome, "pin");
  mPinGuard.forget(id);
  pastPin(id);
  lobbyChanged();
  return std::nullopt;
}

std::optional<SignalingError> Room::lobbyCommand(Participant& by, const signaling::LobbyMessage& msg) {
  const std::string ref(signaling::lobbyTypeName(msg.action));
  if (msg.action == LobbyAction::Pin) return SignalingError{ErrorCode::WrongState, "already in the meeting", ref};
  if (by.role != Role::Moderator)
    return SignalingError{ErrorCode::NotAllowed, "only moderators manage who comes in", ref};

  switch (msg.action) {
    case LobbyAction::Access: {
      const bool lobbyWas = mLobby;
      const bool lockedWas = mLocked;
      const bool pinWas = !mPin.empty();
      if (msg.lobby) mLobby = *msg.lobby;
      if (msg.locked) mLocked = *msg.locked;
      if (msg.pin && *msg.pin != mPin) {
        mPin = *msg.pin;
        mPinGuard.reset();
      }
      // Whoever waited for what is gone comes in (or on to the lobby).
      if (pinWas && mPin.empty())
        for (const auto& id : waitingIds(waitsForPin)) pastPin(id);
      // With the lobby off and the room unlocked, whoever knocked comes in, but never media in clear.
      if ((lobbyWas || lockedWas) && !mLobby && !mLocked)
        for (const auto& id : knockingIds())
          if (!mWaiting.at(id).who.plainMedia) admitWaiting(id);
      if (lobbyWas != mLobby || lockedWas != mLocked || pinWas != !mPin.empty())
        broadcast(accessMessage(), "");
      lobbyChanged();
      return std::nullopt;
    }
    case LobbyAction::Admit:
    case LobbyAction::Deny: {
      // Moderators decide about whoever knocks, and may turn away whoever waits for the PIN.
      auto it = mWaiting.find(msg.participant);
      const bool deny = msg.action == LobbyAction::Deny;
      const bool decidable =
          it != mWaiting.end() && (knocks(it->second.reason) || (deny && waitsForPin(it->second.reason)));
      if (!decidable)
        return SignalingError{ErrorCode::UnknownParticipant,
                              deny ? "nobody with that id is knocking or waiting for the PIN"
                                   : "nobody with that id is knocking",
                              ref};
      if (msg.action == LobbyAction::Admit && it->second.who.plainMedia && !msg.plainMedia)
        return SignalingError{ErrorCode::NotAllowed,
                              "this person cannot encrypt media: admit with plainMedia true to accept that the "
                              "meeting's media is then not end-to-end encrypted",
                              ref};
      if (deny)
        turnAway(msg.participant, SignalingError{ErrorCode::Denied, "a moderator did not let you in", "join"});
      else
        admitWaiting(msg.participant);
      lobbyChanged();
      return std::nullopt;
    }
    case LobbyAction::AdmitAll:
      // Media in clear needs a decision about that one person (admit with plainMedia).
      for (const auto& id : knockingIds())
        if (!mWaiting.at(id).who.plainMedia) admitWaiting(id);
      lobbyChanged();
      return std::nullopt;
    case LobbyAction::Pin: break;
  }
  return std::nullopt;
}

void Room::lobbyChanged() {
  const std::string message = lobbyListMessage();
  for (auto& [id, p] : mParticipants)
    if (p.role == Role::Moderator) p.channel->send(message);
}

std::vector<std::string> Room::waitingIds(bool (*reasonMatches)(const std::string&)) const {
  std::vector<std::string> ids;
  for (const auto& id : mWaitOrder)
    if (auto it = mWaiting.find(id); it != mWaiting.end() && reasonMatches(it->second.reason))
      ids.push_back(id);
  return ids;
}

std::vector<std::string> Room::knockingIds() const { return waitingIds(knocks); }

bool Room::anyoneAtDoor() const {
  for (const auto& [id, w] : mWaiting)
    if (seenByModerators(w.reason)) return true;
  return false;
}

std::string Room::lobbyListMessage() const {
  const auto list = [this](bool (*reasonMatches)(const std::string&)) {
    std::vector<signaling::KnockInfo> out;
    for (const auto& id : waitingIds(reasonMatches)) {
      const Newcomer& n = mWaiting.at(id).who;
      out.push_back({id, n.name, n.e2ee, n.plainMedia});
    }
    return out;
  };
  return signaling::lobbyMessage(list(knocks), list(waitsForPin));
}

std::string Room::accessMessage() const { return signaling::roomAccessMessage(mLobby, mLocked, !mPin.empty()); }

}  // namespace vicos::room
