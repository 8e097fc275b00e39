// The sample ring and the rate arithmetic behind the admin page's graphs.
#include "app/load_history.hpp"

#include <algorithm>

namespace vicos::app {

PacketRates packetRates(const std::vector<std::optional<PacketReading>>& before,
                        const std::vector<std::optional<PacketReading>>& after, double seconds) {
  PacketRates rates;
  if (seconds <= 0) return rates;
  const size_t n = std::min(before.size(), after.size());
  for (size_t i = 0; i < n; ++i) {
    if (!before[i] || !after[i]) continue;
    // Counters only grow; a smaller value would be a different worker, so it counts nothing.
    if (after[i]->received >= before[i]->received)
      rates.receivedPerSecond += static_cast<double>(after[i]->received - before[i]->received) / seconds;
    if (after[i]->forwarded >= before[i]->forwarded)
      rates.forwardedPerSecond += static_cast<double>(after[i]->forwarded - before[i]->forwarded) / seconds;
  }
  return rates;
}

LoadHistory::LoadHistory(size_t capacity) : mRing(std::max<size_t>(capacity, 1)) {}

void LoadHistory::push(const LoadSample& sample) {
  mRing[mNext] = sample;
  mNext = (mNext + 1) % mRing.size();
  mSize = std::min(mSize + 1, mRing.size());
}

std::vector<LoadSample> LoadHistory::samples() const {
  std::vector<LoadSample> out;
  out.reserve(mSize);
  const size_t first = (mNext + mRing.size() - mSize) % mRing.size();
  for (size_t i = 0; i < mSize; ++i) out.push_back(mRing[(first + i) % mRing.size()]);
  return out;
}

}  // namespace vicos::app
