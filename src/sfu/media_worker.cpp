// The worker's packet path: receive a batch, demultiplex (RFC 7983), run ICE, DTLS and SRTP,
// forward RTP to consumers, send the batch.
#include "sfu/media_worker.hpp"

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "common/log.hpp"
#include "media/media_profile.hpp"
#include "net/demux.hpp"
#include "rtp/rtp_extensions.hpp"
#include "stun/stun_message.hpp"

namespace vicos::sfu {
namespace {

constexpr Micros kFastTick = 20'000;      // DTLS retransmissions, pending keyframe requests
constexpr Micros kSlowTick = 1'000'000;   // consent, RTCP reports, drop summaries
constexpr Micros kSpeakerTick = 300'000;  // active speaker decisions

dtls::DtlsCertificate makeCertificate() {
  auto certificate = dtls::DtlsCertificate::generate();
  if (!certificate) throw std::runtime_error("cannot generate the DTLS certificate");
  return std::move(*certificate);
}

}  // namespace

MediaWorker::MediaWorker(const WorkerOptions& options, PeerEventHandler events)
    : mSocket(options.bindIp, options.port),
      mRecv(std::make_unique<net::RecvBatch>()),
      mSend(std::make_unique<net::SendBatch>()),
      mTcp(std::make_unique<TcpConnections>(
          mLoop, options.tcpLimits,
          [this](uint8_t* data, size_t size, const ice::Endpoint& from) {
            onDatagram(data, size, from, sockaddr_storage{});
          },
          [this] { afterRead(); })),
      mCertificate(makeCertificate()),
      mDtlsContext(dtls::DtlsContext::create(mCertificate)),
      mEvents(std::move(events)) {
  if (!mDtlsContext) throw std::runtime_error("cannot create the DTLS context");
  mRelayFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (mRelayFd < 0) throw std::runtime_error("cannot create the relay eventfd");
  mLoop.watch(mRelayFd, EPOLLIN, [this](uint32_t) { onRelayReadable(); });
  mLoop.watch(mSocket.fd(), EPOLLIN, [this](uint32_t) { onReadable(); });
  if (options.tcp) mTcp->listen(options.bindIp, options.port == 0 ? 0 : mSocket.localPort());
  mLoop.setTimer(kFastTick, [this] { onFastTick(); });
  mLoop.setTimer(kSlowTick, [this] { onSlowTick(); });
  mLoop.setTimer(kSpeakerTick, [this] { onSpeakerTick(); });
}

MediaWorker::~MediaWorker() {
  stop();
  ::close(mRelayFd);
}

void MediaWorker::start() {
  mThread = std::thread([this] { mLoop.run(); });
  // Named, so that per-thread CPU use can be told apart (bench/workers.sh, top -H).
  ::pthread_setname_np(mThread.native_handle(), "vicos-media");
}

void MediaWorker::stop() {
  if (!mThread.joinable()) return;
  mLoop.stop();
  mThread.join();
}

// ---- control requests (posted by the control thread) ----

void MediaWorker::addPeer(const std::string& room, const std::string& id, const IceCredentials& credentials,
                          media::PeerId peerId) {
  mNow = nowMicros();
  Peer* peer =
      mTransports.add(std::make_unique<Peer>(room, id, peerId, credentials, *mDtlsContext, *this, mNow));
  if (peer) mRouters[room].addPeer(*peer);
}

void MediaWorker::removePeer(const std::string& room, const std::string& id) {
  std::unique_ptr<Peer> peer = mTransports.remove(room, id);
  if (!peer) return;
  auto router = mRouters.find(room);
  if (router != mRouters.end()) {
    router->second.removePeer(*peer);
    if (router->second.empty()) mRouters.erase(router);
  }
  peer.reset();
  flush();  // close_notify
}

void MediaWorker::setRemote(const std::string& room, const std::string& id, const RemoteMediaParams& params) {
  Peer* found = mTransports.find(room, id);
  if (!found) return;
  mNow = nowMicros();
  Peer& peer = *found;
  peer.setRemote(params, mNow);
  // The browser drops what it received for m-lines it did not know yet: ask for keyframes.
  for (const auto& consumer : peer.consumers())
    if (isVideo(consumer->kind()) && consumer->producer()) consumer->producer()->wantKeyframe();
  flush();
}

void MediaWorker::addDownlink(const std::string& room, const Downlink& downlink) {
  auto router = mRouters.find(room);
  if (router == mRouters.end()) return;
  router->second.addDownlink(downlink);
  // A new subscriber may need encodings the publisher was asked to pause.
  mNow = nowMicros();
  if (Peer* publisher = mTransports.find(room, downlink.publisher)) updateDynacast(*publisher);
}

void MediaWorker::removeDownlink(const std::string& room, const std::string& subscriber,
                                 const std::string& mid) {
  auto router = mRouters.find(room);
  if (router != mRouters.end()) router->second.removeDownlink(subscriber, mid);
}

void MediaWorker::requestKeyframe(const std::string& room, const std::string& publisher) {
  Peer* peer = mTransports.find(room, publisher);
  if (!peer) return;
  peer->producer(MediaKind::Video).wantKeyframe();
  peer->producer(MediaKind::Screen).wantKeyframe();
}

void MediaWorker::requestKeyframe(const std::string& room, const std::string& publisher, MediaKind kind,
                                  size_t encoding) {
  if (Peer* peer = mTransports.find(room, publisher)) peer->producer(kind).encoding(encoding).wantKeyframe();
}

void MediaWorker::setForwarding(const std::string& room, const std::string& publisher, MediaKind kind,
                                bool allowed) {
  Peer* peer = mTransports.find(room, publisher);
  if (!peer) return;
  Producer& producer = peer->producer(kind);
  // Subscribers dropped what came while it was stopped: start them on a keyframe.
  if (allowed && !producer.forwarding() && isVideo(kind)) producer.wantKeyframe();
  producer.setForwarding(allowed);
}

void MediaWorker::adoptTcp(int fd, const std::vector<uint8_t>& firstBytes) {
  mNow = nowMicros();
  mTcp->adopt(fd, firstBytes, mNow);
}

// ---- packet path ----

void MediaWorker::onReadable() {
  size_t n = 0;
  do {
    n = mSocket.receive(*mRecv);
    mNow = nowMicros();
    for (size_t i = 0; i < n; ++i) {
      auto& d = (*mRecv)[i];
      if (d.size == 0) continue;
      const auto from =
          ice::Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&d.from), net::addressLength(d.from));
      if (!from) continue;
      onDatagram(d.data, d.size, *from, d.local);
    }
    flush();
    wakeRelayTargets();
  } while (n == net::kBatchSize);
  removeDoomed();
}

