// Delay-based rate control (draft-ietf-rmcat-gcc-02 5.5): additive increase near the link's
// known capacity, multiplicative increase far from it, multiplicative decrease on overuse.
#pragma once

#include <cstdint>
#include <optional>

#include "bwe/trendline.hpp"
#include "common/clock.hpp"

namespace vicos::bwe {

struct AimdConfig {
  uint64_t startBps = 300'000;
  uint64_t minBps = 30'000;
  uint64_t maxBps = 20'000'000;
  double increasePerSecond = 1.08;  // multiplicative, far from convergence (GCC 5.5: eta)
  double decreaseFactor = 0.85;     // of the acknowledged rate (GCC 5.5: beta)
  uint32_t packetBits = 1200 * 8;   // additive increase: one packet per response time
};

enum class RateControlState : uint8_t { Hold, Increase, Decrease };

class AimdRate {
 public:
  explicit AimdRate(const AimdConfig& config = {});

  // Applies the detector's signal once per feedback; `acked` is the acknowledged rate.
  uint64_t update(BandwidthUsage usage, std::optional<uint64_t> acked, Micros now);
  // A probe measured this rate: take it when it is higher (the link is known to carry it).
  void raiseTo(uint64_t bps, Micros now);
  void setRtt(Micros rtt) { mRtt = rtt; }

  [[nodiscard]] uint64_t estimate() const { return mRate; }
  [[nodiscard]] RateControlState state() const { return mState; }
  [[nodiscard]] bool nearCapacity() const { return mHaveCapacity; }

 private:
  void increase(std::optional<uint64_t> acked, Micros now);
  void decrease(std::optional<uint64_t> acked, Micros now);
  void noteCapacity(double kbps);

  AimdConfig mConfig;
  uint64_t mRate;
  RateControlState mState = RateControlState::Increase;
  Micros mLastUpdate = -1;
  Micros mLastDecrease = -1;
  Micros mRtt = 200'000;
  // The acknowledged rates seen at decreases (kbit/s): mean and variance, GCC 5.5's
  // "average maximum bitrate" that tells near from far.
  bool mHaveCapacity = false;
  double mCapacityMean = 0;
  double mCapacityVar = 0;
};

}  // namespace vicos::bwe
