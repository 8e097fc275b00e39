// The send-side estimator: feedback → send log → trendline, acked rate, loss and probes → rate.
#include "bwe/send_side_estimator.hpp"

#include <algorithm>

namespace vicos::bwe {

namespace {

constexpr double kRttSmoothing = 0.9;

// The estimator's bounds and start rate for one of its parts.
template <typename Config>
Config bounded(const EstimatorConfig& c) {
  Config part;
  part.startBps = c.startBps;
  part.minBps = c.minBps;
  part.maxBps = c.maxBps;
  return part;
}

ProbeConfig probeConfig(const EstimatorConfig& c) {
  ProbeConfig p;
  p.maxBps = c.maxBps;
  return p;
}

}  // namespace

SendSideEstimator::SendSideEstimator(const EstimatorConfig& config)
    : mConfig(config),
      mLog(config.logCapacity),
      mDelay(bounded<AimdConfig>(config)),
      mLoss(bounded<LossBasedConfig>(config)),
      mProbes(probeConfig(config)),
      mTarget(std::clamp(config.startBps, config.minBps, config.maxBps)) {}

void SendSideEstimator::onPacketSent(uint16_t seq, uint32_t size, Micros now, int32_t probeCluster) {
  if (!mStarted) {
    mStarted = true;
    if (mConfig.fastStart) mProbes.start(mTarget, now);
  }
  mLog.onPacketSent(seq, size, now, probeCluster);
  if (probeCluster != kNoProbe) mProbes.onProbeSent(probeCluster);
}

void SendSideEstimator::onResult(const PacketResult& r, Micros now) {
  ++mReported;
  mNewestSend = std::max(mNewestSend, r.sendTime);
  if (r.received) {
    mTrendline.onPacket(r.sendTime, r.arrival);
    mAcked.onPacket(r.arrival, r.size);
  } else {
    ++mLost;
  }
  if (r.probeCluster != kNoProbe) {
    if (const auto probe = mProbes.onPacketResult(r, now)) {
      ++mProbeResults;
      mBestProbe = std::max(mBestProbe, probe->bps);
    }
  }
}

void SendSideEstimator::onFeedback(const rtcp::TransportCc& feedback, Micros now) {
  mLost = 0;
  mReported = 0;
  mNewestSend = 0;
  mBestProbe = 0;
  mLog.onFeedback(feedback, [&](const PacketResult& r) { onResult(r, now); });
  if (mReported == 0) return;
  ++mFeedbacks;
  const Micros rtt = now - mNewestSend;
  mRtt = mRtt == 0 ? rtt
                   : static_cast<Micros>(kRttSmoothing * static_cast<double>(mRtt) +
                                         (1 - kRttSmoothing) * static_cast<double>(rtt));
  mDelay.setRtt(mRtt);

  const auto acked = mAcked.rate();
  uint64_t delay = mDelay.update(mTrendline.state(), acked, now);
  if (mBestProbe > delay && mTrendline.state() != BandwidthUsage::Overusing) {
    mDelay.raiseTo(mBestProbe, now);
    mLoss.raiseTo(mBestProbe);
    delay = mDelay.estimate();
  }
  mLoss.onPackets(mLost, mReported);
  const uint64_t loss = mLoss.update(mTarget, now);
  mTarget = std::clamp(std::min(delay, loss), mConfig.minBps, mConfig.maxBps);
  mPeakTarget = std::max(mPeakTarget, mTarget);
}

bool SendSideEstimator::requestProbe(uint64_t targetBps, Micros now) {
  // A tenth below the peak since the last request: a decrease came in between.
  const bool fell = mTarget < mPeakTarget / 10 * 9;
  if (!mProbes.request(std::min(targetBps, mConfig.maxBps), mTarget, now, fell)) return false;
  mPeakTarget = mTarget;
  return true;
}

EstimatorStats SendSideEstimator::stats() const {
  EstimatorStats s;
  s.delayBasedBps = mDelay.estimate();
  s.lossBasedBps = mLoss.estimate();
  s.ackedBps = mAcked.rate().value_or(0);
  s.lossFraction = mLoss.lossFraction();
  s.rtt = mRtt;
  s.usage = mTrendline.state();
  s.probeResults = mProbeResults;
  s.feedbacks = mFeedbacks;
  return s;
}

}  // namespace vicos::bwe
