// Per-SSRC receive statistics for receiver reports: sequence tracking (RFC 3550 A.1,
// simplified), loss (A.3), interarrival jitter (A.8), and LSR/DLSR from the last SR.
#pragma once

#include <cstdint>

#include "common/clock.hpp"
#include "rtcp/receiver_report.hpp"

namespace vicos::rtcp {

class ReceiveStats {
 public:
  ReceiveStats(uint32_t ssrc, uint32_t clockRate);

  // Every packet that passed SRTP authentication, with its local arrival time.
  void onPacket(uint16_t sequence, uint32_t rtpTimestamp, Micros arrival);
  // The NTP timestamp of an SR from this source, and when it arrived.
  void onSenderReport(uint64_t ntpTimestamp, Micros arrival);

  // The block for the next receiver report; starts a new loss interval (A.3).
  ReportBlock makeReportBlock(Micros now);

  [[nodiscard]] uint32_t ssrc() const { return mSsrc; }
  [[nodiscard]] uint64_t packetsReceived() const { return mReceived; }
  [[nodiscard]] uint32_t extendedHighestSeq() const { return mCycles + mMaxSeq; }
  [[nodiscard]] int64_t cumulativeLost() const;
  [[nodiscard]] uint32_t jitter() const;  // RTP timestamp units

 private:
  void restart(uint16_t sequence);
  int64_t rtpUnitsSinceStart(Micros arrival) const;

  uint32_t mSsrc;
  uint32_t mClockRate;
  bool mStarted = false;
  uint16_t mMaxSeq = 0;
  uint32_t mCycles = 0;  // count of wraps × 65536
  uint32_t mBaseSeq = 0;
  uint32_t mBadSeq = 0;  // > 0xffff when no resync candidate
  uint64_t mReceived = 0;
  uint64_t mExpectedPrior = 0;
  uint64_t mReceivedPrior = 0;

  Micros mFirstArrival = 0;
  bool mHaveTransit = false;
  int64_t mTransit = 0;
  uint64_t mJitterQ4 = 0;  // jitter × 16, as RFC 3550 A.8 keeps it

  uint32_t mLastSr = 0;
  Micros mLastSrArrival = 0;
  bool mHaveSr = false;
};

}  // namespace vicos::rtcp
