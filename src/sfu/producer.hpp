// One participant's uplink track (audio, camera or screen) as received by the SFU: its encodings
// (simulcast layers, producer_encoding.hpp), who consumes it, and where it is relayed.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "common/clock.hpp"
#include "media/media_profile.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/dynacast.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/producer_encoding.hpp"
#include "sfu/speaker_detector.hpp"

namespace vicos::sfu {

class Consumer;

// Where a producer's packets also go when its room is spread over workers: the ring to another
// worker (by index in the worker's list of outgoing rings) and the mirror's id there.
struct RelayTarget {
  uint32_t relayId = 0;
  size_t link = 0;
};

class Producer {
 public:
  explicit Producer(MediaKind kind) : mKind(kind) {}

  MediaKind kind() const { return mKind; }
  uint32_t clockRate() const { return (mKind == MediaKind::Audio ? media::kOpus : media::kVp8).clockRate; }

  // Encoding `index`, lowest layer first (uplink_demux.hpp numbers them). An encoding whose
  // SSRC is still unknown has received nothing.
  ProducerEncoding& encoding(size_t index) { return mEncodings[index]; }
  const ProducerEncoding& encoding(size_t index) const { return mEncodings[index]; }
  std::array<ProducerEncoding, media::kMaxEncodings>& encodings() { return mEncodings; }
  // The encoding whose primary or RTX stream has this SSRC, if any.
  ProducerEncoding* encodingBySsrc(uint32_t ssrc);

  void attach(Consumer* consumer);
  void detach(Consumer* consumer);
  const std::vector<Consumer*>& consumers() const { return mConsumers; }

  // Other workers that forward this producer to their own subscribers (sfu/relay_ring.hpp).
  void addRelay(RelayTarget target) { mRelays.push_back(target); }
  void removeRelay(uint32_t relayId) {
    std::erase_if(mRelays, [relayId](const RelayTarget& t) { return t.relayId == relayId; });
  }
  const std::vector<RelayTarget>& relays() const { return mRelays; }

  // A packet of encoding `index` (after SRTP unprotect).
  void onPacket(size_t index, const rtp::RtpView& packet, Micros now) {
    mEncodings[index].onPacket(packet, clockRate(), isVideo(mKind), now);
  }

  // Asks every encoding for a keyframe at its next chance (e.g. a consumer was added).
  void wantKeyframe() {
    if (!isVideo(mKind)) return;
    for (auto& e : mEncodings) e.wantKeyframe();
  }

  // RFC 6464 level of an audio packet; the interval's peak is taken by the speaker detector.
  void onAudioLevel(uint8_t level) {
    const uint8_t loudness = loudnessFromLevel(level);
    if (loudness > mPeakLoudness) mPeakLoudness = loudness;
  }
  uint8_t takePeakLoudness() {
    const uint8_t peak = mPeakLoudness;
    mPeakLoudness = 0;
    return peak;
  }
  // How loud it was lately (SpeakerDetector::smoothed), set by the router each speaker interval
  // for choosing subscribers' audio slots.
  int loudness() const { return mLoudness; }
  void setLoudness(int loudness) { mLoudness = loudness; }

  // Moderation: a producer that is not allowed is received but forwarded to nobody.
  void setForwarding(bool allowed) { mForwarding = allowed; }
  bool forwarding() const { return mForwarding; }

  // How many encodings the publisher is asked to send (dynacast.hpp).
  Dynacast& dynacast() { return mDynacast; }

 private:
  MediaKind mKind;
  std::array<ProducerEncoding, media::kMaxEncodings> mEncodings;
  std::vector<Consumer*> mConsumers;
  std::vector<RelayTarget> mRelays;
  uint8_t mPeakLoudness = 0;
  int mLoudness = 0;
  bool mForwarding = true;
  Dynacast mDynacast;
};

}  // namespace vicos::sfu
