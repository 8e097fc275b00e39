// Loss, jitter and latency accounting for received streams.
#include "loadtest/stream_stats.hpp"

#include <algorithm>
#include <cmath>

namespace vicos::loadtest {

void LatencyHistogram::add(Micros latency) {
  const size_t bin = latency < 0 ? 0 : std::min<size_t>(static_cast<size_t>(latency / kBin), kBins);
  ++mBins[bin];
  ++mCount;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i <= kBins; ++i) mBins[i] += other.mBins[i];
  mCount += other.mCount;
}

void LatencyHistogram::clear() {
  mBins.fill(0);
  mCount = 0;
}

Micros LatencyHistogram::percentile(double fraction) const {
  if (mCount == 0) return 0;
  const double clamped = std::clamp(fraction, 0.0, 1.0);
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(clamped * static_cast<double>(mCount))));
  uint64_t seen = 0;
  for (size_t i = 0; i <= kBins; ++i) {
    seen += mBins[i];
    if (seen >= rank) return static_cast<Micros>(i + 1) * kBin;
  }
  return static_cast<Micros>(kBins + 1) * kBin;
}

uint64_t StreamStats::extend(uint16_t sequence) const {
  const uint64_t cycles = mHighest & ~uint64_t{0xFFFF};
  uint64_t ext = cycles | sequence;
  if (ext + 0x8000 < mHighest) ext += 0x10000;
  else if (ext > mHighest + 0x8000 && ext >= 0x10000) ext -= 0x10000;
  return ext;
}

size_t StreamStats::onPacket(uint16_t sequence, uint32_t rtpTimestamp, Micros arrival,
                             std::span<uint16_t, kMaxGap> missing) {
  size_t gap = 0;
  bool newest = true;
  if (!mStarted) {
    mStarted = true;
    mHighest = (uint64_t{1} << 16) | sequence;  // one spare cycle so that early reorder stays positive
    mBase = mHighest;
  } else {
    const uint64_t ext = extend(sequence);
    if (ext < mBase) return 0;  // from before the interval (a late retransmission)
    if (ext > mHighest) {
      const uint64_t skipped = ext - mHighest - 1;
      if (skipped > 0 && skipped <= kMaxGap) {
        for (uint64_t s = mHighest + 1; s < ext; ++s) missing[gap++] = static_cast<uint16_t>(s);
      }
      mHighest = ext;
    } else {
      newest = false;
    }
  }
  ++mReceived;
  // A retransmission carries its old timestamp: like a browser's receiver, leave it out of
  // the jitter, or every repaired loss (and every answer to a NACK flood) would look like
  // a delay of the whole retransmission time.
  if (!newest) return gap;
  // RFC 3550 A.8: D = (Rj − Ri) − (Sj − Si) in one unit (µs here); J += (|D| − J) / 16.
  const double transit = static_cast<double>(arrival) -
                         static_cast<double>(rtpTimestamp) * 1e6 / static_cast<double>(mClockRate);
  if (mHaveTransit) {
    double d = transit - mTransit;
    // The RTP timestamp wraps every 2^32 ticks; fold a wrap back into one step.
    const double wrap = 4294967296.0 * 1e6 / static_cast<double>(mClockRate);
    if (d > wrap / 2) d -= wrap;
    if (d < -wrap / 2) d += wrap;
    mJitter += (std::fabs(d) - mJitter) / 16.0;
  }
  mTransit = transit;
  mHaveTransit = true;
  return gap;
}

void StreamStats::startInterval() {
  mReceived = 0;
  if (mStarted) mBase = mHighest + 1;
}

uint64_t StreamStats::expected() const {
  if (!mStarted || mHighest + 1 < mBase) return 0;
  return mHighest + 1 - mBase;
}

uint64_t StreamStats::lost() const {
  const uint64_t e = expected();
  return e > mReceived ? e - mReceived : 0;
}

}  // namespace vicos::loadtest
