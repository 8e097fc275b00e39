// Router wiring between producers (local or mirrored from another worker) and consumers.
#include "sfu/router.hpp"

namespace vicos::sfu {

void Router::addPeer(Peer& peer) {
  mPeers[peer.id()] = &peer;
  // Downlinks announced before this publisher's peer existed, or fed from a mirror while it
  // was on another worker, are fed from the local producer from now on.
  for (auto& [id, other] : mPeers)
    for (auto& consumer : other->consumers())
      if (consumer->publisher() == peer.id()) {
        if (Producer* old = consumer->producer()) old->detach(consumer.get());
        Producer& producer = peer.producer(consumer->kind());
        consumer->setProducer(&producer);
        producer.attach(consumer.get());
      }
}

void Router::removePeer(Peer& peer) {
  for (auto kind : kAllKinds) {
    Producer& producer = peer.producer(kind);
    for (Consumer* consumer : producer.consumers()) consumer->setProducer(nullptr);
  }
  for (auto& consumer : peer.consumers())
    if (Producer* producer = consumer->producer()) producer->detach(consumer.get());
  mPeers.erase(peer.id());
  mSpeaker.remove(peer.id());
}

Producer& Router::addMirror(const std::string& publisher, MediaKind kind) {
  auto& slot = mMirrors[{publisher, kind}];
  if (!slot) slot = std::make_unique<Producer>(kind);
  if (!find(publisher))
    for (auto& [id, peer] : mPeers)
      for (auto& consumer : peer->consumers())
        if (consumer->publisher() == publisher && consumer->kind() == kind && !consumer->producer()) {
          consumer->setProducer(slot.get());
          slot->attach(consumer.get());
          slot->wantKeyframe();
        }
  return *slot;
}

void Router::removeMirror(const std::string& publisher, MediaKind kind) {
  auto it = mMirrors.find({publisher, kind});
  if (it == mMirrors.end()) return;
  for (Consumer* consumer : it->second->consumers()) consumer->setProducer(nullptr);
  if (kind == MediaKind::Audio) mSpeaker.remove(publisher);
  mMirrors.erase(it);
}

Producer* Router::source(const std::string& publisher, MediaKind kind) {
  if (Peer* peer = find(publisher)) return &peer->producer(kind);
  auto it = mMirrors.find({publisher, kind});
  return it == mMirrors.end() ? nullptr : it->second.get();
}

std::optional<std::string> Router::updateSpeaker() {
  for (auto& [id, peer] : mPeers) mSpeaker.sample(id, peer->producer(MediaKind::Audio).takePeakLoudness());
  // Microphones on other workers are heard through their mirrors.
  for (auto& [key, mirror] : mMirrors)
    if (key.second == MediaKind::Audio && !find(key.first)) mSpeaker.sample(key.first, mirror->takePeakLoudness());
  return mSpeaker.decide();
}

Peer* Router::find(const std::string& participant) {
  auto it = mPeers.find(participant);
  return it == mPeers.end() ? nullptr : it->second;
}

Consumer* Router::addDownlink(const Downlink& downlink) {
  Peer* subscriber = find(downlink.subscriber);
  if (!subscriber) return nullptr;
  Consumer& consumer = subscriber->addConsumer(downlink.publisher, downlink.kind, downlink.mid, downlink.ssrc);
  if (Producer* producer = source(downlink.publisher, downlink.kind)) {
    consumer.setProducer(producer);
    producer->attach(&consumer);
    // A video downlink starts at a keyframe of the layer it takes.
    if (VideoForwarding* video = consumer.video()) {
      video->chooseLayer(*producer, nowMicros());
      producer->encoding(video->encoding()).wantKeyframe();
    }
  }
  return &consumer;
}

void Router::removeDownlink(const std::string& subscriber, const std::string& mid) {
  if (Peer* peer = find(subscriber)) peer->removeConsumer(mid);
}

}  // namespace vicos::sfu
