// The worker's side of downlink bandwidth estimation (downlink_estimate.hpp): each subscriber's
// layers chosen within its estimate, and the padding that probes for more paced out.
#include <algorithm>
#include <array>

#include "sfu/dynacast.hpp"
#include "sfu/layer_allocation.hpp"
#include "sfu/media_worker.hpp"

namespace vicos::sfu {

namespace {

constexpr Micros kProbeTick = 2'000;  // pacing resolution while a probe is out
constexpr int kMaxProbePacketsPerTick = 64;

}  // namespace

// Each video downlink follows the live encodings of its producer within the share of the
// subscriber's downlink estimate it gets (layer_allocation.hpp; audio is served first) and what
// its tile can use (MediaPlane::setView); one no tile shows is paused; one that waits for a
// keyframe asks for it again (throttled per encoding).
void MediaWorker::chooseLayers(Peer& subscriber) {
  std::array<LayerDemand, Peer::kMaxOutboundStreams> demands;
  std::array<uint8_t, Peer::kMaxOutboundStreams> caps;
  size_t count = 0;
  uint64_t audioBps = 0;
  for (const auto& consumer : subscriber.consumers()) {
    const Producer* producer = consumer->producer();
    if (!producer) continue;
    if (!consumer->video()) {
      if (subscriber.slotCarrying(consumer.get())) audioBps += producer->encoding(0).bitrate(mNow);
      continue;
    }
    if (count == demands.size()) break;
    LayerDemand& d = demands[count++];
    d.screen = consumer->kind() == MediaKind::Screen;
    d.shown = consumer->shown();
    d.rank = static_cast<uint8_t>(consumer->tile().rank);
    d.current = consumer->video()->forwarded();
    d.tileCap = consumer->tileCap();
    for (uint8_t e = 0; e < media::kMaxEncodings; ++e) d.bps[e] = producer->encoding(e).bitrate(mNow);
  }
  DownlinkEstimate& downlink = subscriber.downlink();
  if (const auto target = downlink.targetBps()) {
    downlink.noteAllocation(*target);
    const uint64_t full = allocateLayers(*target > audioBps ? *target - audioBps : 0,
                                         std::span(demands.data(), count), std::span(caps.data(), count));
    // Videos wait to go up: find out how much of what they need the link carries.
    if (full > 0) {
      downlink.requestProbe(full + audioBps, mNow);
      if (downlink.probing()) armProbeTimer();
    }
  } else {
    // No estimate yet: only the tiles limit.
    for (size_t i = 0; i < count; ++i) caps[i] = demands[i].shown ? demands[i].tileCap : media::kNoEncoding;
  }
  size_t i = 0;
  for (const auto& consumer : subscriber.consumers()) {
    VideoForwarding* video = consumer->video();
    Producer* producer = consumer->producer();
    if (!video || !producer) continue;
    const uint8_t cap = i < count ? caps[i++] : media::kMaxEncodings - 1;
    if (const auto wanted = video->chooseLayer(*producer, mNow, cap)) producer->encoding(*wanted).wantKeyframe();
  }
}

// A subscriber's tiles (MediaPlane::setView) apply at once: a video shown again starts at the
// next keyframe, asked for now.
void MediaWorker::setView(const std::string& room, const std::string& subscriber, const DownlinkViews& views) {
  Peer* peer = mTransports.find(room, subscriber);
  if (!peer) return;
  for (const auto& consumer : peer->consumers()) {
    if (!consumer->video()) continue;
    const auto it = std::find_if(views.begin(), views.end(), [&](const auto& v) { return v.first == consumer->mid(); });
    consumer->setTile(it == views.end() ? std::nullopt : std::optional(it->second));
  }
  mNow = nowMicros();
  chooseLayers(*peer);
  // What this page shows may make another publisher's encodings needed (at once) or not
  // (after the hold-down).
  if (auto router = mRouters.find(room); router != mRouters.end())
    for (const auto& [id, publisher] : router->second.peers()) updateDynacast(*publisher);
}

void MediaWorker::updateDynacast(Peer& publisher) {
  for (const MediaKind kind : {MediaKind::Video, MediaKind::Screen}) {
    Producer& producer = publisher.producer(kind);
    const auto encodings = producer.dynacast().update(encodingsNeeded(producer), mNow);
    if (encodings && mLayersEvents) mLayersEvents(publisher.room(), publisher.id(), publisher.peerId(), kind, *encodings);
  }
}

void MediaWorker::armProbeTimer() {
  if (mProbeTimerArmed) return;
  mProbeTimerArmed = true;
  mLoop.setTimer(kProbeTick, [this] { onProbeTick(); });
}

void MediaWorker::onProbeTick() {
  mNow = nowMicros();
  bool any = false;
  for (auto& [key, peer] : mTransports.peers()) {
    if (!peer->downlink().probing()) continue;
    if (peer->canSend())
      sendProbe(*peer);
    else
      peer->downlink().probeBlocked(mNow);  // no path now: given up after a while, like any block
    any = any || peer->downlink().probing();
  }
  flush();
  mProbeTimerArmed = false;
  if (any) armProbeTimer();
}

// Padding on the first video downlink that is between frames, as much as the cluster's rate
// allows by now.
void MediaWorker::sendProbe(Peer& subscriber) {
  DownlinkEstimate& downlink = subscriber.downlink();
  for (int i = 0; i < kMaxProbePacketsPerTick; ++i) {
    const auto due = downlink.probeDue(mNow);
    if (!due) return;
    size_t length = 0;
    for (const auto& consumer : subscriber.consumers()) {
      const size_t plain = consumer->padding(downlink.nextSeq(), DownlinkEstimate::kProbePadding,
                                             MutableBytes(mSend->slot(), net::kMaxDatagram));
      if (plain == 0) continue;
      length = sendRtp(subscriber, plain);
      break;
    }
    if (length == 0) return downlink.probeBlocked(mNow);
    downlink.onSent(static_cast<uint32_t>(length), mNow, due->cluster);
    ++mCounters.probePackets;
  }
}

}  // namespace vicos::sfu
