// Delay-based overuse detection (draft-ietf-rmcat-gcc-02 5.2–5.4): the slope of the queuing
// delay over packet groups, compared with an adaptive threshold.
#pragma once

#include <array>
#include <cstdint>

#include "common/clock.hpp"

namespace vicos::bwe {

enum class BandwidthUsage : uint8_t { Normal, Underusing, Overusing };

// The constants libwebrtc's trendline estimator uses (docs/design/media-model.md §2, "GCC").
struct TrendlineConfig {
  Micros groupSpan = 5000;         // packets sent within 5 ms of a group's first form one group (5.2)
  double smoothing = 0.9;          // of the accumulated delay
  double thresholdGain = 4;        // the slope is scaled by min(deltas, 60) × gain
  double initialThreshold = 12.5;  // ms
  double kUp = 0.0087;             // threshold adaptation when the trend exceeds it (5.4)
  double kDown = 0.039;            // … and when it is below
  double overuseTime = 10;         // ms over the threshold before overuse is signalled
};

class Trendline {
 public:
  static constexpr size_t kWindow = 20;  // groups in the linear regression

  explicit Trendline(const TrendlineConfig& config = {});

  // One received packet, in send order: its send time (sender clock) and arrival (receiver
  // clock). Packets sent before the current group's first one are ignored.
  void onPacket(Micros sendTime, Micros arrival);

  [[nodiscard]] BandwidthUsage state() const { return mState; }
  [[nodiscard]] double threshold() const { return mThreshold; }  // ms
  [[nodiscard]] double modifiedTrend() const { return mModifiedTrend; }

 private:
  struct Group {
    Micros firstSend = 0;
    Micros lastSend = 0;
    Micros firstArrival = 0;
    Micros lastArrival = 0;
  };

  [[nodiscard]] bool belongsToBurst(Micros sendTime, Micros arrival) const;

  void onGroupDelta(double sendDeltaMs, double arrivalDeltaMs, double arrivalMs);
  void detect(double slope, double sendDeltaMs, double nowMs);
  void adaptThreshold(double modifiedTrend, double nowMs);

  TrendlineConfig mConfig;
  Group mCurrent;
  Group mPrevious;
  bool mHaveCurrent = false;
  bool mHavePrevious = false;

  // Regression window: (arrival ms since the first group, smoothed delay ms).
  std::array<double, kWindow> mX{};
  std::array<double, kWindow> mY{};
  size_t mCount = 0;  // samples in the window
  size_t mNext = 0;   // ring position
  bool mHaveFirstArrival = false;
  double mFirstArrivalMs = 0;
  double mAccumulated = 0;
  double mSmoothed = 0;
  uint32_t mDeltas = 0;

  double mThreshold;
  double mLastThresholdUpdate = -1;
  double mModifiedTrend = 0;
  double mPreviousSlope = 0;
  double mTimeOverUsing = -1;
  uint32_t mOveruseCount = 0;
  BandwidthUsage mState = BandwidthUsage::Normal;
};

}  // namespace vicos::bwe
