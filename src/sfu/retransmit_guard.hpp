// What NACKs (RFC 4585 6.2.1) may make the worker resend to one video downlink: no packet
// again within kRepeatInterval, and no more bytes than a token bucket holds that a share of
// the downlink's own forwarded bytes and a small floor refill (docs/security.md, "Media plane").
// Its table is allocated at the first retransmission (most downlinks never resend); checking and
// spending allocate nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/clock.hpp"
#include "sfu/rtp_cache.hpp"

namespace vicos::sfu {

class RetransmitGuard {
 public:
  // A packet resent to this subscriber is not resent again for 100 ms. Browsers ask again
  // for a packet still missing after about one round trip; 100 ms is a round trip over a
  // long path, so the repeat of a retransmission that was itself lost waits at most that long,
  // while a NACK that lists the same packets many times (or is sent many times) gets each
  // packet once.
  static constexpr Micros kRepeatInterval = 100'000;
  // One NACK packet is read for its first 64 sequence numbers; the rest are refused. A
  // browser lists what is missing in ascending order and asks again one round trip later for
  // what still is, so a burst loss larger than this is answered over a few round trips; and
  // ordinary loss between two RTCP reports is a handful of packets.
  static constexpr size_t kMaxPerNack = 64;
  // The budget: a quarter of the bytes forwarded to this downlink (enough to repair the loss
  // of one packet in five, and the loss of some retransmissions too) plus 10,000 bytes a
  // second (about 8 packets, for a slow stream such as a still screen), held up to 60,000
  // bytes (50 full packets: one burst loss or a lost keyframe). The bucket starts full.
  static constexpr size_t kShareDivisor = 4;
  static constexpr int64_t kFloorBytesPerSecond = 10'000;
  static constexpr int64_t kBurstBytes = 60'000;

  // A first transmission of `bytes` to this downlink earns a share of it as budget.
  void onForwarded(size_t bytes) {
    mTokens += static_cast<int64_t>(bytes / kShareDivisor);
    if (mTokens > kBurstBytes) mTokens = kBurstBytes;
  }
  // True when `sequence` was resent less than kRepeatInterval before `now`.
  [[nodiscard]] bool recentlyResent(uint16_t sequence, Micros now) const;
  // Takes `bytes` from the budget, refilled by the floor up to `now`; false, taking nothing,
  // when it holds fewer.
  bool trySpend(size_t bytes, Micros now);
  // Records that `sequence` was resent at `now`.
  void onResent(uint16_t sequence, Micros now);

  // The bytes the bucket holds (after the last refill).
  [[nodiscard]] int64_t budget() const { return mTokens; }

 private:
  void refill(Micros now);

  // Per RtpCache slot: the sequence number resent last (high 16 bits) and when, in
  // milliseconds modulo 65,536 (low 16 bits; 0 = never). A stale entry could only look
  // recent for the same sequence number 65,536 packets later, inside a 100 ms window. Null
  // until the first onResent.
  std::unique_ptr<uint32_t[]> mResent;
  int64_t mTokens = kBurstBytes;
  Micros mRefilled = 0;
  bool mStarted = false;
};

}  // namespace vicos::sfu
