// The subscriber's transport-wide numbering and its bandwidth estimate.
#include "sfu/downlink_estimate.hpp"

namespace vicos::sfu {

namespace {

bwe::EstimatorConfig downlinkConfig() {
  bwe::EstimatorConfig config;
  config.startBps = DownlinkEstimate::kStartBps;
  config.fastStart = false;  // the start is already above what layers need
  return config;
}

}  // namespace

void DownlinkEstimate::onSent(uint32_t size, Micros now) {
  if (!mEstimator) mEstimator = std::make_unique<bwe::SendSideEstimator>(downlinkConfig());
  mEstimator->onPacketSent(mNextSeq++, size, now);
}

void DownlinkEstimate::onFeedback(const rtcp::TransportCc& feedback, Micros now) {
  if (!mEstimator) return;  // nothing sent yet: nothing it can report on
  mEstimator->onFeedback(feedback, now);
  mHaveFeedback = true;
}

std::optional<uint64_t> DownlinkEstimate::targetBps() const {
  if (!mHaveFeedback) return std::nullopt;
  return mEstimator->targetRate();
}

}  // namespace vicos::sfu