void MediaWorker::afterRead() {
  mNow = nowMicros();
  flush();
  wakeRelayTargets();
  removeDoomed();
}

void MediaWorker::flush() {
  if (mSend->count() > 0) mSocket.flush(*mSend);
  mTcp->flush();
}

void MediaWorker::onDatagram(uint8_t* data, size_t size, const ice::Endpoint& from,
                             const sockaddr_storage& local) {
  const Bytes packet(data, size);
  const auto kind = net::classify(packet);
  if (kind == net::PacketKind::Stun) {
    onStun(packet, from, local);
    return;
  }
  if (kind == net::PacketKind::Unknown) {
    mDrops.count(Drop::UnknownKind);
    return;
  }
  Peer* found = mTransports.byTuple(from);
  if (!found) {
    mDrops.count(Drop::UnknownTuple);
    return;
  }
  Peer& peer = *found;
  switch (kind) {
    case net::PacketKind::Dtls: peer.onDtls(packet); break;
    case net::PacketKind::Rtp: onRtp(peer, data, size); break;
    case net::PacketKind::Rtcp: onRtcp(peer, data, size); break;
    default: break;
  }
}

void MediaWorker::onStun(Bytes packet, const ice::Endpoint& from, const sockaddr_storage& local) {
  uint8_t response[ice::IceLiteServer::kMaxResponseSize];
  const auto outcome = mTransports.onStun(packet, from, local, mNow, MutableBytes(response, sizeof response));
  // The answer leaves from the address the check arrived at (RFC 8445 7.2.5.2.1), or on the
  // ICE-TCP connection it came over (RFC 6544 7.1).
  if (outcome.responseLength > 0) sendPacket(Bytes(response, outcome.responseLength), from, &local);
  if (outcome.drop)
    mDrops.count(*outcome.drop);
  else if (from.isTcp())
    mTcp->onCheckPassed(from, mNow);
}

void MediaWorker::removeDoomed() {
  for (Peer* peer : mTransports.takeDoomed()) removePeerNow(*peer, PeerEvent::Failed);
}

