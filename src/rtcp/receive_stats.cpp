// Receive statistics per RFC 3550 A.1 (without probation: SRTP already authenticated each
// packet), A.3 and A.8.
#include "rtcp/receive_stats.hpp"

#include <cstdlib>

namespace vicos::rtcp {

namespace {
constexpr uint16_t kMaxDropout = 3000;
constexpr uint16_t kMaxMisorder = 100;
constexpr uint32_t kSeqMod = 1u << 16;
constexpr uint32_t kNoBadSeq = kSeqMod + 1;
}  // namespace

ReceiveStats::ReceiveStats(uint32_t ssrc, uint32_t clockRate)
    : mSsrc(ssrc), mClockRate(clockRate), mBadSeq(kNoBadSeq) {}

void ReceiveStats::restart(uint16_t sequence) {
  mBaseSeq = sequence;
  mMaxSeq = sequence;
  mBadSeq = kNoBadSeq;
  mCycles = 0;
  mReceived = 0;
  mExpectedPrior = 0;
  mReceivedPrior = 0;
}

int64_t ReceiveStats::rtpUnitsSinceStart(Micros arrival) const {
  const int64_t us = arrival - mFirstArrival;
  // Split so that long-running streams at 90 kHz cannot overflow.
  return us / 1'000'000 * mClockRate + us % 1'000'000 * mClockRate / 1'000'000;
}

void ReceiveStats::onPacket(uint16_t sequence, uint32_t rtpTimestamp, Micros arrival) {
  if (!mStarted) {
    mStarted = true;
    mFirstArrival = arrival;
    restart(sequence);
  }
  const auto delta = static_cast<uint16_t>(sequence - mMaxSeq);
  bool advanced = false;
  if (mReceived == 0) {
    advanced = true;  // first packet after a (re)start
  } else if (delta == 0) {
    // duplicate: counted as received (RFC 3550 6.4.1 lets "lost" go negative)
  } else if (delta < kMaxDropout) {
    if (sequence < mMaxSeq) mCycles += kSeqMod;
    mMaxSeq = sequence;
    advanced = true;
  } else if (delta <= kSeqMod - kMaxMisorder) {
    // A large jump: restart only if the next packet confirms it (A.1).
    if (sequence == mBadSeq) {
      restart(sequence);
      advanced = true;
    } else {
      mBadSeq = (sequence + 1u) & (kSeqMod - 1);
      return;
    }
  }
  // else: reordered or duplicate within the misorder window.
  ++mReceived;

  // A.8: jitter from in-order packets only; a retransmission's transit says nothing.
  if (!advanced) return;
  const int64_t transit = rtpUnitsSinceStart(arrival) - int64_t{rtpTimestamp};
  if (mHaveTransit) {
    // Wrap the timestamp difference into 32 bits so a timestamp wrap is not a spike.
    const auto d = static_cast<int32_t>(static_cast<uint32_t>(transit - mTransit));
    const auto absD = static_cast<uint64_t>(std::abs(static_cast<int64_t>(d)));
    mJitterQ4 += absD - ((mJitterQ4 + 8) >> 4);
  }
  mTransit = transit;
  mHaveTransit = true;
}

void ReceiveStats::onSenderReport(uint64_t ntpTimestamp, Micros arrival) {
  mLastSr = static_cast<uint32_t>(ntpTimestamp >> 16);
  mLastSrArrival = arrival;
  mHaveSr = true;
}

uint32_t ReceiveStats::jitter() const {
  const uint64_t j = mJitterQ4 >> 4;
  return j > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(j);
}

int64_t ReceiveStats::cumulativeLost() const {
  if (!mStarted) return 0;
  const int64_t expected = int64_t{extendedHighestSeq()} - mBaseSeq + 1;
  return expected - static_cast<int64_t>(mReceived);
}

ReportBlock ReceiveStats::makeReportBlock(Micros now) {
  ReportBlock b;
  b.ssrc = mSsrc;
  if (mStarted) {
    // A.3
    const uint64_t expected = uint64_t{extendedHighestSeq()} - mBaseSeq + 1;
    const int64_t expectedInterval = static_cast<int64_t>(expected - mExpectedPrior);
    const int64_t receivedInterval = static_cast<int64_t>(mReceived - mReceivedPrior);
    const int64_t lostInterval = expectedInterval - receivedInterval;
    mExpectedPrior = expected;
    mReceivedPrior = mReceived;
    if (expectedInterval > 0 && lostInterval > 0) {
      b.fractionLost = static_cast<uint8_t>((lostInterval << 8) / expectedInterval);
    }
    const int64_t lost = cumulativeLost();
    b.cumulativeLost = lost > 0x7fffff    ? 0x7fffff
                       : lost < -0x800000 ? -0x800000
                                          : static_cast<int32_t>(lost);
    b.extendedHighestSeq = extendedHighestSeq();
    b.jitter = jitter();
  }
  if (mHaveSr) {
    b.lastSr = mLastSr;
    const Micros since = now > mLastSrArrival ? now - mLastSrArrival : 0;
    b.delaySinceLastSr = static_cast<uint32_t>(since * 65536 / 1'000'000);
  }
  return b;
}

}  // namespace vicos::rtcp
