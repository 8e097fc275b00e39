// A room spread over several media workers: each packet of a publisher is copied once into the
// ring of every other worker that holds subscribers of it, and forwarded there from a mirror
// producer as if it had been received locally. Keyframe requests and sender reports, a few a
// second, travel back and forth as posted closures.
#include <unistd.h>

#include <cstdint>

#include "common/log.hpp"
#include "sfu/media_worker.hpp"

namespace vicos::sfu {

void MediaWorker::addRelay(const std::string& room, const std::string& publisher, MediaKind kind, uint32_t relayId,
                           RelayRing* ring, MediaWorker* dest) {
  Peer* peer = mTransports.find(room, publisher);
  if (!peer) return;  // gone already; the control thread removes the relay too
  size_t link = 0;
  while (link < mOutLinks.size() && mOutLinks[link].ring != ring) ++link;
  if (link == mOutLinks.size()) mOutLinks.push_back(OutLink{ring, dest, false});
  Producer& producer = peer->producer(kind);
  producer.removeRelay(relayId);
  producer.addRelay(RelayTarget{relayId, link});
  if (isVideo(kind)) producer.wantKeyframe();  // the new subscribers start on a keyframe
}

void MediaWorker::removeRelay(const std::string& room, const std::string& publisher, MediaKind kind,
                              uint32_t relayId) {
  if (Peer* peer = mTransports.find(room, publisher)) peer->producer(kind).removeRelay(relayId);
}

void MediaWorker::addMirror(const std::string& room, const std::string& publisher, MediaKind kind, uint32_t relayId,
                            RelayRing* ring, MediaWorker* source) {
  if (std::find(mInRings.begin(), mInRings.end(), ring) == mInRings.end()) mInRings.push_back(ring);
  Producer& producer = mRouters[room].addMirror(publisher, kind);
  mMirrors[relayId] = Mirror{room, publisher, kind, &producer, source};
  // The source may have pushed (and marked the ring pending) before this ring was ours.
  drainRelays();
}

void MediaWorker::removeMirror(uint32_t relayId) {
  auto it = mMirrors.find(relayId);
  if (it == mMirrors.end()) return;
  auto router = mRouters.find(it->second.room);
  if (router != mRouters.end()) {
    router->second.removeMirror(it->second.publisher, it->second.kind);
    if (router->second.empty()) mRouters.erase(router);
  }
  mMirrors.erase(it);
}

void MediaWorker::notifyRelay() {
  const uint64_t one = 1;
  // EAGAIN means the counter is already non-zero: the worker wakes anyway.
  [[maybe_unused]] const auto written = ::write(mRelayFd, &one, sizeof one);
}

void MediaWorker::wakeRelayTargets() {
  for (OutLink& link : mOutLinks) {
    if (!link.touched) continue;
    link.touched = false;
    if (link.ring->markPending()) link.dest->notifyRelay();
  }
}

void MediaWorker::onRelayReadable() {
  uint64_t count = 0;
  [[maybe_unused]] const auto read = ::read(mRelayFd, &count, sizeof count);
  drainRelays();
}

void MediaWorker::drainRelays() {
  mNow = nowMicros();
  for (RelayRing* ring : mInRings) {
    // Cleared before draining, so that a packet pushed meanwhile wakes us again.
    ring->clearPending();
    while (RelayRing::Packet* in = ring->front()) {
      auto mirror = mMirrors.find(in->relayId);
      const auto packet = rtp::parseRtp(Bytes(in->data.data(), in->size));
      if (mirror == mMirrors.end() || !packet) {
        mDrops.count(Drop::RelayUnknown);
      } else {
        Producer& producer = *mirror->second.producer;
        const uint8_t encoding = in->encoding < media::kMaxEncodings ? in->encoding : 0;
        producer.onPacket(encoding, *packet, mNow);
        forward(producer, encoding, *packet);
      }
      ring->pop();  // after forwarding: the view points into the slot
    }
  }
  flush();
}

void MediaWorker::requestKeyframeUpstream(const std::string& room, const std::string& publisher, Producer& producer,
                                          size_t encoding) {
  if (Peer* local = mTransports.find(room, publisher)) {
    sendKeyframeRequest(*local, producer.encoding(encoding));
    return;
  }
  for (auto& [id, mirror] : mMirrors) {
    if (mirror.producer != &producer) continue;
    MediaWorker* source = mirror.source;
    const MediaKind kind = mirror.kind;
    // Throttled by the mirror (ProducerEncoding::kKeyframeInterval), so a few posts a second at most.
    source->post([source, room, publisher, kind, encoding] { source->requestKeyframe(room, publisher, kind, encoding); });
    return;
  }
}

void MediaWorker::relaySenderReport(Producer& producer, size_t encoding, uint64_t ntp, uint32_t rtpTimestamp) {
  // Once a second per stream: consumers on other workers translate sender reports too. The
  // mirror's encoding has the publisher's SSRC once a relayed packet has arrived.
  for (const RelayTarget& relay : producer.relays()) {
    MediaWorker* dest = mOutLinks[relay.link].dest;
    const uint32_t id = relay.relayId;
    const auto ssrc = producer.encoding(encoding).ssrc();
    if (!ssrc) continue;
    dest->post([dest, id, encoding, ssrc = *ssrc, ntp, rtpTimestamp] {
      auto it = dest->mMirrors.find(id);
      if (it != dest->mMirrors.end())
        it->second.producer->encoding(encoding).onSenderReport(ssrc, ntp, rtpTimestamp, nowMicros());
    });
  }
}

}  // namespace vicos::sfu
