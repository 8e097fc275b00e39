// One participant's uplink track (audio or video) as received by the SFU: who consumes it,
// its NACK cache, its receive statistics, and throttled keyframe requests.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "common/clock.hpp"
#include "media/media_profile.hpp"
#include "rtcp/receive_stats.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/rtp_cache.hpp"
#include "sfu/speaker_detector.hpp"

namespace vicos::sfu {

class Consumer;

// Where a producer's packets also go when its room is spread over workers: the ring to another
// worker (by index in the worker's list of outgoing rings) and the mirror's id there.
struct RelayTarget {
  uint32_t relayId = 0;
  size_t link = 0;
};

// The last sender report of a producer, used to translate it for consumers (RFC 3550 6.4.1).
struct SenderClock {
  uint64_t ntp = 0;
  uint32_t rtpTimestamp = 0;
  Micros arrival = 0;
};

class Producer {
 public:
  // Keyframe requests to one publisher are sent at most this often.
  static constexpr Micros kKeyframeInterval = 500'000;

  explicit Producer(MediaKind kind);

  MediaKind kind() const { return mKind; }
  uint32_t clockRate() const { return (mKind == MediaKind::Audio ? media::kOpus : media::kVp8).clockRate; }
  std::optional<uint32_t> ssrc() const { return mSsrc; }
  void setSsrc(uint32_t ssrc) { mSsrc = ssrc; }

  void attach(Consumer* consumer);
  void detach(Consumer* consumer);
  const std::vector<Consumer*>& consumers() const { return mConsumers; }

  // Other workers that forward this producer to their own subscribers (sfu/relay_ring.hpp).
  void addRelay(RelayTarget target) { mRelays.push_back(target); }
  void removeRelay(uint32_t relayId) {
    std::erase_if(mRelays, [relayId](const RelayTarget& t) { return t.relayId == relayId; });
  }
  const std::vector<RelayTarget>& relays() const { return mRelays; }

  // Records a received packet (after SRTP unprotect).
  void onPacket(const rtp::RtpView& packet, Micros now);
  const RtpCache* cache() const { return mCache.get(); }

  void onSenderReport(uint64_t ntp, uint32_t rtpTimestamp, Micros now);
  const std::optional<SenderClock>& senderClock() const { return mSenderClock; }

  // True when a keyframe request should go to the publisher now; false while throttled.
  bool takeKeyframeRequest(Micros now);
  // Marks that a request is wanted (e.g. a consumer was added) even if throttled now.
  void wantKeyframe() { mKeyframeWanted = true; }
  bool keyframeWanted() const { return mKeyframeWanted; }

  // Statistics for our receiver reports to the publisher; empty before the first packet.
  rtcp::ReceiveStats* stats() { return mStats ? &*mStats : nullptr; }
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

  // Moderation: a producer that is not allowed is received but forwarded to nobody.
  void setForwarding(bool allowed) { mForwarding = allowed; }
  bool forwarding() const { return mForwarding; }

  uint64_t packetsReceived() const { return mPacketsReceived; }
  uint16_t highestSequence() const { return mHighestSequence; }
  Micros lastPacketTime() const { return mLastPacket; }

 private:
  MediaKind mKind;
  std::optional<uint32_t> mSsrc;
  std::vector<Consumer*> mConsumers;
  std::vector<RelayTarget> mRelays;
  std::unique_ptr<RtpCache> mCache;
  std::optional<SenderClock> mSenderClock;
  std::optional<rtcp::ReceiveStats> mStats;
  Micros mLastKeyframeRequest = -kKeyframeInterval;
  bool mKeyframeWanted = false;
  uint64_t mPacketsReceived = 0;
  uint16_t mHighestSequence = 0;
  Micros mLastPacket = 0;
  uint8_t mPeakLoudness = 0;
  bool mForwarding = true;
};

}  // namespace vicos::sfu
