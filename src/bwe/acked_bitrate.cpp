// Acknowledged bitrate over a ring of 10 ms buckets.
#include "bwe/acked_bitrate.hpp"

#include <algorithm>

namespace vicos::bwe {

void AckedBitrate::onPacket(Micros arrival, uint32_t size) {
  const int64_t bucket = arrival >= 0 ? arrival / kBucket : (arrival - kBucket + 1) / kBucket;
  if (!mStarted) {
    mStarted = true;
    mFirst = mHead = bucket;
  }
  if (bucket <= mHead - static_cast<int64_t>(kBuckets)) return;
  if (bucket > mHead) {
    const int64_t clear = std::min<int64_t>(bucket - mHead, kBuckets);
    for (int64_t i = 1; i <= clear; ++i) {
      uint64_t& b =
          mBytes[static_cast<size_t>((mHead + i) % static_cast<int64_t>(kBuckets) + kBuckets) % kBuckets];
      mTotal -= b;
      b = 0;
    }
    mHead = bucket;
  }
  mBytes[static_cast<size_t>((bucket % static_cast<int64_t>(kBuckets) + kBuckets) % kBuckets)] += size;
  mTotal += size;
}

std::optional<uint64_t> AckedBitrate::rate() const {
  if (!mStarted) return std::nullopt;
  const Micros span = std::min<int64_t>(mHead - mFirst + 1, kBuckets) * kBucket;
  if (span < kMinSpan) return std::nullopt;
  return mTotal * 8 * 1'000'000 / static_cast<uint64_t>(span);
}

}  // namespace vicos::bwe
