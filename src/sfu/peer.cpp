// Peer transport chain: DTLS set up from the answer, SRTP from the DTLS keys, uplink SSRCs
// from the answer or the mid extension.
#include "sfu/peer.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "srtp/srtp_profile.hpp"

namespace vicos::sfu {

Peer::Peer(std::string room, std::string id, media::PeerId peerId, const IceCredentials& local,
           dtls::DtlsContext& dtls, PeerHost& host, Micros now)
    : mRoom(std::move(room)), mId(std::move(id)), mPeerId(peerId), mIce(local.ufrag, local.pwd), mDtlsContext(dtls),
      mHost(host) {
  mIce.setStartTime(now);
}

Peer::~Peer() {
  if (mDtls) mDtls->close();
}

void Peer::setRemote(const RemoteMediaParams& params, Micros now) {
  mIce.setRemoteCredentials(params.iceUfrag, params.icePwd);
  if (params.audioSsrc) producer(MediaKind::Audio).setSsrc(*params.audioSsrc);
  if (params.videoSsrc) producer(MediaKind::Video).setSsrc(*params.videoSsrc);
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

Producer* Peer::producerFor(const rtp::RtpView& packet) {
  for (auto& p : mProducers)
    if (p.ssrc() == packet.ssrc) return &p;
  // Unknown SSRC: the mid header extension says which m-line it belongs to.
  const auto midBytes = rtp::findExtension(packet, media::kExtMid.id);
  if (!midBytes) return nullptr;
  const auto mid = rtp::readMid(*midBytes);
  if (!mid || mid->size() != 1 || (*mid)[0] < '0' || (*mid)[0] > '2') return nullptr;
  Producer& p = producer(static_cast<MediaKind>((*mid)[0] - '0'));  // uplink mid = kind
  p.setSsrc(packet.ssrc);  // the browser changed or first announced its SSRC
  return &p;
}

Consumer& Peer::addConsumer(std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc) {
  mConsumers.push_back(std::make_unique<Consumer>(*this, std::move(publisher), kind, std::move(mid), ssrc));
  return *mConsumers.back();
}

void Peer::removeConsumer(const std::string& mid) {
  auto it = std::find_if(mConsumers.begin(), mConsumers.end(), [&](const auto& c) { return c->mid() == mid; });
  if (it == mConsumers.end()) return;
  if (Producer* p = (*it)->producer()) p->detach(it->get());
  if (mSrtpOut) mSrtpOut->removeStream((*it)->ssrc());
  mConsumers.erase(it);
}

Consumer* Peer::consumerBySsrc(uint32_t ssrc) {
  for (auto& c : mConsumers)
    if (c->ssrc() == ssrc) return c.get();
  return nullptr;
}

}  // namespace vicos::sfu
