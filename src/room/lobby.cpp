// The door of a room (P11, P12; docs/protocol.md "Lobby, lock and PIN"): a locked room takes
// nobody new; with a PIN a guest waits until they give it; with the lobby on a guest knocks and
// waits until a moderator admits or denies them. Moderators alone change any of it. Whoever
// cannot encrypt media always knocks (reason plain-media) and comes in only by a moderator's
// explicit admit with `plainMedia` (docs/e2ee.md "Participants who cannot encrypt media", P5).
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

bool Room::holdAtDoor(const std::string& id, const std::string& name,
                      const std::shared_ptr<ParticipantChannel>& channel, bool e2ee, bool organizer,
                      const std::optional<std::string>& pin, bool plainMedia) {
  std::optional<SignalingError> pinProblem;
  const char* reason = nullptr;
  if (!organizer && !mPin.empty()) {
    const auto outcome = pin ? mPinGuard.attempt(id, *pin, mPin, mClock()) : PinGuard::Outcome::Wrong;
    if (outcome != PinGuard::Outcome::Right) {
      reason = kReasonPin;
      // No PIN given is no attempt: the person is only asked for one.
      if (pin) pinProblem = pinError(outcome, "join");
    }
  }
  if (!reason && plainMedia) reason = kReasonPlainMedia;
  if (!reason && !organizer && mLobby && mStarted) reason = kReasonLobby;
  if (!reason) return false;
  mWaiting.emplace(id, Waiting{name, e2ee, organizer, channel, reason, plainMedia});
  mWaitOrder.push_back(id);
  channel->send(signaling::waitingMessage(id, reason));
  if (pinProblem) channel->send(signaling::errorMessage(*pinProblem));
  if (knocks(reason)) lobbyChanged();
  return true;
}

void Room::pastPin(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  if (it->second.plainMedia) hold(id, kReasonPlainMedia);
  else if (mLobby) hold(id, kReasonLobby);
  else admitWaiting(id);
}

void Room::hold(const std::string& id, const char* reason) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  it->second.reason = reason;
  std::erase(mWaitOrder, id);
  mWaitOrder.push_back(id);  // knocking counts from now
  it->second.channel->send(signaling::waitingMessage(id, reason));
}

void Room::admitWaiting(const std::string& id) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end()) return;
  Waiting w = std::move(it->second);
  mWaiting.erase(it);
  std::erase(mWaitOrder, id);
  mPinGuard.forget(id);
  if (w.plainMedia) {
    // Everyone switches to media in clear before the newcomer's media flows (docs/e2ee.md).
    mPlainMedia.push_back(id);
    broadcast(signaling::mediaEncryptionMessage(mPlainMedia), "");
  }
  join(id, std::move(w.name), std::move(w.channel), w.e2ee, w.organizer ? Role::Participant : Role::Guest,
       w.organizer);
}

std::optional<SignalingError> Room::tryPin(const std::string& id, const std::string& pin) {
  auto it = mWaiting.find(id);
  if (it == mWaiting.end() || it->second.reason != kReasonPin)
    return SignalingError{ErrorCode::WrongState, "not waiting for a PIN", "pin"};
  const auto outcome = mPinGuard.attempt(id, pin, mPin, mClock());
  if (outcome != PinGuard::Outcome::Right) return pinError(outcome, "pin");
  mPinGuard.forget(id);
  pastPin(id);
  if (isWaiting(id)) lobbyChanged();
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
      if (pinWas && mPin.empty()) {
        for (const auto& id : std::vector<std::string>(mWaitOrder))
          if (auto it = mWaiting.find(id); it != mWaiting.end() && it->second.reason == kReasonPin) pastPin(id);
      }
      // Switching the lobby off lets in whoever knocked, but never media in clear.
      if (lobbyWas && !mLobby)
        for (const auto& id : knockingIds())
          if (!mWaiting.at(id).plainMedia) admitWaiting(id);
      if (lobbyWas != mLobby || lockedWas != mLocked || pinWas != !mPin.empty())
        broadcast(accessMessage(), "");
      lobbyChanged();
      return std::nullopt;
    }
    case LobbyAction::Admit:
    case LobbyAction::Deny: {
      auto it = mWaiting.find(msg.participant);
      if (it == mWaiting.end() || !knocks(it->second.reason))
        return SignalingError{ErrorCode::UnknownParticipant, "nobody with that id is knocking", ref};
      if (msg.action == LobbyAction::Admit && it->second.plainMedia && !msg.plainMedia)
        return SignalingError{ErrorCode::NotAllowed,
                              "this person cannot encrypt media: admit with plainMedia true to accept that the "
                              "meeting's media is then not end-to-end encrypted",
                              ref};
      if (msg.action == LobbyAction::Admit) {
        admitWaiting(msg.participant);
      } else {
        auto channel = std::move(it->second.channel);
        mWaiting.erase(it);
        std::erase(mWaitOrder, msg.participant);
        channel->send(signaling::errorMessage(
            SignalingError{ErrorCode::Denied, "a moderator did not let you in", "join"}));
        channel->close();
      }
      lobbyChanged();
      return std::nullopt;
    }
    case LobbyAction::AdmitAll:
      // Media in clear needs a decision about that one person (admit with plainMedia).
      for (const auto& id : knockingIds())
        if (!mWaiting.at(id).plainMedia) admitWaiting(id);
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

std::vector<std::string> Room::knockingIds() const {
  std::vector<std::string> ids;
  for (const auto& id : mWaitOrder)
    if (auto it = mWaiting.find(id); it != mWaiting.end() && knocks(it->second.reason)) ids.push_back(id);
  return ids;
}

std::string Room::lobbyListMessage() const {
  std::vector<signaling::KnockInfo> knocking;
  for (const auto& id : knockingIds()) {
    const Waiting& w = mWaiting.at(id);
    knocking.push_back({id, w.name, w.e2ee, w.plainMedia});
  }
  return signaling::lobbyMessage(knocking);
}

std::string Room::accessMessage() const { return signaling::roomAccessMessage(mLobby, mLocked, !mPin.empty()); }

}  // namespace vicos::room
