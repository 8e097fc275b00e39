// Router wiring between producers and consumers.
#include "sfu/router.hpp"

namespace vicos::sfu {

void Router::addPeer(Peer& peer) {
  mPeers[peer.id()] = &peer;
  // Downlinks announced before this publisher's peer existed are fed from now on.
  for (auto& [id, other] : mPeers)
    for (auto& consumer : other->consumers())
      if (consumer->publisher() == peer.id()) {
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

std::optional<std::string> Router::updateSpeaker() {
  for (auto& [id, peer] : mPeers) mSpeaker.sample(id, peer->producer(MediaKind::Audio).takePeakLoudness());
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
  if (Peer* publisher = find(downlink.publisher)) {
    Producer& producer = publisher->producer(downlink.kind);
    consumer.setProducer(&producer);
    producer.attach(&consumer);
    producer.wantKeyframe();
  }
  return &consumer;
}

void Router::removeDownlink(const std::string& subscriber, const std::string& mid) {
  if (Peer* peer = find(subscriber)) peer->removeConsumer(mid);
}

}  // namespace vicos::sfu
