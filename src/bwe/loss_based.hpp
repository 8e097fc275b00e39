// Loss-based rate control (draft-ietf-rmcat-gcc-02 6): above 10 % loss the rate falls by half
// the loss fraction, below 2 % it grows by 5 %, in between it holds.
#pragma once

#include <cstdint>

#include "common/clock.hpp"

namespace vicos::bwe {

struct LossBasedConfig {
  uint64_t startBps = 300'000;
  uint64_t minBps = 30'000;
  uint64_t maxBps = 20'000'000;
  double highLoss = 0.10;
  double lowLoss = 0.02;
  double increaseFactor = 1.05;
  uint32_t minPackets = 20;      // a loss fraction needs this many reported packets
  Micros minInterval = 200'000;  // one update per interval at most (our feedback comes every 50–100 ms)
};

class LossBased {
 public:
  explicit LossBased(const LossBasedConfig& config = {});

  void onPackets(uint32_t lost, uint32_t total) {
    mLost += lost;
    mTotal += total;
  }
  // Once an interval has passed and enough packets were reported: applies GCC 6 to `current`,
  // the rate the sender uses now (or to its own value when that is lower).
  // Returns the loss-based estimate.
  uint64_t update(uint64_t current, Micros now);
  void raiseTo(uint64_t bps);

  [[nodiscard]] uint64_t estimate() const { return mRate; }
  [[nodiscard]] double lossFraction() const { return mLossFraction; }

 private:
  LossBasedConfig mConfig;
  uint64_t mRate;
  uint64_t mLost = 0;
  uint64_t mTotal = 0;
  Micros mLastUpdate = -1;
  double mLossFraction = 0;
};

}  // namespace vicos::bwe