void MediaWorker::onRtp(Peer& peer, uint8_t* data, size_t size) {
  srtp::SrtpSession* in = peer.srtpIn();
  if (!in) {
    mDrops.count(Drop::NoSrtp);
    return;
  }
  if (!in->unprotectRtp(data, size)) {
    mDrops.count(Drop::SrtpAuth);
    return;
  }
  const auto packet = rtp::parseRtp(Bytes(data, size));
  if (!packet) {
    mDrops.count(Drop::BadRtp);
    return;
  }
  // Every numbered packet of an uplink is reported back, forwarded or not, whatever stream it
  // belongs to: the browser's bandwidth probes are padding, often on an RTX stream not latched
  // yet, and a probe reported lost keeps its estimate at 1.5 × what it sends (docs/protocol.md,
  // "Transport-wide congestion control").
  if (const auto ext = rtp::findExtension(*packet, media::kExtTransportCc.id))
    if (const auto seq = rtp::readTransportSeq(*ext))
      peer.transportFeedback(kServerSsrc).onPacket(*seq, packet->ssrc, mNow);
  const auto classified = peer.classify(*packet);
  if (const Drop* drop = std::get_if<Drop>(&classified)) {
    mDrops.count(*drop);
    return;
  }
  const UplinkStream stream = std::get<UplinkStream>(classified);
  Producer& producer = peer.producer(static_cast<MediaKind>(stream.uplink));
  ++mCounters.rtpReceived;
  if (stream.rtx) {
    // Counted for our receiver reports, so that the browser stops sending MID and repaired RID;
    // retransmissions from publishers are not used yet (docs/design/media-model.md, item 7).
    producer.encoding(stream.encoding).onRtxPacket(*packet, producer.clockRate(), mNow);
    mDrops.count(Drop::RtxUnused);
    return;
  }
  producer.onPacket(stream.encoding, *packet, mNow);  // receiver reports go on either way
  if (!producer.forwarding()) {
    mDrops.count(Drop::NotAllowed);
    return;
  }
  forward(producer, stream.encoding, *packet);
}

void MediaWorker::forward(Producer& producer, uint8_t encoding, const rtp::RtpView& packet) {
  if (producer.kind() == MediaKind::Audio) {
    if (const auto ext = rtp::findExtension(packet, media::kExtAudioLevel.id))
      if (const auto level = rtp::readAudioLevel(*ext)) producer.onAudioLevel(level->level);
  }
  const auto clocks = isVideo(producer.kind()) ? layerClocks(producer) : decltype(layerClocks(producer)){};
  for (Consumer* consumer : producer.consumers()) {
    Peer& subscriber = consumer->subscriber();
    if (!subscriber.canSend()) continue;
    SwitchDecision decision;
    DownlinkEstimate& downlink = subscriber.downlink();
    const size_t plain = consumer->forward(encoding, packet, downlink.nextSeq(), clocks, mNow,
                                           MutableBytes(mSend->slot(), net::kMaxDatagram), decision);
    // A switch whose timestamps would jump too far waits for the target's next keyframe.
    if (decision.requestKeyframe)
      if (const auto wanted = consumer->video()->keyframeWanted()) producer.encoding(*wanted).wantKeyframe();
    if (plain == 0) continue;  // another layer, waiting for a keyframe, padding, or too large
    const size_t length = sendRtp(subscriber, plain);
    if (length == 0) continue;
    downlink.onSent(static_cast<uint32_t>(length), mNow);
    ++mCounters.rtpForwarded;
    mCounters.rtpForwardedBytes += length;
    if (RetransmitGuard* guard = consumer->retransmits()) guard->onForwarded(length);
  }
  for (const RelayTarget& relay : producer.relays()) {
    OutLink& link = mOutLinks[relay.link];
    if (!link.ring->push(relay.relayId, encoding, packet.packet, mNow)) {
      mDrops.count(Drop::RelayFull);
      continue;
    }
    ++mCounters.rtpRelayed;
    link.touched = true;
  }
}

// ---- timers ----

void MediaWorker::onFastTick() {
  mNow = nowMicros();
  for (auto& [key, peer] : mTransports.peers()) {
    if (peer->dtlsActive()) peer->onDtlsTimer(mNow);
    sendTransportFeedback(*peer);
    for (auto kind : {MediaKind::Video, MediaKind::Screen})
      for (ProducerEncoding& encoding : peer->producer(kind).encodings())
        if (encoding.keyframeWanted() && encoding.takeKeyframeRequest(mNow))
          sendKeyframeRequest(*peer, encoding);
  }
  for (auto& [id, mirror] : mMirrors)
    for (size_t i = 0; i < media::kMaxEncodings; ++i) {
      ProducerEncoding& encoding = mirror.producer->encoding(i);
      if (encoding.keyframeWanted() && encoding.takeKeyframeRequest(mNow))
        requestKeyframeUpstream(mirror.room, mirror.publisher, *mirror.producer, i);
    }
  flush();
  removeDoomed();
  mTcp->sweep(mNow, [this](const ice::Endpoint& closed) {
    if (Peer* peer = mTransports.byTuple(closed)) mTransports.forgetTuple(*peer, closed);
  });
  mLoop.setTimer(kFastTick, [this] { onFastTick(); });
}

