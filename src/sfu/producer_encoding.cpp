// Per-encoding bookkeeping of an uplink: statistics, cache, sender clock, keyframe throttle.
#include "sfu/producer_encoding.hpp"

#include "common/seq_num.hpp"

namespace vicos::sfu {

void ProducerEncoding::onPacket(const rtp::RtpView& packet, uint32_t clockRate, bool video, Micros now) {
  if (mSsrc != packet.ssrc || !mStats) {
    // A new stream for this encoding (the browser renewed its SSRC): nothing of the old one holds.
    mSsrc = packet.ssrc;
    mStats.emplace(packet.ssrc, clockRate);
    mSenderClock.reset();
    mPacketsReceived = 0;
    mBitrate.reset();
    mFrameSize.reset();
  }
  // As it will cost each subscriber's link (the layer allocation compares it with estimates).
  mBitrate.onBytes(packet.packet.size() + media::kSrtpTagOverhead + media::kIpUdpOverhead, now);
  if (mPacketsReceived == 0 || seqNewer(packet.sequence, mHighestSequence))
    mHighestSequence = packet.sequence;
  ++mPacketsReceived;
  mLastPacket = now;
  mStats->onPacket(packet.sequence, packet.timestamp, now);
  if (!video) return;
  if (const auto size = rtp::vp8KeyframeSize(packet.payload)) mFrameSize = size;
  if (!mCache) mCache = std::make_unique<RtpCache>();
  mCache->store(packet.sequence, packet.packet);
}

void ProducerEncoding::expect(std::optional<uint32_t> ssrc, std::optional<uint32_t> rtxSsrc) {
  if (ssrc && ssrc != mSsrc) {
    mSsrc = ssrc;
    mStats.reset();
    mSenderClock.reset();
    mPacketsReceived = 0;
  }
  if (rtxSsrc && rtxSsrc != mRtxSsrc) {
    mRtxSsrc = rtxSsrc;
    mRtxStats.reset();
  }
}

void ProducerEncoding::onRtxPacket(const rtp::RtpView& packet, uint32_t clockRate, Micros now) {
  if (mRtxSsrc != packet.ssrc || !mRtxStats) {
    mRtxSsrc = packet.ssrc;
    mRtxStats.emplace(packet.ssrc, clockRate);
  }
  mRtxStats->onPacket(packet.sequence, packet.timestamp, now);
}

void ProducerEncoding::onSenderReport(uint32_t ssrc, uint64_t ntp, uint32_t rtpTimestamp, Micros now) {
  if (ssrc == mSsrc) {
    mSenderClock = SenderClock{ntp, rtpTimestamp, now};
    if (mStats) mStats->onSenderReport(ntp, now);
  } else if (ssrc == mRtxSsrc && mRtxStats) {
    mRtxStats->onSenderReport(ntp, now);
  }
}

bool ProducerEncoding::takeKeyframeRequest(Micros now) {
  if (!mSsrc) return false;
  if (now - mLastKeyframeRequest < kKeyframeInterval) {
    mKeyframeWanted = true;
    return false;
  }
  mLastKeyframeRequest = now;
  mKeyframeWanted = false;
  return true;
}

}  // namespace vicos::sfu
