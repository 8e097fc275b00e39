// Raised hands in order and the active speaker (docs/protocol.md "hand", "active-speaker").
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

void Room::setHand(const Participant& p, bool raised) {
  announceHands(raised ? mHands.raise(p.id) : mHands.lower(p.id));
}

void Room::announceHands(const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (const Participant* p = find(id)) broadcast(signaling::participantUpdatedMessage(info(*p)), "");
}

void Room::onActiveSpeaker(const std::string& id) {
  const Participant* p = find(id);
  // A muted participant's stale packets must not make them the speaker.
  if (p == nullptr || !p->audio || id == mActiveSpeaker) return;
  mActiveSpeaker = id;
  broadcast(signaling::activeSpeakerMessage(id), "");
}

}  // namespace vicos::room
