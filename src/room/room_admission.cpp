// Who may enter a room and with which role (P7, P10, P11, P12): the Door decides who waits and
// why; here the room lets people in, carries out the moderators' lobby commands and hands the
// moderator role on. The first organizer (or, in an open room, the first person) becomes moderator.
#include "room/room.hpp"
#include "signaling/lobby_messages.hpp"
#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::LobbyAction;
using signaling::SignalingError;

std::optional<SignalingError> Room::enter(Newcomer n, const std::optional<std::string>& pin, int64_t now) {
  // Checked before anything else, the PIN included: a refused newcomer changes nothing.
  if (auto full = mDoor.refuseToWait(n)) return full;
  const auto channel = n.channel;
  const auto held = mDoor.hold(n, pin, now);
  if (held.held) {
    if (held.tellModerators) lobbyChanged();
    if (held.pinProblem) channel->send(signaling::errorMessage(*held.pinProblem));
    return std::nullopt;
  }
  Role role = n.baseRole();
  // An organizer leads a meeting that has no moderator; in an open room the first person does.
  const bool open = mDoor.policy() == RoomPolicy::Open;
  if (!mRoster.hasModerator() && (n.organizer() || (open && !mDoor.started()))) role = Role::Moderator;
  const bool starting = mDoor.start();
  join(std::move(n), role);
  // The meeting starts: everyone who waited for it comes in, in the order they arrived.
  if (starting)
    for (auto& waiter : mDoor.takeAll()) {
      const Role waiterRole = waiter.baseRole();
      join(std::move(waiter), waiterRole);
    }
  return std::nullopt;
}

std::optional<SignalingError> Room::refuseNewcomer(bool plainMedia) const {
  return mDoor.refuseNewcomer(plainMedia, mRoster.hasModerator());
}

void Room::promoteIfLeaderless() {
  // Organizers first; in an open room anyone may lead. Otherwise the meeting goes on without
  // a moderator until an organizer joins (who then gets the role, see enter()).
  Participant* next = mRoster.nextLeader(mDoor.policy() == RoomPolicy::Open);
  if (!next) return;
  next->role = Role::Moderator;
  applyForwarding(*next);
  next->channel->send(mDoor.lobbyListMessage());
  mRoster.broadcast(signaling::participantUpdatedMessage(info(*next)));
}

void Room::admitWaiting(const std::string& id) {
  auto n = mDoor.take(id);
  if (!n) return;
  if (n->plainMedia) {
    // Everyone switches to media in clear before the newcomer's media flows (docs/e2ee.md).
    mPlainMedia.push_back(id);
    mRoster.broadcast(signaling::mediaEncryptionMessage(mPlainMedia));
  }
  const Role role = n->baseRole();
  join(std::move(*n), role);
}

void Room::expireWaiting(int64_t now) {
  if (mDoor.expire(now)) lobbyChanged();
}

std::optional<SignalingError> Room::tryPin(const std::string& id, const std::string& pin) {
  if (auto error = mDoor.tryPin(id, pin)) return error;
  if (mDoor.pastPin(id)) admitWaiting(id);
  lobbyChanged();
  return std::nullopt;
}

std::optional<SignalingError> Room::lobbyCommand(Participant& by, const signaling::LobbyMessage& msg) {
  const std::string ref(signaling::lobbyTypeName(msg.action));
  if (msg.action == LobbyAction::Pin)
    return SignalingError{ErrorCode::WrongState, "already in the meeting", ref};
  if (by.role != Role::Moderator)
    return SignalingError{ErrorCode::NotAllowed, "only moderators manage who comes in", ref};
  // Media in clear needs a decision about that one person (admit with plainMedia).
  const auto admitKnocking = [this] {
    for (const auto& id : mDoor.knockingIds())
      if (!mDoor.find(id)->who.plainMedia) admitWaiting(id);
  };

  switch (msg.action) {
    case LobbyAction::Access: {
      const auto change = mDoor.setAccess(msg.lobby, msg.locked, msg.pin);
      // Whoever waited for what is gone comes in (or on to the lobby).
      if (change.pinRemoved)
        for (const auto& id : mDoor.pinWaitingIds())
          if (mDoor.pastPin(id)) admitWaiting(id);
      // With the lobby off and the room unlocked, whoever knocked comes in.
      if (change.opened) admitKnocking();
      if (change.changed) mRoster.broadcast(mDoor.accessMessage());
      break;
    }
    case LobbyAction::Admit:
    case LobbyAction::Deny: {
      // Moderators decide about whoever knocks, and may turn away whoever waits for the PIN.
      const Door::Waiting* w = mDoor.find(msg.participant);
      const bool deny = msg.action == LobbyAction::Deny;
      if (w == nullptr || !(w->knocks() || (deny && w->waitsForPin())))
        return SignalingError{ErrorCode::UnknownParticipant,
                              deny ? "nobody with that id is knocking or waiting for the PIN"
                                   : "nobody with that id is knocking",
                              ref};
      if (!deny && w->who.plainMedia && !msg.plainMedia)
        return SignalingError{
            ErrorCode::NotAllowed,
            "this person cannot encrypt media: admit with plainMedia true to accept that the "
            "meeting's media is then not end-to-end encrypted",
            ref};
      if (deny)
        mDoor.turnAway(msg.participant,
                       SignalingError{ErrorCode::Denied, "a moderator did not let you in", "join"});
      else
        admitWaiting(msg.participant);
      break;
    }
    case LobbyAction::AdmitAll: admitKnocking(); break;
    case LobbyAction::Pin: break;
  }
  lobbyChanged();
  return std::nullopt;
}

void Room::lobbyChanged() { mRoster.sendToModerators(mDoor.lobbyListMessage()); }

}  // namespace vicos::room
