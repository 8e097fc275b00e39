// One encoding of an uplink (a simulcast layer, or the only stream): its SSRC and RTX SSRC,
// NACK cache, receive statistics, last sender report and keyframe throttle.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "common/clock.hpp"
#include "media/media_profile.hpp"
#include "rtcp/receive_stats.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/vp8_descriptor.hpp"
#include "sfu/bitrate_meter.hpp"
#include "sfu/rtp_cache.hpp"

namespace vicos::sfu {

// The last sender report of a stream, used to translate it for consumers (RFC 3550 6.4.1).
struct SenderClock {
  uint64_t ntp = 0;
  uint32_t rtpTimestamp = 0;
  Micros arrival = 0;
};

class ProducerEncoding {
 public:
  // Keyframe requests for one encoding are sent at most this often.
  static constexpr Micros kKeyframeInterval = 500'000;

  // The SSRC latched for this encoding (uplink_demux.hpp); a new one restarts the statistics.
  std::optional<uint32_t> ssrc() const { return mSsrc; }
  std::optional<uint32_t> rtxSsrc() const { return mRtxSsrc; }
  // The SSRCs an answer named (RFC 5576 a=ssrc, a=ssrc-group:FID), known before the first
  // packet, so that a keyframe can be asked for at once.
  void expect(std::optional<uint32_t> ssrc, std::optional<uint32_t> rtxSsrc);

  // A packet of the encoding's primary stream (after SRTP unprotect). Video keeps it for NACKs;
  // the cache is made on the first video packet, so encodings that never send cost nothing.
  void onPacket(const rtp::RtpView& packet, uint32_t clockRate, bool video, Micros now);
  // A packet of its RFC 4588 retransmission stream: counted for our receiver reports only.
  void onRtxPacket(const rtp::RtpView& packet, uint32_t clockRate, Micros now);
  // A sender report for the primary stream (clock and statistics) or the RTX stream (statistics).
  void onSenderReport(uint32_t ssrc, uint64_t ntp, uint32_t rtpTimestamp, Micros now);

  const RtpCache* cache() const { return mCache.get(); }
  const std::optional<SenderClock>& senderClock() const { return mSenderClock; }
  // Statistics for our receiver reports; empty before the first packet of that stream.
  rtcp::ReceiveStats* stats() { return mStats ? &*mStats : nullptr; }
  rtcp::ReceiveStats* rtxStats() { return mRtxStats ? &*mRtxStats : nullptr; }

  // True when a keyframe request should go to the publisher now; false while throttled or
  // before the encoding has an SSRC.
  bool takeKeyframeRequest(Micros now);
  // Marks that a request is wanted (e.g. a consumer was added) even if throttled now.
  void wantKeyframe() { mKeyframeWanted = true; }
  bool keyframeWanted() const { return mKeyframeWanted; }

  uint64_t packetsReceived() const { return mPacketsReceived; }
  uint16_t highestSequence() const { return mHighestSequence; }
  Micros lastPacketTime() const { return mLastPacket; }
  // What the primary stream costs a link, bits per second (RTP as received, plus the SRTP tag
  // and IP and UDP headers per packet); 0 while unknown.
  uint64_t bitrate(Micros now) const { return mBitrate.bps(now); }
  // The picture size of the stream's latest VP8 key frame; empty before the first one.
  const std::optional<rtp::Vp8FrameSize>& frameSize() const { return mFrameSize; }

 private:
  std::optional<uint32_t> mSsrc;
  std::optional<uint32_t> mRtxSsrc;
  std::unique_ptr<RtpCache> mCache;
  std::optional<SenderClock> mSenderClock;
  std::optional<rtcp::ReceiveStats> mStats;
  std::optional<rtcp::ReceiveStats> mRtxStats;
  Micros mLastKeyframeRequest = -kKeyframeInterval;
  bool mKeyframeWanted = false;
  uint64_t mPacketsReceived = 0;
  uint16_t mHighestSequence = 0;
  Micros mLastPacket = 0;
  BitrateMeter mBitrate;
  std::optional<rtp::Vp8FrameSize> mFrameSize;
};

}  // namespace vicos::sfu