void MediaWorker::onSlowTick() {
  mNow = nowMicros();
  std::vector<Peer*> expired;
  for (const auto& entry : mTransports.peers()) {
    Peer& peer = *entry.second;
    // RFC 7675 5.1: a pair without consent gets no more media, and its address is forgotten.
    peer.ice().expirePairs(mNow, [&](const ice::Endpoint& tuple) { mTransports.forgetTuple(peer, tuple); });
    if (peer.ice().consentExpired(mNow))
      expired.push_back(&peer);
    else if (peer.canSend()) {
      sendReports(peer);
      chooseLayers(peer);
      updateDynacast(peer);
    }
  }
  flush();
  for (Peer* peer : expired) removePeerNow(*peer, PeerEvent::ConsentExpired);
  if (mDrops.total() != mLastDropTotal) {
    mLastDropTotal = mDrops.total();
    std::string summary;
    for (size_t i = 0; i < static_cast<size_t>(Drop::Count); ++i)
      if (auto c = mDrops[static_cast<Drop>(i)])
        summary += std::string(" ") + dropName(static_cast<Drop>(i)) + "=" + std::to_string(c);
    LOG_DEBUG("media", "dropped packets since start:%s", summary.c_str());
  }
  const uint64_t refused = mCounters.nackRepeats + mCounters.nackOverCap + mCounters.nackOverBudget;
  if (refused != mLastRefused) {
    mLastRefused = refused;
    LOG_DEBUG("media", "NACKed packets not resent since start: repeat=%llu cap=%llu budget=%llu",
              static_cast<unsigned long long>(mCounters.nackRepeats),
              static_cast<unsigned long long>(mCounters.nackOverCap),
              static_cast<unsigned long long>(mCounters.nackOverBudget));
  }
  mLoop.setTimer(kSlowTick, [this] { onSlowTick(); });
}

void MediaWorker::onSpeakerTick() {
  for (auto& [room, router] : mRouters) {
    const auto speaker = router.updateSpeaker();
    if (speaker && mSpeakerEvents) mSpeakerEvents(room, *speaker);
  }
  mLoop.setTimer(kSpeakerTick, [this] { onSpeakerTick(); });
}

// ---- peer host ----

size_t MediaWorker::sendRtp(Peer& subscriber, size_t length) {
  if (!subscriber.srtpOut()->protectRtp(mSend->slot(), length, net::kMaxDatagram)) {
    mDrops.count(Drop::SrtpProtect);
    return 0;
  }
  queueTo(subscriber, length);
  return length;
}

void MediaWorker::queueTo(Peer& peer, size_t length) {
  const auto& to = *peer.sendTuple();
  if (to.isTcp()) return sendOverTcp(to, Bytes(mSend->slot(), length));  // copied; the slot is reused
  if (mSend->commit(length, to.sockaddrPtr(), to.sockaddrLength(), peer.sendFrom())) flush();
}

void MediaWorker::sendPacket(Bytes packet, const ice::Endpoint& to, const sockaddr_storage* from) {
  if (to.isTcp()) return sendOverTcp(to, packet);
  if (mSend->add(packet, to.sockaddrPtr(), to.sockaddrLength(), from)) flush();
}

// Never waits for the receiver: what its queue cannot take is dropped and counted.
void MediaWorker::sendOverTcp(const ice::Endpoint& to, Bytes packet) {
  switch (mTcp->send(to, packet)) {
    case TcpConnections::SendResult::Queued: break;
    case TcpConnections::SendResult::QueueFull: mDrops.count(Drop::TcpQueueFull); break;
    case TcpConnections::SendResult::NoConnection: mDrops.count(Drop::TcpClosed); break;
  }
}

void MediaWorker::sendDatagram(Peer& peer, Bytes datagram) {
  const auto& to = peer.sendTuple();
  if (!to) return;  // DTLS retransmits once ICE has found a tuple
  sendPacket(datagram, *to, peer.sendFrom());
}

void MediaWorker::onPeerConnected(Peer& peer) {
  for (const auto& consumer : peer.consumers())
    if (isVideo(consumer->kind()) && consumer->producer()) consumer->producer()->wantKeyframe();
  mEvents(peer.room(), peer.id(), peer.peerId(), PeerEvent::Connected);
}

void MediaWorker::onPeerFailed(Peer& peer, const char* reason) {
  LOG_INFO("media", "peer failed: %s", reason);
  mTransports.doom(peer);
}

void MediaWorker::removePeerNow(Peer& peer, PeerEvent reason) {
  const std::string room = peer.room();
  const std::string id = peer.id();
  const media::PeerId peerId = peer.peerId();
  removePeer(room, id);
  mEvents(room, id, peerId, reason);
}

}  // namespace vicos::sfu
