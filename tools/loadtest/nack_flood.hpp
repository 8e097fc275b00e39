// The load tool's NACK flood (--attack nack-flood, docs/security.md "Media plane"): one
// participant, connected like any other, sends RTCP NACKs as large as one datagram holds, at a
// fixed rate for a fixed time, each asking again and again for the last packets of every video
// stream it receives; what comes back is counted as the participant's repeated packets.
#pragma once

#include <array>
#include <cstdint>

#include "common/clock.hpp"
#include "loadtest/participant.hpp"
#include "rtcp/feedback_nack.hpp"

namespace vicos::loadtest {

class NackFlood {
 public:
  // 340 items of 17 sequence numbers: 1,372 bytes of RTCP, 5,780 packets asked for.
  static constexpr size_t kItems = 340;
  // The newest 510 packets of a stream (30 items), within a server's retransmission cache,
  // listed over and over.
  static constexpr size_t kDistinctItems = 30;
  static constexpr uint32_t kMaxRate = 1000;        // NACKs per second
  static constexpr double kMaxSeconds = 600;

  // Floods from `attacker` from `start` for `seconds`, `perSecond` NACKs a second, spread over
  // its video streams.
  NackFlood(Participant& attacker, uint32_t perSecond, Micros start, double seconds);

  // Sends the NACKs due at `now`.
  void run(Micros now);

  uint64_t nacksSent() const { return mNacks; }
  uint64_t bytesSent() const { return mBytes; }  // RTCP plaintext; SRTCP adds 20 bytes each

 private:
  Participant& mAttacker;
  Micros mInterval;
  Micros mNext;
  Micros mEnd;
  size_t mStream = 0;  // the next stream to name, round robin
  uint64_t mNacks = 0;
  uint64_t mBytes = 0;
  std::array<uint8_t, rtcp::kFeedbackHeaderSize + 4 * kItems> mPacket{};
  std::array<rtcp::NackItem, kItems> mItems{};
};

}  // namespace vicos::loadtest
