// The door of a room (P11, P12; docs/protocol.md "Lobby, lock and PIN"): a locked room takes
// nobody new; with a PIN a guest waits until they give it; with the lobby on a guest knocks and
// waits until a moderator admits or denies them. Moderators alone change any of it.
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

SignalingError pinError(PinGuard::Outcome outcome, const char* ref) {
  if (outcome == PinGuard::Outcome::Throttled)
    return SignalingError{ErrorCode::PinThrottled, "too many wrong PINs; wait a little before trying again", ref};
  return SignalingError{ErrorCode::WrongPin, "that is not the meeting's PIN", ref};
}

}  // namespace

std::optional<SignalingError> Room::refuseNewcomer() const {
  if (mLocked) return SignalingError{ErrorCode::RoomLocked, "the room is locked", "join"};
  return std::nullopt;
}

bool Room::holdAtDoor(const std::string& id, const std::string& name,
                      const std::shared_ptr<ParticipantChannel>& channel, bool e2ee,
                      const std::optional<std::string>& pin) {
  std::optional<SignalingError> pinProblem;
  const char* reason = nullptr;
  if (!mPin.empty()) {
    const auto outcome = pin ? mPinGuard.attempt(id, *pin, mPin, mClock()) : PinGuard::Outcome::Wrong;
    if (outcome != PinGuard::Outcome::Right) {
      reason = kReasonPin;
      // No PIN given is no attempt: the person is only asked for one.
      if (pin) pinProblem = pinError(outcome, "join");
    }
  }
  if (!reason && mLobby && mStarted) reason = kReasonLobby;
  if (!reason) return false;
  mWaiting.emplace(id, Waiting{name, e2ee, false, channel, reason});
  mWaitOrder.push_back(id);
  channel->send(signaling::waitingMessage(id, reason));
  if (pinProblem) channel->send(signaling::errorMessage(*pinProblem));
  if (reason == kReasonLobby) lobbyChanged();
  return true;
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
  if (mLobby) {
    hold(id, kReasonLobby);
    lobbyChanged();
  } else {
    admitWaiting(id);
  }
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
          if (auto it = mWaiting.find(id); it != mWaiting.end() && it->second.reason == kReasonPin) {
            if (mLobby) hold(id, kReasonLobby);
            else admitWaiting(id);
          }
      }
      if (lobbyWas && !mLobby)
        for (const auto& id : knockingIds()) admitWaiting(id);
      if (lobbyWas != mLobby || lockedWas != mLocked || pinWas != !mPin.empty())
        broadcast(accessMessage(), "");
      lobbyChanged();
      return std::nullopt;
    }
    case LobbyAction::Admit:
    case LobbyAction::Deny: {
      auto it = mWaiting.find(msg.participant);
      if (it == mWaiting.end() || it->second.reason != kReasonLobby)
        return SignalingError{ErrorCode::UnknownParticipant, "nobody with that id is knocking", ref};
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
      for (const auto& id : knockingIds()) admitWaiting(id);
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
    if (auto it = mWaiting.find(id); it != mWaiting.end() && it->second.reason == kReasonLobby) ids.push_back(id);
  return ids;
}

std::string Room::lobbyListMessage() const {
  std::vector<signaling::KnockInfo> knocking;
  for (const auto& id : knockingIds()) {
    const Waiting& w = mWaiting.at(id);
    knocking.push_back({id, w.name, w.e2ee});
  }
  return signaling::lobbyMessage(knocking);
}

std::string Room::accessMessage() const { return signaling::roomAccessMessage(mLobby, mLocked, !mPin.empty()); }

}  // namespace vicos::room
