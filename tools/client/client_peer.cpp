// The synthetic browser's transport chain: UDP → demux (RFC 7983) → ICE / DTLS / SRTP, and
// its send helpers.
#include "client/client_peer.hpp"

#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

#include "ice/endpoint.hpp"
#include "media/media_profile.hpp"
#include "net/demux.hpp"
#include "rtcp/feedback_nack.hpp"
#include "rtcp/feedback_pli.hpp"
#include "srtp/srtp_profile.hpp"
#include "stun/stun_message.hpp"

namespace vicos::client {
namespace {

// Room the SRTCP trailer (E|index and tag) needs behind an RTCP packet we write.
constexpr size_t kRtcpTrailerRoom = 64;

uint32_t randomSsrc() {
  uint32_t ssrc = 0;
  while (ssrc == 0)
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&ssrc), sizeof ssrc) != 1)
      throw std::runtime_error("no randomness for an SSRC");
  return ssrc;
}

dtls::DtlsCertificate makeCertificate() {
  auto certificate = dtls::DtlsCertificate::generate();
  if (!certificate) throw std::runtime_error("cannot generate the client's DTLS certificate");
  return std::move(*certificate);
}

bool sameAddress(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET) {
    const auto& x = reinterpret_cast<const sockaddr_in&>(a);
    const auto& y = reinterpret_cast<const sockaddr_in&>(b);
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  if (a.ss_family == AF_INET6) {
    const auto& x = reinterpret_cast<const sockaddr_in6&>(a);
    const auto& y = reinterpret_cast<const sockaddr_in6&>(b);
    return x.sin6_port == y.sin6_port &&
           std::memcmp(&x.sin6_addr, &y.sin6_addr, sizeof x.sin6_addr) == 0;
  }
  return false;
}

}  // namespace

ClientPeer::ClientPeer(const ClientOptions& options, ClientListener* listener)
    : mListener(listener),
      mSocket(options.bindIp, 0),
      mRecv(std::make_unique<net::RecvBatch>()),
      mSend(std::make_unique<net::SendBatch>()),
      mCertificate(makeCertificate()),
      mDtlsContext(dtls::DtlsContext::create(mCertificate)),
      mCredentials(ice::generateIceCredentials()),
      mAudio(options.audioSsrc ? options.audioSsrc : randomSsrc()),
      mVideo(options.videoSsrc ? options.videoSsrc : randomSsrc(), "1", media::kVp8.payloadType,
             options.videoPacketSize),
      mSimulcast({randomSsrc(), randomSsrc(), randomSsrc()}, "1", options.videoPacketSize) {
  if (!mDtlsContext) throw std::runtime_error("cannot create the client's DTLS context");
}

ClientPeer::~ClientPeer() {
  if (mDtls && mState == ClientState::Connected) {
    mDtls->close();
    flush();
  }
}

bool ClientPeer::connect(const ServerParams& server, Micros now) {
  if (!net::makeAddress(server.ip, server.port, mServer)) return false;
  mServerLength = net::addressLength(mServer);
  if (server.tcp) {
    mTcp = std::make_unique<FramedTcp>();
    if (!mTcp->connect(mServer, mServerLength)) return false;
  }
  mServerFingerprint = server.fingerprintSha256;
  mIce = std::make_unique<IceAgent>(mCredentials.ufrag, server.iceUfrag, server.icePwd, mCredentials.pwd,
                                    server.iceControlling ? IceRole::Controlling : IceRole::Controlled);
  mIce->start(now);
  mState = ClientState::Checking;
  if (!server.dtlsClient) {
    // RFC 5763 5: the DTLS server waits for the ClientHello, which the peer sends once its
    // own checks succeeded, possibly before ours did.
    mDtls = std::make_unique<dtls::DtlsTransport>(*mDtlsContext, dtls::DtlsRole::Server,
                                                  static_cast<dtls::DtlsListener&>(*this));
    mDtls->setRemoteFingerprint("sha-256", mServerFingerprint);
    mDtls->start(now);
  }
  runTimers(now);
  flush();
  return true;
}

void ClientPeer::poll(Micros now) {
  if (mTcp) {
    if (!mTcp->read([&](uint8_t* data, size_t size) { onDatagram(data, size, now); }))
      mState = ClientState::Closed;
    runTimers(now);
    flush();
    return;
  }
  size_t n = 0;
  do {
    n = mSocket.receive(*mRecv);
    for (size_t i = 0; i < n; ++i) {
      auto& d = (*mRecv)[i];
      if (d.size == 0) continue;
      if (mServerLength == 0 || !sameAddress(d.from, mServer)) {
        ++mCounters.foreign;
        continue;
      }
      onDatagram(d.data, d.size, now);
    }
  } while (n == net::kBatchSize);
  runTimers(now);
  flush();
}

