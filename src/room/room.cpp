// Room logic: joining and leaving, downlink bookkeeping and the one-offer-at-a-time rule of
// docs/protocol.md.
#include "room/room.hpp"

#include "common/log.hpp"
#include "room/random_ids.hpp"
#include "sdp/answer_check.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {
namespace {

signaling::ParticipantInfo info(const Participant& p) {
  return signaling::ParticipantInfo{p.id, p.name, p.audio, p.video};
}

sdp::MediaKind sdpKind(sfu::MediaKind kind) {
  return kind == sfu::MediaKind::Audio ? sdp::MediaKind::Audio : sdp::MediaKind::Video;
}

sdp::OfferMedia uplink(sdp::MediaKind kind, std::string mid) {
  sdp::OfferMedia m;
  m.kind = kind;
  m.mid = std::move(mid);
  m.direction = sdp::Direction::RecvOnly;
  return m;
}

}  // namespace

Room::Room(std::string name, sfu::MediaPlane& media) : mName(std::move(name)), mMedia(media) {}

Room::~Room() {
  for (auto& [id, p] : mParticipants) mMedia.removePeer(mName, id);
}

Participant* Room::find(const std::string& id) {
  auto it = mParticipants.find(id);
  return it == mParticipants.end() ? nullptr : &it->second;
}

Participant& Room::join(std::string id, std::string name, std::shared_ptr<ParticipantChannel> channel) {
  Participant& p = mParticipants[id];
  p.id = id;
  p.name = std::move(name);
  p.channel = std::move(channel);
  p.sessionId = randomU63();
  p.ice = mMedia.addPeer(mName, id);

  std::vector<signaling::ParticipantInfo> others;
  for (auto& [otherId, other] : mParticipants) {
    if (otherId == id) continue;
    others.push_back(info(other));
    addDownlinks(p, other);
    addDownlinks(other, p);
  }
  p.channel->send(signaling::joinedMessage(id, mName, others));
  broadcast(signaling::participantJoinedMessage(info(p)), id);
  for (auto& [otherId, other] : mParticipants) sendOffer(other);
  return p;
}

void Room::leave(const std::string& id) {
  auto it = mParticipants.find(id);
  if (it == mParticipants.end()) return;
  mMedia.removePeer(mName, id);
  mParticipants.erase(it);
  for (auto& [otherId, other] : mParticipants) {
    bool changed = false;
    for (auto& slot : other.downlinks) {
      if (slot.active && slot.publisher == id) {
        slot.active = false;
        mMedia.removeDownlink(mName, otherId, slot.mid);
        changed = true;
      }
    }
    if (changed) sendOffer(other);
  }
  broadcast(signaling::participantLeftMessage(id), "");
}

void Room::addDownlinks(Participant& subscriber, const Participant& publisher) {
  for (auto kind : {sfu::MediaKind::Audio, sfu::MediaKind::Video}) {
    // Mids 0 and 1 are the uplink; downlinks count on from 2.
    DownlinkSlot slot{std::to_string(subscriber.downlinks.size() + 2), publisher.id, kind, randomU32(), true};
    mMedia.addDownlink(mName, sfu::Downlink{subscriber.id, publisher.id, kind, slot.mid, slot.ssrc});
    subscriber.downlinks.push_back(std::move(slot));
  }
}

void Room::sendOffer(Participant& p) {
  if (p.offerOutstanding) {
    p.offerDirty = true;
    return;
  }
  const auto local = mMedia.localInfo();
  sdp::OfferSpec spec;
  spec.sessionId = p.sessionId;
  spec.sessionVersion = ++p.sessionVersion;
  spec.iceUfrag = p.ice.ufrag;
  spec.icePwd = p.ice.pwd;
  spec.fingerprintSha256 = local.fingerprintSha256;
  for (const auto& [ip, port] : local.candidates) spec.candidates.push_back({ip, port});
  spec.media.push_back(uplink(sdp::MediaKind::Audio, "0"));
  spec.media.push_back(uplink(sdp::MediaKind::Video, "1"));
  std::vector<signaling::StreamInfo> streams;
  for (const auto& slot : p.downlinks) {
    sdp::OfferMedia m;
    m.kind = sdpKind(slot.kind);
    m.mid = slot.mid;
    m.direction = slot.active ? sdp::Direction::SendOnly : sdp::Direction::Inactive;
    if (slot.active) {
      m.ssrc = slot.ssrc;
      m.cname = slot.publisher;
      m.streamId = slot.publisher;
      m.trackId = slot.publisher + "-" + sfu::kindName(slot.kind);
      streams.push_back({slot.mid, slot.publisher,
                         slot.kind == sfu::MediaKind::Audio ? signaling::StreamKind::Audio : signaling::StreamKind::Video});
    }
    spec.media.push_back(std::move(m));
  }
  const std::string sdpText = sdp::buildOffer(spec);
  if (sdpText.empty()) {
    LOG_ERROR("room", "could not build an offer");
    return;
  }
  p.lastOffer = std::move(spec);
  p.offerOutstanding = true;
  p.offerDirty = false;
  p.channel->send(signaling::offerMessage(++p.offerId, sdpText, streams));
}

std::optional<signaling::SignalingError> Room::answer(Participant& p, const signaling::AnswerMessage& msg) {
  using signaling::ErrorCode;
  if (!p.offerOutstanding || msg.offerId != p.offerId)
    return signaling::SignalingError{ErrorCode::StaleAnswer, "this answer is not for the outstanding offer", "answer"};
  const auto parsed = sdp::parseSessionDescription(msg.sdp);
  if (const auto* error = std::get_if<sdp::SdpError>(&parsed))
    return signaling::SignalingError{ErrorCode::BadSdp, "answer does not parse: " + error->what, "answer"};
  const auto checked = sdp::checkAnswer(std::get<sdp::SessionDescription>(parsed), p.lastOffer);
  if (const auto* error = std::get_if<sdp::SdpError>(&checked))
    return signaling::SignalingError{ErrorCode::BadSdp, "answer does not fit the offer: " + error->what, "answer"};
  const auto& answerInfo = std::get<sdp::AnswerInfo>(checked);

  sfu::RemoteMediaParams params;
  params.iceUfrag = answerInfo.remoteUfrag;
  params.icePwd = answerInfo.remotePwd;
  params.fingerprintAlgorithm = answerInfo.fingerprintAlgorithm;
  params.fingerprintValue = answerInfo.fingerprintValue;
  params.serverIsDtlsClient = answerInfo.dtlsRoleOfServer == sdp::DtlsRole::Client;
  params.audioSsrc = answerInfo.uplinkAudioSsrc;
  params.videoSsrc = answerInfo.uplinkVideoSsrc;
  mMedia.setRemote(mName, p.id, params);

  p.offerOutstanding = false;
  if (p.offerDirty) sendOffer(p);
  return std::nullopt;
}

void Room::setMedia(Participant& p, bool audio, bool video) {
  if (p.audio == audio && p.video == video) return;
  p.audio = audio;
  p.video = video;
  broadcast(signaling::participantUpdatedMessage(info(p)), p.id);
}

void Room::requestKeyframe(const std::string& publisher) {
  if (mParticipants.contains(publisher)) mMedia.requestKeyframe(mName, publisher);
}

void Room::broadcast(const std::string& json, const std::string& except) {
  for (auto& [id, p] : mParticipants)
    if (id != except) p.channel->send(json);
}

}  // namespace vicos::room
