// The subscriber's transport-wide numbering and its bandwidth estimate.
#include "sfu/downlink_estimate.hpp"

#include <algorithm>

#include "media/media_profile.hpp"

namespace vicos::sfu {

namespace {

bwe::EstimatorConfig downlinkConfig() {
  bwe::EstimatorConfig config;
  config.startBps = DownlinkEstimate::kStartBps;
  config.fastStart = false;  // the start is already above what layers need
  return config;
}

}  // namespace

void DownlinkEstimate::onSent(uint32_t size, Micros now, int32_t probeCluster) {
  if (!mEstimator) mEstimator = std::make_unique<bwe::SendSideEstimator>(downlinkConfig());
  // The estimate is of what the link carries, headers included (media::kIpUdpOverhead).
  mEstimator->onPacketSent(mNextSeq++, size + media::kIpUdpOverhead, now, probeCluster);
  if (probeCluster == bwe::kNoProbe || mQueued == 0 || mProbes[0].cluster.id != probeCluster) return;
  Pacing& p = mProbes[0];
  p.bytes += size;
  ++p.packets;
  if (p.bytes >= p.cluster.minBytes && p.packets >= p.cluster.minPackets) popProbe();
}

void DownlinkEstimate::requestProbe(uint64_t neededBps, Micros now) {
  if (!mEstimator || !mHaveFeedback || mQueued > 0 || !mEstimator->requestProbe(neededBps, now)) return;
  std::array<bwe::ProbeCluster, 4> clusters;
  const size_t n = mEstimator->takeProbeClusters(clusters);
  for (size_t i = 0; i < n && mQueued < mProbes.size(); ++i) mProbes[mQueued++] = {clusters[i]};
}

std::optional<DownlinkEstimate::ProbeDue> DownlinkEstimate::probeDue(Micros now) {
  if (mQueued == 0) return std::nullopt;
  Pacing& p = mProbes[0];
  if (p.start < 0) p.start = now;
  const auto due = static_cast<uint64_t>(static_cast<double>(p.cluster.rateBps) *
                                         static_cast<double>(now - p.start) / 8e6);
  // The first packet goes at once; after it, what the rate allows by now.
  const uint64_t bytes = p.packets == 0 ? 1 : (due > p.bytes ? due - p.bytes : 0);
  if (bytes == 0) return std::nullopt;
  return ProbeDue{p.cluster.id, static_cast<uint32_t>(std::min<uint64_t>(bytes, UINT32_MAX))};
}

void DownlinkEstimate::probeBlocked(Micros now) {
  if (mQueued == 0) return;
  Pacing& p = mProbes[0];
  if (p.start < 0)
    p.start = now;  // blocked from the start: the wait counts from here
  else if (now - p.start > kProbeGiveUp)
    popProbe();
}

void DownlinkEstimate::popProbe() {
  for (size_t i = 1; i < mQueued; ++i) mProbes[i - 1] = mProbes[i];
  --mQueued;
}

void DownlinkEstimate::onFeedback(const rtcp::TransportCc& feedback, Micros now) {
  if (!mEstimator) return;  // nothing sent yet: nothing it can report on
  mEstimator->onFeedback(feedback, now);
  mHaveFeedback = true;
}

bool DownlinkEstimate::fellSinceAllocation() const {
  const auto target = targetBps();
  return target && mAllocatedFor > 0 && *target < mAllocatedFor / 5 * 4;
}

std::optional<uint64_t> DownlinkEstimate::targetBps() const {
  if (!mHaveFeedback) return std::nullopt;
  return mEstimator->targetRate();
}

}  // namespace vicos::sfu
