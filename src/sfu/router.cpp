// Router wiring between producers (local or mirrored from another worker) and consumers.
#include "sfu/router.hpp"

namespace vicos::sfu {

namespace {

// A consumer fed from a new producer gets a new RTP stream: the audio slot that carries it lets
// it go, so that its next packet starts the slot's next source (continuous numbers) instead of
// jumping within the old one.
void restartSlot(Peer& subscriber, const Consumer& consumer) {
  if (AudioSlot* slot = subscriber.slotCarrying(&consumer)) slot->setSource(nullptr);
}

// A microphone counts as on while its last packet is at most this old (Opus sends at least a
// packet every 20 ms while on; with DTX one every 400 ms in silence).
constexpr Micros kAudioLive = 2'000'000;

}  // namespace

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
        restartSlot(*other, *consumer);
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
          restartSlot(*peer, *consumer);
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
  for (auto& [id, peer] : mPeers) {
    Producer& microphone = peer->producer(MediaKind::Audio);
    mSpeaker.sample(id, microphone.takePeakLoudness());
    microphone.setLoudness(mSpeaker.smoothed(id));
  }
  // Microphones on other workers are heard through their mirrors.
  for (auto& [key, mirror] : mMirrors)
    if (key.second == MediaKind::Audio && !find(key.first)) {
      mSpeaker.sample(key.first, mirror->takePeakLoudness());
      mirror->setLoudness(mSpeaker.smoothed(key.first));
    }
  auto speaker = mSpeaker.decide();
  for (auto& [id, peer] : mPeers) chooseAudio(*peer);
  return speaker;
}

void Router::chooseAudio(Peer& subscriber) {
  if (subscriber.audioSlots().empty()) return;
  // Microphones that sent nothing lately (off, or not yet on) take no slot from one that did.
  const Micros now = nowMicros();
  mCandidates.clear();
  for (const auto& consumer : subscriber.consumers()) {
    const Producer* producer = consumer->producer();
    if (consumer->kind() != MediaKind::Audio || !producer) continue;
    const Micros last = producer->encoding(0).lastPacketTime();
    if (last > 0 && now - last < kAudioLive) mCandidates.push_back({consumer.get(), producer->loudness()});
  }
  chooseAudioSources(subscriber.audioSlots(), mCandidates, SpeakerDetector::kThreshold, SpeakerDetector::kMargin);
}

Peer* Router::find(const std::string& participant) {
  auto it = mPeers.find(participant);
  return it == mPeers.end() ? nullptr : it->second;
}

void Router::addDownlink(const Downlink& downlink) {
  Peer* subscriber = find(downlink.subscriber);
  if (!subscriber) return;
  if (downlink.kind == MediaKind::Audio && downlink.publisher.empty()) {
    subscriber->addAudioSlot(downlink.mid, downlink.ssrc);
    chooseAudio(*subscriber);
    return;
  }
  Consumer& consumer =
      subscriber->addConsumer(downlink.publisher, downlink.kind, downlink.mid, downlink.ssrc, downlink.rtxSsrc);
  if (Producer* producer = source(downlink.publisher, downlink.kind)) {
    consumer.setProducer(producer);
    producer->attach(&consumer);
    // A video downlink starts at a keyframe of the layer it takes.
    if (VideoForwarding* video = consumer.video()) {
      video->chooseLayer(*producer, nowMicros());
      producer->encoding(video->encoding()).wantKeyframe();
    }
  }
  if (downlink.kind == MediaKind::Audio) chooseAudio(*subscriber);
}

void Router::removeDownlink(const std::string& subscriber, const std::string& mid) {
  Peer* peer = find(subscriber);
  if (!peer) return;
  if (!peer->removeAudioSlot(mid)) peer->removeConsumer(mid);
  chooseAudio(*peer);
}

}  // namespace vicos::sfu
