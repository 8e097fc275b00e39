// Who may enter a room and with which role (P7, P10): the room policy decides whether guests
// wait for an organizer; the first organizer (or, in an open room, the first person) becomes
// moderator, and the role is handed on when the last moderator leaves.
#include "room/room.hpp"

#include "signaling/moderation_messages.hpp"

namespace vicos::room {

bool Room::enter(std::string id, std::string name, std::shared_ptr<ParticipantChannel> channel, bool e2ee,
                 bool organizer, const std::optional<std::string>& pin, bool plainMedia) {
  if (holdAtDoor(id, name, channel, e2ee, organizer, pin, plainMedia)) return false;
  if (!mStarted && mPolicy == RoomPolicy::Organizer && !organizer) {
    // No offer, no media peer: the guest only learns that they wait.
    channel->send(signaling::waitingMessage(id, "organizer"));
    mWaitOrder.push_back(id);
    mWaiting.emplace(std::move(id), Waiting{std::move(name), e2ee, organizer, std::move(channel)});
    return false;
  }
  const bool moderated = hasModerator();
  Role role = organizer ? Role::Participant : Role::Guest;
  // An organizer leads a meeting that has no moderator; in an open room the first person does.
  if (!moderated && (organizer || (mPolicy == RoomPolicy::Open && !mStarted))) role = Role::Moderator;
  const bool starting = !mStarted;
  mStarted = true;
  join(std::move(id), std::move(name), std::move(channel), e2ee, role, organizer);
  if (starting) {
    // The meeting starts: everyone who waited for it comes in, in the order they arrived.
    auto order = std::move(mWaitOrder);
    mWaitOrder.clear();
    for (const auto& waiterId : order) {
      auto it = mWaiting.find(waiterId);
      if (it == mWaiting.end()) continue;
      Waiting w = std::move(it->second);
      mWaiting.erase(it);
      join(waiterId, std::move(w.name), std::move(w.channel), w.e2ee, w.organizer ? Role::Participant : Role::Guest,
           w.organizer);
    }
  }
  return true;
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
  if (!next && mPolicy == RoomPolicy::Open) next = &mParticipants.begin()->second;
  if (!next) return;
  next->role = Role::Moderator;
  applyForwarding(*next);
  next->channel->send(lobbyListMessage());
  broadcast(signaling::participantUpdatedMessage(info(*next)), "");
}

}  // namespace vicos::room
