// Peer transport chain: DTLS set up from the answer, SRTP from the DTLS keys, uplink encodings
// and SSRCs from the answer or the MID and RID extensions.
#include "sfu/peer.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "media/media_profile.hpp"
#include "srtp/srtp_profile.hpp"

namespace vicos::sfu {

Peer::Peer(std::string room, std::string id, media::PeerId peerId, const IceCredentials& local,
           dtls::DtlsContext& dtls, PeerHost& host, Micros now)
    : mRoom(std::move(room)),
      mId(std::move(id)),
      mPeerId(peerId),
      mIce(local.ufrag, local.pwd),
      mDtlsContext(dtls),
      mHost(host) {
  mIce.setStartTime(now);
}

Peer::~Peer() {
  if (mDtls) mDtls->close();
}

void Peer::setRemote(const RemoteMediaParams& params, Micros now) {
  mIce.setRemoteCredentials(params.iceUfrag, params.icePwd);
  for (uint8_t uplink = 0; uplink < params.uplinks.size(); ++uplink)
    declareUplink(uplink, params.uplinks[uplink]);
  if (params.downlinkRtx) mDownlinkRtx = *params.downlinkRtx;
  if (mDtls) return;  // a renegotiation: the DTLS association stays (RFC 8842 5)
  const auto role = params.serverIsDtlsClient ? dtls::DtlsRole::Client : dtls::DtlsRole::Server;
  mDtls = std::make_unique<dtls::DtlsTransport>(mDtlsContext, role, static_cast<dtls::DtlsListener&>(*this));
  mDtls->setRemoteFingerprint(params.fingerprintAlgorithm, params.fingerprintValue);
  mDtls->start(now);
}

void Peer::onDtls(Bytes datagram) {
  if (mDtls) mDtls->feed(datagram);
}

void Peer::onDtlsTimer(Micros now) {
  if (!mDtls) return;
  const auto due = mDtls->nextTimeout(now);
  if (due && *due <= now) mDtls->handleTimeout(now);
}

bool Peer::dtlsActive() const {
  return mDtls && mDtls->state() != dtls::DtlsTransport::State::Connected &&
         mDtls->state() != dtls::DtlsTransport::State::Failed &&
         mDtls->state() != dtls::DtlsTransport::State::Closed;
}

void Peer::onDtlsSend(Bytes datagram) { mHost.sendDatagram(*this, datagram); }

void Peer::onDtlsConnected(const dtls::SrtpKeys& keys) {
  const auto profile = srtp::profileFromDtlsId(keys.profileId);
  if (!profile) {
    mHost.onPeerFailed(*this, "unsupported SRTP profile");
    return;
  }
  mSrtpIn = srtp::SrtpSession::create(*profile, keys.remoteKey, keys.remoteSalt);
  // Outbound carries one SSRC per downlink: two per other participant, and more over a long
  // meeting's comings and goings (removeConsumer frees them).
  mSrtpOut = srtp::SrtpSession::create(*profile, keys.localKey, keys.localSalt, kMaxOutboundStreams);
  if (!mSrtpIn || !mSrtpOut) {
    mHost.onPeerFailed(*this, "SRTP keys could not be set up");
    return;
  }
  mHost.onPeerConnected(*this);
}

void Peer::onDtlsFailed(const char* reason) { mHost.onPeerFailed(*this, reason); }

void Peer::onDtlsClosed() { mHost.onPeerFailed(*this, "DTLS closed by the browser"); }

void Peer::declareUplink(uint8_t uplink, const std::vector<UplinkEncoding>& encodings) {
  std::array<std::string_view, media::kMaxEncodings> rids;
  size_t ridCount = 0;
  for (const auto& e : encodings)
    if (!e.rid.empty() && ridCount < rids.size()) rids[ridCount++] = e.rid;
  // The answer was checked against our offer, so its RIDs are ours and valid.
  if (!mDemux.declare(uplink, std::span(rids.data(), ridCount))) return;
  for (size_t i = 0; i < encodings.size() && i < media::kMaxEncodings; ++i) {
    const auto index = static_cast<uint8_t>(i);
    if (encodings[i].ssrc) mDemux.latch({uplink, index, false}, *encodings[i].ssrc);
    if (encodings[i].rtxSsrc) mDemux.latch({uplink, index, true}, *encodings[i].rtxSsrc);
    mProducers[uplink].encoding(i).expect(encodings[i].ssrc, encodings[i].rtxSsrc);
  }
}

bwe::FeedbackWriter& Peer::transportFeedback(uint32_t senderSsrc) {
  if (!mTransportFeedback)
    mTransportFeedback = std::make_unique<bwe::FeedbackWriter>(bwe::FeedbackWriterConfig{senderSsrc});
  return *mTransportFeedback;
}

Consumer& Peer::addConsumer(std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc,
                            uint32_t rtxSsrc) {
  mConsumers.push_back(std::make_unique<Consumer>(*this, std::move(publisher), kind, std::move(mid), ssrc));
  if (isVideo(kind)) mConsumers.back()->setRtxSsrc(rtxSsrc);
  return *mConsumers.back();
}

void Peer::addAudioSlot(std::string mid, uint32_t ssrc) {
  mAudioSlots.emplace_back(std::move(mid), ssrc, randomRewriterStart());
}

bool Peer::removeAudioSlot(const std::string& mid) {
  const auto removed = std::erase_if(mAudioSlots, [&](const AudioSlot& slot) {
    if (slot.mid() != mid) return false;
    if (mSrtpOut) mSrtpOut->removeStream(slot.ssrc());
    return true;
  });
  return removed > 0;
}

AudioSlot* Peer::slotCarrying(AudioSource source) {
  for (AudioSlot& slot : mAudioSlots)
    if (slot.source() == source) return &slot;
  return nullptr;
}

void Peer::removeConsumer(const std::string& mid) {
  auto it =
      std::find_if(mConsumers.begin(), mConsumers.end(), [&](const auto& c) { return c->mid() == mid; });
  if (it == mConsumers.end()) return;
  if (Producer* p = (*it)->producer()) p->detach(it->get());
  if (mSrtpOut) {
    mSrtpOut->removeStream((*it)->ssrc());
    if ((*it)->rtxSsrc() != 0) mSrtpOut->removeStream((*it)->rtxSsrc());
  }
  if (AudioSlot* slot = slotCarrying(it->get())) slot->setSource(nullptr);
  mConsumers.erase(it);
}

Consumer* Peer::consumerBySsrc(uint32_t ssrc) {
  for (auto& c : mConsumers)
    if (c->ssrc() == ssrc) return c.get();
  return nullptr;
}

}  // namespace vicos::sfu
