// Relay of the end-to-end encryption messages (docs/protocol.md "e2ee-announce", "e2ee-key"):
// the server sets `from` itself, so nobody can speak for another participant, and builds,
// sends and forgets each message; nothing here stores or logs a payload (docs/e2ee.md).
#include "room/room.hpp"
#include "signaling/e2ee_messages.hpp"

namespace vicos::room {
namespace {

signaling::SignalingError unknownRecipient(const char* ref) {
  return signaling::SignalingError{signaling::ErrorCode::UnknownParticipant,
                                   "'to' is not another participant of this room", ref};
}

}  // namespace

std::optional<signaling::SignalingError> Room::relayAnnounce(
    const Participant& from, const signaling::E2eeAnnounceMessage& msg) {
  const std::string json = signaling::e2eeAnnounceRelay(from.id, msg);
  if (msg.to.empty()) {
    broadcast(json, from.id);
    return std::nullopt;
  }
  Participant* to = msg.to == from.id ? nullptr : find(msg.to);
  if (to == nullptr) return unknownRecipient("e2ee-announce");
  to->channel->send(json);
  return std::nullopt;
}

std::optional<signaling::SignalingError> Room::relayKey(const Participant& from,
                                                        const signaling::E2eeKeyMessage& msg) {
  Participant* to = msg.to == from.id ? nullptr : find(msg.to);
  if (to == nullptr) return unknownRecipient("e2ee-key");
  to->channel->send(signaling::e2eeKeyRelay(from.id, msg));
  return std::nullopt;
}

}  // namespace vicos::room
