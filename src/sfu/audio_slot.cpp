// Audio slots: continuous renumbering across publishers, and the sticky choice of the loudest.
#include "sfu/audio_slot.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"

namespace vicos::sfu {

namespace {

constexpr uint32_t kOpusClockPerMs = 48;  // RTP clock of Opus, RFC 7587 4.1
constexpr uint32_t kFrameTicks = 20 * kOpusClockPerMs;

}  // namespace

AudioSlot::AudioSlot(std::string mid, uint32_t ssrc, const StreamRewriter::Start& start)
    : mMid(std::move(mid)), mSsrc(ssrc), mRewriter(start) {}

void AudioSlot::setSource(AudioSource source) {
  if (source == mSource) return;
  mSource = source;
  mSourceStarted = false;
}

size_t AudioSlot::forward(const rtp::RtpView& in, uint16_t transportSeq, Micros now, MutableBytes out) {
  if (in.payload.empty()) return 0;
  if (!mSourceStarted) {
    // The new publisher's timestamps continue ours: as much later as time went by.
    uint32_t gap = 0;
    if (mAnySent)
      gap = std::max(kFrameTicks, static_cast<uint32_t>((now - mLastSent) / 1000) * kOpusClockPerMs);
    mRewriter.startSource(in.sequence, mRewriter.lastTimestamp() + gap - in.timestamp, false);
    mSourceStarted = true;
  }
  const auto mapping = mRewriter.forward(in.sequence, in.timestamp, nullptr);
  if (!mapping) return 0;
  const rtp::ExtensionElement mid{media::kExtMid.id, Bytes(reinterpret_cast<const uint8_t*>(mMid.data()), mMid.size())};
  const auto seqBytes = rtp::transportSeqBytes(transportSeq);
  rtp::ExtensionElement extensions[3] = {mid, {media::kExtTransportCc.id, Bytes(seqBytes.data(), 2)}};
  size_t count = 2;
  if (auto level = rtp::findExtension(in, media::kExtAudioLevel.id); level && level->size() == 1)
    extensions[count++] = {media::kExtAudioLevel.id, *level};
  const size_t size = writeMapped(in, *mapping, mSsrc, std::span(extensions, count), out);
  if (size == 0) return 0;
  mAnySent = true;
  mLastSent = now;
  ++mPacketsSent;
  mOctetsSent += static_cast<uint32_t>(in.payload.size());
  return size;
}

void chooseAudioSources(std::span<AudioSlot> slots, std::span<const AudioCandidate> candidates, int speaking,
                        int margin) {
  const auto loudness = [&](AudioSource source) {
    for (const auto& c : candidates)
      if (c.source == source) return c.loudness;
    return -1;  // no longer a candidate
  };
  const auto carried = [&](AudioSource source) {
    return std::any_of(slots.begin(), slots.end(), [&](const AudioSlot& s) { return s.source() == source; });
  };
  for (AudioSlot& slot : slots)
    if (slot.source() && loudness(slot.source()) < 0) slot.setSource(nullptr);
  // The loudest candidate not carried yet, the first of equals; nullptr when all are.
  const auto loudestFree = [&]() -> const AudioCandidate* {
    const AudioCandidate* best = nullptr;
    for (const auto& c : candidates)
      if (!carried(c.source) && (!best || c.loudness > best->loudness)) best = &c;
    return best;
  };
  for (AudioSlot& slot : slots) {
    if (slot.source()) continue;
    const AudioCandidate* next = loudestFree();
    if (!next) break;
    slot.setSource(next->source);
  }
  for (const AudioCandidate* next = loudestFree(); next && next->loudness >= speaking; next = loudestFree()) {
    AudioSlot* quietest = nullptr;
    for (AudioSlot& slot : slots)
      if (!quietest || loudness(slot.source()) < loudness(quietest->source())) quietest = &slot;
    if (!quietest || next->loudness < loudness(quietest->source()) + margin) break;
    quietest->setSource(next->source);
  }
}

}  // namespace vicos::sfu
