// Building offers from the downlink table and checking answers (RFC 8829 offer/answer, with
// the server as the only offerer).
#include "negotiation/negotiator.hpp"

#include <utility>

#include "common/log.hpp"
#include "media/media_profile.hpp"
#include "sdp/answer_check.hpp"
#include "sdp/session_description.hpp"

namespace vicos::negotiation {
namespace {

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

void Negotiator::startSession(uint64_t sessionId) {
  mSessionId = sessionId;
  mSessionVersion = 0;
  mOutstanding = false;
  mDirty = false;
  mDownlinks.clear();
  mNewPeer = true;
}

void Negotiator::renewSession(uint64_t sessionId) {
  startSession(sessionId);
  mFresh = true;
}

std::optional<Offer> Negotiator::nextOffer(const sfu::LocalMediaInfo& local, const sfu::IceCredentials& ice) {
  if (mOutstanding) {
    mDirty = true;
    return std::nullopt;
  }
  sdp::OfferSpec spec;
  spec.sessionId = mSessionId;
  spec.sessionVersion = mSessionVersion + 1;
  spec.iceUfrag = ice.ufrag;
  spec.icePwd = ice.pwd;
  spec.fingerprintSha256 = local.fingerprintSha256;
  for (const auto& [ip, port] : local.candidates) spec.candidates.push_back({ip, port});
  for (const auto& [ip, port] : local.tcpCandidates) spec.candidates.push_back({ip, port, true});
  spec.media.push_back(uplink(sdp::MediaKind::Audio, "0"));
  spec.media.push_back(uplink(sdp::MediaKind::Video, "1"));
  if (mSimulcast) {
    for (const auto& layer : media::kCameraLayers) spec.media.back().rids.emplace_back(layer.rid);
    spec.media.back().rtx = true;
  }
  spec.media.push_back(uplink(sdp::MediaKind::Video, "2"));  // the screen (P34)
  Offer offer;
  for (const auto& slot : mDownlinks.slots()) {
    sdp::OfferMedia m;
    m.kind = sdpKind(slot.kind);
    m.mid = slot.mid;
    m.direction = slot.active ? sdp::Direction::SendOnly : sdp::Direction::Inactive;
    if (slot.active) {
      // An audio slot carries whoever is loudest: its stream names the slot, not a participant.
      const std::string name = slot.publisher.empty() ? "slot-" + slot.mid : slot.publisher;
      m.ssrc = slot.ssrc;
      m.cname = name;
      m.streamId = name;
      m.trackId = name + "-" + sfu::kindName(slot.kind);
      m.rtx = slot.rtxSsrc != 0;
      m.rtxSsrc = slot.rtxSsrc;
      offer.streams.push_back({slot.mid, slot.publisher, slot.kind});
    }
    spec.media.push_back(std::move(m));
  }
  offer.sdp = sdp::buildOffer(spec);
  if (offer.sdp.empty()) {
    LOG_ERROR("negotiation", "could not build an offer");
    return std::nullopt;
  }
  mSessionVersion = spec.sessionVersion;
  mLastOffer = std::move(spec);
  mOutstanding = true;
  mDirty = false;
  offer.id = ++mOfferId;
  offer.fresh = std::exchange(mFresh, false);
  offer.newPeer = std::exchange(mNewPeer, false);
  offer.simulcast = mSimulcast;
  return offer;
}

std::variant<AnswerAccepted, AnswerRejected> Negotiator::answer(uint64_t offerId, std::string_view sdpText) {
  using Reason = AnswerRejected::Reason;
  if (!mOutstanding || offerId != mOfferId)
    return AnswerRejected{Reason::Stale, "this answer is not for the outstanding offer"};
  const auto parsed = sdp::parseSessionDescription(sdpText);
  if (const auto* error = std::get_if<sdp::SdpError>(&parsed))
    return AnswerRejected{Reason::BadSdp, "answer does not parse: " + error->what};
  const auto checked = sdp::checkAnswer(std::get<sdp::SessionDescription>(parsed), mLastOffer);
  if (const auto* error = std::get_if<sdp::SdpError>(&checked))
    return AnswerRejected{Reason::BadSdp, "answer does not fit the offer: " + error->what};
  const auto& info = std::get<sdp::AnswerInfo>(checked);

  AnswerAccepted accepted;
  accepted.params.iceUfrag = info.remoteUfrag;
  accepted.params.icePwd = info.remotePwd;
  accepted.params.fingerprintAlgorithm = info.fingerprintAlgorithm;
  accepted.params.fingerprintValue = info.fingerprintValue;
  accepted.params.serverIsDtlsClient = info.dtlsRoleOfServer == sdp::DtlsRole::Client;
  accepted.params.setSingleLayerSsrcs(info.uplinkAudioSsrc, info.uplinkVideoSsrc);
  accepted.params.downlinkRtx = info.downlinkRtx;
  if (!info.uplinkVideoLayers.empty()) {
    auto& camera = accepted.params.uplinks[static_cast<size_t>(sfu::MediaKind::Video)];
    camera.clear();
    for (const auto& layer : info.uplinkVideoLayers) camera.push_back({layer.rid, std::nullopt, std::nullopt});
  }
  mOutstanding = false;
  mDownlinks.answered(mLastOffer);
  accepted.offerAgain = mDirty;
  return accepted;
}

}  // namespace vicos::negotiation
