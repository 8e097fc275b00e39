// Room logic: joining and leaving, device state, and messages to everyone (offers are in
// room_offers.cpp, chat in room_chat.cpp, hands and speaker in room_presence.cpp).
#include "room/room.hpp"

#include "room/random_ids.hpp"
#include "signaling/lobby_messages.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {
Room::Room(std::string name, sfu::MediaPlane& media, WallClock clock)
    : mName(std::move(name)),
      mInstance(randomHex(16)),
      mMedia(media),
      mClock(std::move(clock)),
      mDoor(mClock) {}

Room::~Room() {
  for (auto& [id, p] : mRoster)
    if (p.peer) mMedia.removePeer(mName, id);
}

Participant& Room::join(Newcomer n, Role role) {
  const std::string id = n.id;
  Participant& p = mRoster.add(id);
  p.name = std::move(n.name);
  p.e2ee = n.e2ee;
  p.role = role;
  p.organizer = n.organizer();
  p.login = std::move(n.login);  // whichever way they came in: a removal bans it (Moderation)
  p.channel = std::move(n.channel);
  p.negotiator.setSimulcast(mSimulcast);
  p.negotiator.startSession(randomU63());
  const sfu::NewPeer peer = mMedia.addPeer(mName, id);
  p.ice = peer.ice;
  p.peer = peer.id;
  p.resumeToken = randomHex(16);
  applyForwarding(p);

  std::vector<signaling::ParticipantInfo> others;
  for (auto& [otherId, other] : mRoster) {
    if (otherId == id) continue;
    others.push_back(info(other));
    addDownlinks(p, other);
    addDownlinks(other, p);
  }
  p.channel->send(signaling::joinedMessage(id, mName, others, roleName(p.role), p.resumeToken, mInstance));
  if (const auto& speaker = mRoster.activeSpeaker(); !speaker.empty())
    p.channel->send(signaling::activeSpeakerMessage(speaker));
  p.channel->send(mDoor.accessMessage());
  if (p.role == Role::Moderator && mDoor.anyoneAtDoor()) p.channel->send(mDoor.lobbyListMessage());
  p.channel->send(mModeration.settingsMessage());
  p.channel->send(signaling::mediaEncryptionMessage(mPlainMedia));
  mRoster.broadcast(signaling::participantJoinedMessage(info(p)), id);
  for (auto& [otherId, other] : mRoster) sendOffer(other);
  return p;
}

void Room::leave(const std::string& id) {
  if (mDoor.remove(id)) {
    lobbyChanged();
    return;
  }
  const Participant* leaver = mRoster.find(id);
  if (leaver == nullptr) return;
  if (leaver->peer) mMedia.removePeer(mName, id);
  const auto movedHands = mRoster.remove(id);
  for (auto& [otherId, other] : mRoster) {
    if (removeDownlinks(other, id)) sendOffer(other);
  }
  mRoster.broadcast(signaling::participantLeftMessage(id));
  // The last participant with media in clear left: media is end-to-end encrypted again (the
  // others rotate their keys on participant-left, docs/e2ee.md).
  if (std::erase(mPlainMedia, id) > 0) mRoster.broadcast(signaling::mediaEncryptionMessage(mPlainMedia));
  announceHands(movedHands);
  promoteIfLeaderless();
}

signaling::ParticipantInfo Room::info(const Participant& p) const {
  signaling::ParticipantInfo i{p.id,     p.name, p.audio,         p.video, mRoster.handPosition(p.id),
                               p.screen, p.e2ee, roleName(p.role)};
  i.mutedBy = p.mutedBy;
  i.cameraStoppedBy = p.cameraStoppedBy;
  i.canUnmute = mModeration.mayUnmute(p);
  i.canShare = mModeration.mayShare(p);
  i.reconnecting = p.reconnecting;
  return i;
}

std::optional<signaling::SignalingError> Room::setMedia(Participant& p, signaling::MediaMessage media) {
  const bool wasMuted = !p.mutedBy.empty(), wasStopped = !p.cameraStoppedBy.empty();
  auto refused = mModeration.admitMedia(p, media);
  applyForwarding(p);
  // A lifted mute or stop is news to the participant too (docs/protocol.md "Moderation").
  const bool lifted = (wasMuted && p.mutedBy.empty()) || (wasStopped && p.cameraStoppedBy.empty());
  if (!lifted && p.audio == media.audio && p.video == media.video && p.screen == media.screen) return refused;
  p.audio = media.audio;
  p.video = media.video;
  p.screen = media.screen;
  mRoster.broadcast(signaling::participantUpdatedMessage(info(p)), lifted ? "" : p.id);
  return refused;
}

void Room::requestKeyframe(const std::string& publisher) {
  if (mRoster.contains(publisher)) mMedia.requestKeyframe(mName, publisher);
}

}  // namespace vicos::room