std::optional<Micros> ClientPeer::nextTimeout(Micros now) const {
  std::optional<Micros> next = mIce ? mIce->nextTimeout() : std::nullopt;
  if (mDtls) {
    const auto dtls = mDtls->nextTimeout(now);
    if (dtls && (!next || *dtls < *next)) next = dtls;
  }
  return next;
}

void ClientPeer::runTimers(Micros now) {
  if (mIce) {
    if (const size_t size = mIce->poll(now, MutableBytes(mSend->slot(), net::kMaxDatagram))) queue(size);
    if (mState == ClientState::Connected && mIce->consentExpired(now)) mState = ClientState::Failed;
  }
  if (mDtls) {
    const auto due = mDtls->nextTimeout(now);
    if (due && *due <= now) mDtls->handleTimeout(now);
  }
}

void ClientPeer::onDatagram(uint8_t* data, size_t size, Micros now) {
  const Bytes packet(data, size);
  switch (net::classify(packet)) {
    case net::PacketKind::Stun: onStun(packet, now); break;
    case net::PacketKind::Dtls:
      if (mDtls) mDtls->feed(packet);
      break;
    case net::PacketKind::Rtp: onSrtp(data, size, false); break;
    case net::PacketKind::Rtcp: onSrtp(data, size, true); break;
    case net::PacketKind::Unknown: ++mCounters.malformed; break;
  }
}

void ClientPeer::onStun(Bytes packet, Micros now) {
  stun::StunMessage msg;
  if (!mIce || stun::parseStun(packet, msg) != stun::StunError::None) {
    ++mCounters.stunIgnored;
    return;
  }
  if (msg.cls == stun::StunClass::Request) {
    // A full agent's check (RFC 8445 7.3); datagrams reach here only from the server's address.
    const auto from = ice::Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&mServer), mServerLength);
    size_t size = 0;
    if (from && mIce->onRequest(packet, msg, from->toStun(), MutableBytes(mSend->slot(), net::kMaxDatagram),
                                size) == IceRequestError::None) {
      ++mCounters.checksAnswered;
      queue(size);
    } else {
      ++mCounters.stunIgnored;
    }
    return;
  }
  if (mIce->onStun(packet, msg, now) != IceResponseError::None) {
    ++mCounters.stunIgnored;
    return;
  }
  if (mState != ClientState::Checking) return;
  if (mDtls) {
    // DTLS server: already waiting; Connected comes with the handshake.
    mState = ClientState::Handshaking;
    return;
  }
  // RFC 8842 5: the answerer with setup:active starts DTLS once ICE has a working pair.
  mState = ClientState::Handshaking;
  mDtls = std::make_unique<dtls::DtlsTransport>(*mDtlsContext, dtls::DtlsRole::Client,
                                                static_cast<dtls::DtlsListener&>(*this));
  mDtls->setRemoteFingerprint("sha-256", mServerFingerprint);
  mDtls->start(now);
}

void ClientPeer::onSrtp(uint8_t* data, size_t size, bool isRtcp) {
  if (mFilter && mFilter(Bytes(data, size))) {
    ++mCounters.filtered;
    return;
  }
  if (!mSrtpIn) {
    ++mCounters.srtpFailures;
    return;
  }
  if (isRtcp) {
    if (!mSrtpIn->unprotectRtcp(data, size)) {
      ++mCounters.srtpFailures;
      return;
    }
    const auto compound = rtcp::parseCompound(Bytes(data, size));
    if (!compound) {
      ++mCounters.malformed;
      return;
    }
    ++mCounters.rtcpReceived;
    if (mListener) mListener->onRtcp(*compound);
    return;
  }
  if (!mSrtpIn->unprotectRtp(data, size)) {
    ++mCounters.srtpFailures;
    return;
  }
  const auto packet = rtp::parseRtp(Bytes(data, size));
  if (!packet) {
    ++mCounters.malformed;
    return;
  }
  ++mCounters.rtpReceived;
  if (mListener) mListener->onRtp(*packet);
}

// ---- sending ----

bool ClientPeer::queue(size_t size) {
  if (mServerLength == 0) return false;
  if (mTcp) return mTcp->send(Bytes(mSend->slot(), size));  // copied; the slot is reused
  if (mSend->commit(size, reinterpret_cast<const sockaddr*>(&mServer), mServerLength)) flush();
  return true;
}

