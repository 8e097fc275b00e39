// Producer bookkeeping: consumers, cache, keyframe throttling.
#include "sfu/producer.hpp"

#include <algorithm>

#include "common/seq_num.hpp"

namespace vicos::sfu {

Producer::Producer(MediaKind kind) : mKind(kind) {
  if (isVideo(kind)) mCache = std::make_unique<RtpCache>();
}

void Producer::attach(Consumer* consumer) {
  if (std::find(mConsumers.begin(), mConsumers.end(), consumer) == mConsumers.end())
    mConsumers.push_back(consumer);
}

void Producer::detach(Consumer* consumer) {
  std::erase(mConsumers, consumer);
}

void Producer::onPacket(const rtp::RtpView& packet, Micros now) {
  if (mPacketsReceived == 0 || seqNewer(packet.sequence, mHighestSequence))
    mHighestSequence = packet.sequence;
  ++mPacketsReceived;
  mLastPacket = now;
  if (!mStats || mStats->ssrc() != packet.ssrc) mStats.emplace(packet.ssrc, clockRate());
  mStats->onPacket(packet.sequence, packet.timestamp, now);
  if (mCache) mCache->store(packet.sequence, packet.packet);
}

void Producer::onSenderReport(uint64_t ntp, uint32_t rtpTimestamp, Micros now) {
  mSenderClock = SenderClock{ntp, rtpTimestamp, now};
  if (mStats) mStats->onSenderReport(ntp, now);
}

bool Producer::takeKeyframeRequest(Micros now) {
  if (!isVideo(mKind) || !mSsrc) return false;
  if (now - mLastKeyframeRequest < kKeyframeInterval) {
    mKeyframeWanted = true;
    return false;
  }
  mLastKeyframeRequest = now;
  mKeyframeWanted = false;
  return true;
}

}  // namespace vicos::sfu
