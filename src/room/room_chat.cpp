// Chat relay (docs/protocol.md "chat"). P26: a message is built, sent and forgotten: the
// room keeps no history and nothing here logs a text, a sender or a recipient.
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

std::optional<signaling::SignalingError> Room::chat(const Participant& from,
                                                    const signaling::ChatMessage& msg) {
  const signaling::ChatInfo chat{from.id, msg.text, msg.to, mClock(), msg.e2ee};
  Participant* to = msg.to.empty() || msg.to == from.id ? nullptr : find(msg.to);
  // Chat stays within a breakout room (room_breakouts.cpp), private messages too.
  if (to != nullptr && !mBreakouts.together(from.id, to->id)) to = nullptr;
  if (!msg.to.empty() && to == nullptr)
    return signaling::SignalingError{signaling::ErrorCode::UnknownParticipant,
                                     "'to' is not another participant of this room", "chat"};
  // While only moderators may chat (P19), the others may still write privately to a moderator,
  // e.g. to ask for the floor (docs/protocol.md "Moderation").
  if (!mModeration.mayChat(from) && (to == nullptr || to->role != Role::Moderator))
    return signaling::SignalingError{
        signaling::ErrorCode::NotAllowed,
        "only moderators may chat in this meeting; private messages to a moderator are allowed", "chat"};
  if (to == nullptr) {
    broadcastTogether(from.id, signaling::chatMessage(chat));
    return std::nullopt;
  }
  // The sender gets it back too, so that every client shows what the server relayed.
  const std::string json = signaling::chatMessage(chat);
  to->channel->send(json);
  from.channel->send(json);
  return std::nullopt;
}

}  // namespace vicos::room