void ClientPeer::flush() {
  if (mTcp) mTcp->flush();
  if (mSend->count() > 0) mSocket.flush(*mSend);
}

bool ClientPeer::sendAudio() {
  if (!mSrtpOut) return false;
  uint8_t* slot = mSend->slot();
  size_t size = mAudio.writeNext(MutableBytes(slot, net::kMaxDatagram - kRtcpTrailerRoom));
  if (size == 0 || !mSrtpOut->protectRtp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtpSent;
  return queue(size);
}

bool ClientPeer::sendVideo() {
  if (!mSrtpOut) return false;
  uint8_t* slot = mSend->slot();
  size_t size = mVideo.writeNext(MutableBytes(slot, net::kMaxDatagram - kRtcpTrailerRoom));
  if (size == 0 || !mSrtpOut->protectRtp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtpSent;
  return queue(size);
}

bool ClientPeer::sendSimulcast() {
  if (!mSrtpOut) return false;
  uint8_t* slot = mSend->slot();
  size_t size = mSimulcast.writeNext(MutableBytes(slot, net::kMaxDatagram - kRtcpTrailerRoom));
  if (size == 0 || !mSrtpOut->protectRtp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtpSent;
  return queue(size);
}

size_t ClientPeer::protectRtp(Bytes plaintext, MutableBytes out) {
  if (!mSrtpOut || plaintext.size() > out.size()) return 0;
  std::memcpy(out.data(), plaintext.data(), plaintext.size());
  size_t size = plaintext.size();
  if (!mSrtpOut->protectRtp(out.data(), size, out.size())) return 0;
  ++mCounters.rtpSent;
  return size;
}

bool ClientPeer::sendRtp(Bytes plaintext) {
  const size_t size = protectRtp(plaintext, MutableBytes(mSend->slot(), net::kMaxDatagram));
  return size > 0 && queue(size);
}

bool ClientPeer::sendRtcp(Bytes plaintext) {
  if (!mSrtpOut || plaintext.size() > net::kMaxDatagram - kRtcpTrailerRoom) return false;
  uint8_t* slot = mSend->slot();
  std::memcpy(slot, plaintext.data(), plaintext.size());
  size_t size = plaintext.size();
  if (!mSrtpOut->protectRtcp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtcpSent;
  return queue(size);
}

bool ClientPeer::sendPli(uint32_t mediaSsrc) {
  if (!mSrtpOut) return false;
  uint8_t* slot = mSend->slot();
  size_t size = rtcp::writePli(MutableBytes(slot, net::kMaxDatagram - kRtcpTrailerRoom), videoSsrc(), mediaSsrc);
  if (size == 0 || !mSrtpOut->protectRtcp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtcpSent;
  return queue(size);
}

bool ClientPeer::sendNack(uint32_t mediaSsrc, std::span<const uint16_t> lost) {
  if (!mSrtpOut) return false;
  uint8_t* slot = mSend->slot();
  size_t size = rtcp::writeNack(MutableBytes(slot, net::kMaxDatagram - kRtcpTrailerRoom), videoSsrc(), mediaSsrc, lost);
  if (size == 0 || !mSrtpOut->protectRtcp(slot, size, net::kMaxDatagram)) return false;
  ++mCounters.rtcpSent;
  return queue(size);
}

void ClientPeer::sendRaw(Bytes datagram) {
  if (mServerLength == 0) return;
  if (mTcp) {
    mTcp->send(datagram);
    return;
  }
  if (mSend->add(datagram, reinterpret_cast<const sockaddr*>(&mServer), mServerLength)) flush();
}

// ---- DTLS ----

void ClientPeer::onDtlsSend(Bytes datagram) { sendRaw(datagram); }

void ClientPeer::onDtlsConnected(const dtls::SrtpKeys& keys) {
  const auto profile = srtp::profileFromDtlsId(keys.profileId);
  if (profile) {
    mSrtpIn = srtp::SrtpSession::create(*profile, keys.remoteKey, keys.remoteSalt);
    mSrtpOut = srtp::SrtpSession::create(*profile, keys.localKey, keys.localSalt);
  }
  if (!mSrtpIn || !mSrtpOut) {
    mState = ClientState::Failed;
    return;
  }
  mKeys = keys;
  mState = ClientState::Connected;
}

void ClientPeer::onDtlsFailed(const char* /*reason*/) { mState = ClientState::Failed; }

void ClientPeer::onDtlsClosed() { mState = ClientState::Closed; }

}  // namespace vicos::client
