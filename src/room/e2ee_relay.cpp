// Relay of the end-to-end encryption messages (docs/protocol.md "e2ee-announce", "e2ee-key",
// "e2ee-plain-media"): the server sets `from` itself, so nobody can speak for another
// participant, and builds, sends and forgets each message; nothing here stores or logs a
// payload (docs/e2ee.md).
#include <algorithm>

#include "room/room.hpp"
#include "signaling/e2ee_messages.hpp"

namespace vicos::room {
namespace {

signaling::SignalingError unknownRecipient(const char* ref) {
  return signaling::SignalingError{signaling::ErrorCode::UnknownParticipant,
                                   "'to' is not another participant of this room", ref};
}

}  // namespace

std::optional<signaling::SignalingError> Room::relayAnnounce(const Participant& from,
                                                             const signaling::E2eeAnnounceMessage& msg) {
  return relayE2ee(from, signaling::e2eeAnnounceRelay(from.id, msg), msg.to, "e2ee-announce");
}

std::optional<signaling::SignalingError> Room::relayKey(const Participant& from,
                                                        const signaling::E2eeKeyMessage& msg) {
  if (msg.to.empty()) return unknownRecipient("e2ee-key");
  return relayE2ee(from, signaling::e2eeKeyRelay(from.id, msg), msg.to, "e2ee-key");
}

std::optional<signaling::SignalingError> Room::relayPlainMedia(const Participant& from,
                                                               const signaling::E2eePlainMediaMessage& msg) {
  const char* ref = "e2ee-plain-media";
  // Clients check the role too (the server's word) and the MAC (which the server cannot make);
  // refusing here keeps a participant without the role from even trying (docs/e2ee.md).
  if (from.role != Role::Moderator)
    return signaling::SignalingError{signaling::ErrorCode::NotAllowed,
                                     "only moderators decide about media in clear", ref};
  if (std::find(mPlainMedia.begin(), mPlainMedia.end(), msg.participant) == mPlainMedia.end())
    return signaling::SignalingError{signaling::ErrorCode::UnknownParticipant,
                                     "nobody with that id was admitted with media in clear", ref};
  return relayE2ee(from, signaling::e2eePlainMediaRelay(from.id, msg), msg.to, ref);
}

std::optional<signaling::SignalingError> Room::relayE2ee(const Participant& from, const std::string& json,
                                                         const std::string& to, const char* ref) {
  if (to.empty()) {
    mRoster.broadcast(json, from.id);
    return std::nullopt;
  }
  Participant* recipient = to == from.id ? nullptr : find(to);
  // Media keys go only to the sender's breakout room (docs/e2ee.md "Breakout rooms"); identities
  // (announcements) are the whole meeting's.
  if (recipient != nullptr && std::string_view(ref) == "e2ee-key" && !mBreakouts.together(from.id, to))
    recipient = nullptr;
  if (recipient == nullptr) return unknownRecipient(ref);
  recipient->channel->send(json);
  return std::nullopt;
}

}  // namespace vicos::room
