// Who may enter a room and with which role (P7, P10): the room policy decides whether guests
// wait for an organizer; the first organizer (or, in an open room, the first person) becomes
// moderator, and the role is handed on when the last moderator leaves.
#include "room/room.hpp"

#include "signaling/moderation_messages.hpp"

namespace vicos::room {

using signaling::ErrorCode;
using signaling::SignalingError;

std::optional<SignalingError> Room::enter(Newcomer n, const std::optional<std::string>& pin, int64_t now) {
  // Checked before anything else, the PIN included: a refused newcomer changes nothing.
  if (mayWait(n) && waitingFull(n))
    return SignalingError{ErrorCode::WaitingFull,
                          "too many people are waiting to be let into this room; try again later", "join"};
  std::optional<SignalingError> pinProblem;
  const char* reason = doorReason(n, pin, pinProblem);
  // No offer, no media peer: the guest only learns that they wait.
  const bool organizerPolicy = mLimits.policy == RoomPolicy::Organizer;
  if (!reason && !mStarted && organizerPolicy && !n.organizer()) reason = "organizer";
  if (reason) {
    const auto channel = n.channel;
    wait(std::move(n), reason, now);
    if (pinProblem) channel->send(signaling::errorMessage(*pinProblem));
    return std::nullopt;
  }
  const bool moderated = hasModerator();
  Role role = n.baseRole();
  // An organizer leads a meeting that has no moderator; in an open room the first person does.
  if (!moderated && (n.organizer() || (!organizerPolicy && !mStarted))) role = Role::Moderator;
  const bool starting = !mStarted;
  mStarted = true;
  join(std::move(n), role);
  if (starting) {
    // The meeting starts: everyone who waited for it comes in, in the order they arrived.
    auto order = std::move(mWaitOrder);
    mWaitOrder.clear();
    for (const auto& waiterId : order) {
      auto it = mWaiting.find(waiterId);
      if (it == mWaiting.end()) continue;
      Newcomer waiter = std::move(it->second.who);
      mWaiting.erase(it);
      const Role waiterRole = waiter.baseRole();
      join(std::move(waiter), waiterRole);
    }
  }
  return std::nullopt;
}

bool Room::hasModerator() const {
  for (const auto& [id, p] : mParticipants)
    if (p.role == Role::Moderator) return true;
  return false;
}

void Room::promoteIfLeaderless() {
  if (mParticipants.empty()) return;
  for (const auto& [id, p] : mParticipants)
    if (p.role == Role::Moderator) return;
  // Organizers first; in an open room anyone may lead. Otherwise the meeting goes on without
  // a moderator until an organizer joins (who then gets the role, see enter()).
  Participant* next = nullptr;
  for (auto& [id, p] : mParticipants)
    if (p.organizer) {
      next = &p;
      break;
    }
  if (!next && mLimits.policy == RoomPolicy::Open) next = &mParticipants.begin()->second;
  if (!next) return;
  next->role = Role::Moderator;
  applyForwarding(*next);
  next->channel->send(lobbyListMessage());
  broadcast(signaling::participantUpdatedMessage(info(*next)), "");
}

}  // namespace vicos::room
