// Loss-based rate control per interval.
#include "bwe/loss_based.hpp"

#include <algorithm>

namespace vicos::bwe {

LossBased::LossBased(const LossBasedConfig& config)
    : mConfig(config), mRate(std::clamp(config.startBps, config.minBps, config.maxBps)) {}

uint64_t LossBased::update(uint64_t current, Micros now) {
  if (mTotal < mConfig.minPackets || (mLastUpdate >= 0 && now - mLastUpdate < mConfig.minInterval))
    return mRate;
  mLossFraction = static_cast<double>(mLost) / static_cast<double>(mTotal);
  mLost = 0;
  mTotal = 0;
  mLastUpdate = now;
  if (mLossFraction > mConfig.highLoss) {
    const uint64_t base = std::min(mRate, current);
    mRate = static_cast<uint64_t>(static_cast<double>(base) * (1 - 0.5 * mLossFraction));
  } else if (mLossFraction < mConfig.lowLoss) {
    // GCC 6 grows A by 5 %; A is what the sender uses, so the loss side never holds back the
    // delay side while the path is clean.
    mRate = std::max(mRate, static_cast<uint64_t>(static_cast<double>(current) * mConfig.increaseFactor));
  }
  mRate = std::clamp(mRate, mConfig.minBps, mConfig.maxBps);
  return mRate;
}

void LossBased::raiseTo(uint64_t bps) {
  mRate = std::clamp(std::max(mRate, bps), mConfig.minBps, mConfig.maxBps);
}

}  // namespace vicos::bwe
