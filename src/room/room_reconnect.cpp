// Reconnecting without a page reload (docs/protocol.md "Reconnecting"): a participant whose
// socket closed without `leave` stays for a grace period, marked reconnecting, and may take
// over the same participation with its resume token; a media path that failed is renewed.
#include <utility>
#include <vector>

#include "room/random_ids.hpp"
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {
bool Room::disconnect(const std::string& id, const ParticipantChannel* channel, int64_t deadline) {
  Participant* p = find(id);
  if (p == nullptr || p->channel.get() != channel || p->reconnecting) return false;
  // Nothing of theirs ever reached the others (docs/security.md "The door"): no grace, so that
  // sockets that join and drop cannot pile up media peers and rooms.
  if (!p->mediaConnected) {
    leave(id);
    return false;
  }
  p->reconnecting = true;
  p->reconnectDeadline = deadline;
  // Their media peer stays: if only the socket dropped, the others keep hearing and seeing them.
  mRoster.broadcast(signaling::participantUpdatedMessage(info(*p)), p->id);
  return true;
}

Participant* Room::resume(const std::string& token, std::shared_ptr<ParticipantChannel> channel,
                          int64_t now) {
  Participant* found = mRoster.holderOf(token);
  if (found == nullptr) return nullptr;
  Participant& p = *found;
  const auto old = std::exchange(p.channel, std::move(channel));
  const bool wasReconnecting = p.reconnecting;
  p.reconnecting = false;
  p.resumeToken = randomHex(16);  // single-use: the presented one is spent
  p.lastMediaRestart = now;

  std::vector<signaling::ParticipantInfo> others;
  for (const auto& [otherId, other] : mRoster)
    if (otherId != p.id) others.push_back(info(other));
  p.channel->send(signaling::resumedMessage(info(p), mName, others, p.resumeToken));
  if (const auto& speaker = mRoster.activeSpeaker(); !speaker.empty() && mBreakouts.together(p.id, speaker))
    p.channel->send(signaling::activeSpeakerMessage(speaker));
  p.channel->send(mDoor.accessMessage());
  if (p.role == Role::Moderator && mDoor.anyoneAtDoor()) p.channel->send(mDoor.lobbyListMessage());
  p.channel->send(mModeration.settingsMessage());
  p.channel->send(recordingState());  // it may have changed meanwhile
  if (mBreakouts.any()) p.channel->send(signaling::breakoutsMessage(mBreakouts.info()));
  if (wasReconnecting) mRoster.broadcast(signaling::participantUpdatedMessage(info(p)), p.id);
  renewMedia(p);
  // A socket that still held the participation is replaced: from now on it can do nothing.
  if (old && old != p.channel) old->close();
  return &p;
}

std::optional<signaling::SignalingError> Room::restartMedia(Participant& p, int64_t now) {
  if (p.lastMediaRestart && now - *p.lastMediaRestart < kMediaRestartIntervalMs)
    return signaling::SignalingError{
        signaling::ErrorCode::RestartThrottled,
        "the media connection was renewed moments ago; try again in a few seconds", "restart-media"};
  p.lastMediaRestart = now;
  renewMedia(p);
  return std::nullopt;
}

void Room::renewMedia(Participant& p) {
  if (p.peer) mMedia.removePeer(mName, p.id);
  const sfu::NewPeer peer = mMedia.addPeer(mName, p.id);  // new ICE credentials; DTLS starts afresh
  p.ice = peer.ice;
  p.peer = peer.id;
  // A new peer forwards everything until told otherwise, so moderation is applied again.
  p.forwardAudio = p.forwardVideo = p.forwardScreen = true;
  applyForwarding(p);
  // The browser answers with a new RTCPeerConnection: a new SDP session, downlinks from mid 3.
  p.negotiator.renewSession(randomU63());
  for (auto& [otherId, other] : mRoster) {
    if (otherId == p.id || !mBreakouts.together(p.id, otherId)) continue;
    // The new uplinks are new RTP streams (SSRC, sequence numbers, timestamps): the others get
    // them on fresh m-lines instead of as a jump within the old ones.
    removeDownlinks(other, p.id);
    addDownlinks(other, p);
    addDownlinks(p, other);
    sendOffer(other);
  }
  sendOffer(p);
}

void Room::expireReconnecting(int64_t now) {
  for (const auto& id : mRoster.reconnectExpired(now)) leave(id);
}

void Room::mediaLost(Participant& p) {
  if (!p.peer) return;
  // The worker has dropped the peer already; this keeps the placement count in step.
  mMedia.removePeer(mName, p.id);
  p.peer.reset();
}

}  // namespace vicos::room
