// Which encodings of a video producer are needed, and when the publisher is told.
#include "sfu/dynacast.hpp"

#include <algorithm>

#include "sfu/consumer.hpp"
#include "sfu/producer.hpp"

namespace vicos::sfu {

uint8_t encodingsNeeded(const Producer& producer) {
  if (!producer.relays().empty()) return media::kMaxEncodings;
  uint8_t needed = 0;
  for (const Consumer* consumer : producer.consumers())
    if (consumer->shown()) needed = std::max<uint8_t>(needed, consumer->tileCap() + 1);
  return needed;
}

std::optional<uint8_t> Dynacast::update(uint8_t needed, Micros now) {
  if (needed >= mSending) {
    mLowerSince = -1;
    if (needed == mSending) return std::nullopt;
    mSending = needed;
    return needed;
  }
  if (mLowerSince < 0) mLowerSince = now;
  if (now - mLowerSince < kHoldDown) return std::nullopt;
  mLowerSince = -1;
  mSending = needed;
  return needed;
}

}  // namespace vicos::sfu
