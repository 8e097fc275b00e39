// Offers and answers: downlink bookkeeping and the one-offer-at-a-time rule of
// docs/protocol.md "Media model".
#include <algorithm>
#include <utility>

#include "common/log.hpp"
#include "room/random_ids.hpp"
#include "room/room.hpp"
#include "sdp/answer_check.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {
namespace {

sdp::MediaKind sdpKind(sfu::MediaKind kind) {
  return kind == sfu::MediaKind::Audio ? sdp::MediaKind::Audio : sdp::MediaKind::Video;
}

signaling::StreamKind streamKind(sfu::MediaKind kind) {
  switch (kind) {
    case sfu::MediaKind::Audio: return signaling::StreamKind::Audio;
    case sfu::MediaKind::Video: return signaling::StreamKind::Video;
    case sfu::MediaKind::Screen: return signaling::StreamKind::Screen;
  }
  return signaling::StreamKind::Video;
}

// The first m-line after the uplinks (audio 0, camera 1, screen 2).
constexpr size_t kFirstDownlinkMid = 3;

sdp::OfferMedia uplink(sdp::MediaKind kind, std::string mid) {
  sdp::OfferMedia m;
  m.kind = kind;
  m.mid = std::move(mid);
  m.direction = sdp::Direction::RecvOnly;
  return m;
}

bool answeredInactive(const sdp::OfferSpec& offer, const std::string& mid) {
  return std::any_of(offer.media.begin(), offer.media.end(), [&](const sdp::OfferMedia& m) {
    return m.mid == mid && m.direction == sdp::Direction::Inactive;
  });
}

}  // namespace

void Room::addDownlinks(Participant& subscriber, const Participant& publisher) {
  for (auto kind : sfu::kAllKinds) {
    // Reuse an m-line a departed participant left behind, so that offers stay as long as the
    // room is large, however many come and go; otherwise append one.
    auto recycled = std::find_if(subscriber.downlinks.begin(), subscriber.downlinks.end(),
                                 [&](const DownlinkSlot& s) { return s.recyclable && s.kind == kind; });
    DownlinkSlot* slot = nullptr;
    if (recycled != subscriber.downlinks.end()) {
      slot = &*recycled;
    } else {
      subscriber.downlinks.push_back({std::to_string(subscriber.downlinks.size() + kFirstDownlinkMid), "", kind});
      slot = &subscriber.downlinks.back();
    }
    slot->publisher = publisher.id;
    slot->ssrc = randomU32();
    slot->active = true;
    slot->recyclable = false;
    mMedia.addDownlink(mName, sfu::Downlink{subscriber.id, publisher.id, kind, slot->mid, slot->ssrc});
  }
}

void Room::sendOffer(Participant& p) {
  if (p.offerOutstanding) {
    p.offerDirty = true;
    return;
  }
  const auto local = mMedia.localInfo(mName, p.id);
  sdp::OfferSpec spec;
  spec.sessionId = p.sessionId;
  spec.sessionVersion = ++p.sessionVersion;
  spec.iceUfrag = p.ice.ufrag;
  spec.icePwd = p.ice.pwd;
  spec.fingerprintSha256 = local.fingerprintSha256;
  for (const auto& [ip, port] : local.candidates) spec.candidates.push_back({ip, port});
  spec.media.push_back(uplink(sdp::MediaKind::Audio, "0"));
  spec.media.push_back(uplink(sdp::MediaKind::Video, "1"));
  spec.media.push_back(uplink(sdp::MediaKind::Video, "2"));  // the screen (P34)
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
      streams.push_back({slot.mid, slot.publisher, streamKind(slot.kind)});
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
  p.channel->send(signaling::offerMessage(++p.offerId, sdpText, streams, std::exchange(p.freshPeer, false)));
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
  // Slots this answer saw inactive may be recycled; the ones it saw active keep their m-line.
  for (auto& slot : p.downlinks)
    if (!slot.active && answeredInactive(p.lastOffer, slot.mid)) slot.recyclable = true;
  if (p.offerDirty) sendOffer(p);
  return std::nullopt;
}

}  // namespace vicos::room
