// Chat relay (docs/protocol.md "chat"). P26: a message is built, sent and forgotten: the
// room keeps no history and nothing here logs a text, a sender or a recipient.
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

std::optional<signaling::SignalingError> Room::chat(const Participant& from,
                                                    const signaling::ChatMessage& msg) {
  const signaling::ChatInfo chat{from.id, msg.text, msg.to, mClock(), msg.e2ee};
  if (msg.to.empty()) {
    broadcast(signaling::chatMessage(chat), "");
    return std::nullopt;
  }
  Participant* to = msg.to == from.id ? nullptr : find(msg.to);
  if (to == nullptr)
    return signaling::SignalingError{signaling::ErrorCode::UnknownParticipant,
                                     "'to' is not another participant of this room", "chat"};
  // The sender gets it back too, so that every client shows what the server relayed.
  const std::string json = signaling::chatMessage(chat);
  to->channel->send(json);
  from.channel->send(json);
  return std::nullopt;
}

}  // namespace vicos::room
