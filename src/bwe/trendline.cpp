// Trendline overuse detector: packet groups, delay gradient, regression, adaptive threshold.
#include "bwe/trendline.hpp"

#include <algorithm>
#include <cmath>

namespace vicos::bwe {

namespace {

constexpr double kMaxAdaptDistance = 15;  // ms: a trend this far past the threshold is a spike
constexpr double kMinThreshold = 6;
constexpr double kMaxThreshold = 600;
constexpr double kMaxAdaptStep = 100;  // ms of time one adaptation step may cover
constexpr uint32_t kMaxDeltas = 60;
constexpr Micros kBurstArrivalGap = 5'000;     // arrivals this close after a group's last …
constexpr Micros kMaxBurstDuration = 100'000;  // … join it, up to this long after its first

double ms(Micros us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

Trendline::Trendline(const TrendlineConfig& config) : mConfig(config), mThreshold(config.initialThreshold) {}

// GCC 5.2: a group is the packets sent within one burst; its delay sample is the difference
// between the arrival spacing and the send spacing of consecutive groups' last packets.
void Trendline::onPacket(Micros sendTime, Micros arrival) {
  if (!mHaveCurrent) {
    mCurrent = {sendTime, sendTime, arrival, arrival};
    mHaveCurrent = true;
    return;
  }
  if (sendTime < mCurrent.firstSend) return;  // reordered from an older group
  if (sendTime - mCurrent.firstSend <= mConfig.groupSpan || belongsToBurst(sendTime, arrival)) {
    mCurrent.lastSend = std::max(mCurrent.lastSend, sendTime);
    mCurrent.lastArrival = std::max(mCurrent.lastArrival, arrival);
    return;
  }
  if (mHavePrevious)
    onGroupDelta(ms(mCurrent.lastSend - mPrevious.lastSend), ms(mCurrent.lastArrival - mPrevious.lastArrival),
                 ms(mCurrent.lastArrival));
  mPrevious = mCurrent;
  mHavePrevious = true;
  mCurrent = {sendTime, sendTime, arrival, arrival};
}

// GCC 5.2: a packet that arrives within burst_time (5 ms) of the group's last one, sooner than
// its send spacing says (a negative delay variation), was held up together with it (a receiver
// that did not read for a while, a radio that sends in bursts) and joins the group, rather than
// count as a queue that drained; the next group then compares with the whole burst.
bool Trendline::belongsToBurst(Micros sendTime, Micros arrival) const {
  const Micros arrivalDelta = arrival - mCurrent.lastArrival;
  const Micros sendDelta = sendTime - mCurrent.lastSend;
  return arrivalDelta - sendDelta < 0 && arrivalDelta <= kBurstArrivalGap &&
         arrival - mCurrent.firstArrival < kMaxBurstDuration;
}

void Trendline::onGroupDelta(double sendDeltaMs, double arrivalDeltaMs, double arrivalMs) {
  mDeltas = std::min(mDeltas + 1, 1000u);
  if (!mHaveFirstArrival) {
    mHaveFirstArrival = true;
    mFirstArrivalMs = arrivalMs;
  }
  mAccumulated += arrivalDeltaMs - sendDeltaMs;
  mSmoothed = mConfig.smoothing * mSmoothed + (1 - mConfig.smoothing) * mAccumulated;
  mX[mNext] = arrivalMs - mFirstArrivalMs;
  mY[mNext] = mSmoothed;
  mNext = (mNext + 1) % kWindow;
  mCount = std::min(mCount + 1, kWindow);

  double slope = mPreviousSlope;
  if (mCount == kWindow) {
    // Least squares over the window (GCC 5.3 uses a Kalman filter; the trendline is
    // libwebrtc's replacement and what browsers run).
    double meanX = 0;
    double meanY = 0;
    for (size_t i = 0; i < kWindow; ++i) {
      meanX += mX[i];
      meanY += mY[i];
    }
    meanX /= kWindow;
    meanY /= kWindow;
    double num = 0;
    double den = 0;
    for (size_t i = 0; i < kWindow; ++i) {
      num += (mX[i] - meanX) * (mY[i] - meanY);
      den += (mX[i] - meanX) * (mX[i] - meanX);
    }
    if (den != 0) slope = num / den;
  }
  detect(slope, sendDeltaMs, arrivalMs);
}

// GCC 5.4: overuse once the scaled trend has stayed above the threshold for overuseTime and
// more than one sample, and is not falling; underuse below −threshold.
void Trendline::detect(double slope, double sendDeltaMs, double nowMs) {
  if (mDeltas < 2) {
    mState = BandwidthUsage::Normal;
    return;
  }
  mModifiedTrend = std::min(mDeltas, kMaxDeltas) * slope * mConfig.thresholdGain;
  if (mModifiedTrend > mThreshold) {
    mTimeOverUsing = mTimeOverUsing < 0 ? sendDeltaMs / 2 : mTimeOverUsing + sendDeltaMs;
    ++mOveruseCount;
    if (mTimeOverUsing > mConfig.overuseTime && mOveruseCount > 1 && slope >= mPreviousSlope) {
      mTimeOverUsing = 0;
      mOveruseCount = 0;
      mState = BandwidthUsage::Overusing;
    }
  } else if (mModifiedTrend < -mThreshold) {
    mTimeOverUsing = -1;
    mOveruseCount = 0;
    mState = BandwidthUsage::Underusing;
  } else {
    mTimeOverUsing = -1;
    mOveruseCount = 0;
    mState = BandwidthUsage::Normal;
  }
  mPreviousSlope = slope;
  adaptThreshold(mModifiedTrend, nowMs);
}

// GCC 5.4 (equation of gamma): the threshold follows |trend| slowly upwards and quickly
// downwards, so that a competing TCP flow does not starve the call.
void Trendline::adaptThreshold(double modifiedTrend, double nowMs) {
  if (mLastThresholdUpdate < 0) mLastThresholdUpdate = nowMs;
  const double magnitude = std::fabs(modifiedTrend);
  if (magnitude > mThreshold + kMaxAdaptDistance) {
    mLastThresholdUpdate = nowMs;
    return;
  }
  const double k = magnitude < mThreshold ? mConfig.kDown : mConfig.kUp;
  const double step = std::min(nowMs - mLastThresholdUpdate, kMaxAdaptStep);
  mThreshold = std::clamp(mThreshold + k * (magnitude - mThreshold) * step, kMinThreshold, kMaxThreshold);
  mLastThresholdUpdate = nowMs;
}

}  // namespace vicos::bwe
