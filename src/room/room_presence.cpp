// Raised hands in order, reactions and the active speaker (docs/protocol.md "hand", "reaction",
// "active-speaker").
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

void Room::setHand(const Participant& p, bool raised) {
  announceHands(raised ? mRoster.raiseHand(p.id) : mRoster.lowerHand(p.id));
}

std::optional<signaling::SignalingError> Room::react(Participant& p, const signaling::ReactionMessage& msg,
                                                    int64_t now) {
  if (!p.reactions.take(now))
    return signaling::SignalingError{signaling::ErrorCode::RateLimited,
                                     "at most 5 reactions at once, then one per second", "reaction"};
  broadcastTogether(p.id, signaling::reactionMessage(p.id, msg.reaction));
  return std::nullopt;
}

void Room::announceHands(const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (const Participant* p = find(id)) mRoster.broadcast(signaling::participantUpdatedMessage(info(*p)));
}

void Room::onActiveSpeaker(const std::string& id) {
  if (!mRoster.setActiveSpeaker(id)) return;
  // Who speaks in a breakout room is that room's business (one speaker for the whole room, so
  // the others keep showing their last one).
  broadcastTogether(id, signaling::activeSpeakerMessage(id));
}

}  // namespace vicos::room
