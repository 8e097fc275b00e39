// Raised hands in order and the active speaker (docs/protocol.md "hand", "active-speaker").
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

void Room::setHand(const Participant& p, bool raised) {
  announceHands(raised ? mRoster.raiseHand(p.id) : mRoster.lowerHand(p.id));
}

void Room::announceHands(const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (const Participant* p = find(id)) mRoster.broadcast(signaling::participantUpdatedMessage(info(*p)));
}

void Room::onActiveSpeaker(const std::string& id) {
  if (!mRoster.setActiveSpeaker(id)) return;
  mRoster.broadcast(signaling::activeSpeakerMessage(id));
}

}  // namespace vicos::room
