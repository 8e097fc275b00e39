// AIMD rate control driven by the trendline's signal and the acknowledged rate.
#include "bwe/aimd_rate.hpp"

#include <algorithm>
#include <cmath>

namespace vicos::bwe {

namespace {

constexpr double kCapacitySmoothing = 0.05;
constexpr double kMinCapacityVar = 0.4;  // normalised: σ² / mean, in kbit/s
constexpr double kMaxCapacityVar = 2.5;
constexpr double kHeadroomFactor = 1.5;  // never more than 1.5 × acked + 10 kbit/s
constexpr uint64_t kHeadroomBps = 10'000;
constexpr Micros kMinReduceInterval = 10'000;
constexpr Micros kMaxReduceInterval = 200'000;
constexpr Micros kResponseExtra = 100'000;  // response time = RTT + 100 ms

}  // namespace

AimdRate::AimdRate(const AimdConfig& config)
    : mConfig(config), mRate(std::clamp(config.startBps, config.minBps, config.maxBps)) {}

uint64_t AimdRate::update(BandwidthUsage usage, std::optional<uint64_t> acked, Micros now) {
  if (mLastUpdate < 0) mLastUpdate = now;
  switch (usage) {
    case BandwidthUsage::Overusing: {
      // GCC 5.5: decrease, but not again before the last decrease can have shown an effect,
      // unless the receiver gets less than half of what we send.
      const Micros interval = std::clamp(mRtt, kMinReduceInterval, kMaxReduceInterval);
      const bool due = mLastDecrease < 0 || now - mLastDecrease >= interval || (acked && *acked < mRate / 2);
      if (due) {
        mState = RateControlState::Decrease;
        decrease(acked, now);
        mState = RateControlState::Hold;
      }
      break;
    }
    case BandwidthUsage::Underusing: mState = RateControlState::Hold; break;
    case BandwidthUsage::Normal:
      if (mState == RateControlState::Hold) mState = RateControlState::Increase;
      if (mState == RateControlState::Increase) increase(acked, now);
      break;
  }
  mLastUpdate = now;
  return mRate;
}

void AimdRate::increase(std::optional<uint64_t> acked, Micros now) {
  const double seconds = std::min<double>(static_cast<double>(now - mLastUpdate) / 1e6, 1.0);
  if (acked && mHaveCapacity) {
    const double sigma = std::sqrt(mCapacityVar * mCapacityMean);
    if (static_cast<double>(*acked) / 1000 > mCapacityMean + 3 * sigma) mHaveCapacity = false;
  }
  double add = 0;
  if (mHaveCapacity) {
    // Near the known capacity: about one packet more per response time.
    const double responseSeconds = static_cast<double>(mRtt + kResponseExtra) / 1e6;
    add = std::max(1000.0, mConfig.packetBits / responseSeconds) * seconds;
  } else {
    add = std::max(1000.0, static_cast<double>(mRate) * (std::pow(mConfig.increasePerSecond, seconds) - 1));
  }
  auto next = static_cast<uint64_t>(static_cast<double>(mRate) + add);
  if (acked) {
    // An application-limited sender must not grow an estimate it has never used.
    const auto cap = static_cast<uint64_t>(kHeadroomFactor * static_cast<double>(*acked)) + kHeadroomBps;
    next = std::min(next, std::max(cap, mRate));
  }
  mRate = std::clamp(next, mConfig.minBps, mConfig.maxBps);
}

void AimdRate::decrease(std::optional<uint64_t> acked, Micros now) {
  uint64_t next = static_cast<uint64_t>(mConfig.decreaseFactor * static_cast<double>(acked ? *acked : mRate));
  if (next > mRate && mHaveCapacity)
    next = static_cast<uint64_t>(mConfig.decreaseFactor * mCapacityMean * 1000);
  if (next < mRate) mRate = std::clamp(next, mConfig.minBps, mConfig.maxBps);
  if (acked) {
    const double kbps = static_cast<double>(*acked) / 1000;
    if (mHaveCapacity && kbps < mCapacityMean - 3 * std::sqrt(mCapacityVar * mCapacityMean))
      mHaveCapacity = false;  // the link got slower: far from convergence again
    noteCapacity(kbps);
  }
  mLastDecrease = now;
}

void AimdRate::noteCapacity(double kbps) {
  if (!mHaveCapacity) {
    mHaveCapacity = true;
    mCapacityMean = kbps;
    mCapacityVar = kMinCapacityVar;
    return;
  }
  mCapacityMean = (1 - kCapacitySmoothing) * mCapacityMean + kCapacitySmoothing * kbps;
  const double norm = std::max(mCapacityMean, 1.0);
  mCapacityVar = (1 - kCapacitySmoothing) * mCapacityVar +
                 kCapacitySmoothing * (mCapacityMean - kbps) * (mCapacityMean - kbps) / norm;
  mCapacityVar = std::clamp(mCapacityVar, kMinCapacityVar, kMaxCapacityVar);
}

void AimdRate::raiseTo(uint64_t bps, Micros now) {
  if (bps > mRate) mRate = std::clamp(bps, mConfig.minBps, mConfig.maxBps);
  mLastUpdate = now;
}

}  // namespace vicos::bwe
