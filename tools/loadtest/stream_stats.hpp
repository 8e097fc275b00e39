// Receive-side accounting of the load tool: per-stream loss and jitter from RTP sequence
// numbers and timestamps (RFC 3550 A.1, A.3, A.8), gaps to NACK, and a latency histogram
// fed by the send time each packet carries (see probe.hpp). No allocation per packet.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/clock.hpp"

namespace vicos::loadtest {

// Added latency in fixed 10 µs bins up to 100 ms, plus one overflow bin.
class LatencyHistogram {
 public:
  static constexpr Micros kBin = 10;
  static constexpr size_t kBins = 10'000;

  void add(Micros latency);
  void merge(const LatencyHistogram& other);
  void clear();
  // The latency below which `fraction` (0..1) of the samples lie, to one bin's width
  // (the upper edge of the bin); 0 without samples.
  [[nodiscard]] Micros percentile(double fraction) const;
  [[nodiscard]] uint64_t count() const { return mCount; }
  [[nodiscard]] uint64_t overflow() const { return mBins[kBins]; }

 private:
  std::array<uint64_t, kBins + 1> mBins{};
  uint64_t mCount = 0;
};

class StreamStats {
 public:
  // Most sequence numbers one gap reports for NACK (a browser asks for a few at a time).
  static constexpr size_t kMaxGap = 16;

  explicit StreamStats(uint32_t clockRate = 90'000) : mClockRate(clockRate) {}

  // One packet arrived at `arrival`. When it opens a gap of at most kMaxGap packets after
  // the highest sequence so far, the missing sequence numbers are written to `missing`
  // and their count returned (0 otherwise).
  size_t onPacket(uint16_t sequence, uint32_t rtpTimestamp, Micros arrival,
                  std::span<uint16_t, kMaxGap> missing);
  // Starts the measured interval: loss counts only packets after the highest seen so far.
  void startInterval();
  // False for a packet no newer than the highest so far: a retransmission, a duplicate, or
  // (rarely, on loopback never) one that came out of order.
  [[nodiscard]] bool isNew(uint16_t sequence) const { return !mStarted || extend(sequence) > mHighest; }
  // The highest sequence number so far (0 before the first packet).
  [[nodiscard]] uint16_t highestSequence() const { return static_cast<uint16_t>(mHighest & 0xFFFF); }

  [[nodiscard]] bool started() const { return mStarted; }
  // RFC 3550 A.3: expected = highest extended sequence − base + 1 over the interval.
  [[nodiscard]] uint64_t expected() const;
  [[nodiscard]] uint64_t received() const { return mReceived; }
  // expected − received, never below 0 (duplicates and retransmissions may exceed it).
  [[nodiscard]] uint64_t lost() const;
  // RFC 3550 A.8 interarrival jitter, in microseconds.
  [[nodiscard]] double jitterMicros() const { return mJitter; }

 private:
  // RFC 3550 A.1: the extended sequence number nearest to the highest so far.
  [[nodiscard]] uint64_t extend(uint16_t sequence) const;

  uint32_t mClockRate;
  bool mStarted = false;
  uint64_t mHighest = 0;  // extended (cycles << 16 | sequence)
  uint64_t mBase = 0;     // first extended sequence of the interval
  uint64_t mReceived = 0;
  bool mHaveTransit = false;
  double mTransit = 0;  // microseconds
  double mJitter = 0;
};

}  // namespace vicos::loadtest
