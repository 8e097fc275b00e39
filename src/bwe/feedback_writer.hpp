// The receiving side of transport-cc (uplink from a publisher): arrival times by transport-wide
// sequence number in a fixed ring, written out as feedback packets every 50–100 ms.
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.hpp"
#include "rtcp/feedback_transport_cc.hpp"

namespace vicos::bwe {

struct FeedbackWriterConfig {
  uint32_t senderSsrc = 1;      // ours, in the feedback's "SSRC of packet sender"
  size_t capacity = 2048;       // sequence numbers the ring holds, reported or not
  size_t maxPacketSize = 1200;  // bytes per feedback packet (it goes out in its own SRTCP packet)
  Micros interval = 50'000;     // how often due() says yes while packets arrive
  uint32_t maxRewind = 256;     // a late packet this far behind the reported window is reported again
};

struct FeedbackWriterCounters {
  uint64_t duplicates = 0;   // the same sequence number arrived twice
  uint64_t tooLate = 0;      // older than the ring or than maxRewind allows
  uint64_t restarts = 0;     // a jump of more than half the ring: reporting starts over there
  uint64_t overwritten = 0;  // unreported numbers the ring had to give up (writer not called)
};

class FeedbackWriter {
 public:
  explicit FeedbackWriter(const FeedbackWriterConfig& config = {});

  // A packet with the transport-wide sequence number `seq` arrived (receiver clock).
  void onPacket(uint16_t seq, uint32_t mediaSsrc, Micros arrival);
  // True when an interval has passed since the last feedback and something is to report.
  [[nodiscard]] bool due(Micros now) const;
  // Writes the next feedback packet (≤ maxPacketSize, from the oldest unreported number to
  // the newest arrival) into `out`; returns its size, 0 when nothing is left. Call it until
  // it returns 0, sending each packet.
  size_t writeNext(MutableBytes out, Micros now);

  [[nodiscard]] const FeedbackWriterCounters& counters() const { return mCounters; }

 private:
  struct Slot {
    int64_t seq = -1;
    Micros arrival = 0;
    bool received = false;
  };

  Slot& slot(int64_t seq) { return mSlots[static_cast<size_t>(seq) % mSlots.size()]; }

  FeedbackWriterConfig mConfig;
  std::vector<Slot> mSlots;
  std::vector<rtcp::PacketArrival> mScratch;
  bool mStarted = false;
  int64_t mStart = 0;  // oldest number not yet reported
  int64_t mEnd = 0;    // newest arrival + 1
  uint32_t mMediaSsrc = 0;
  uint8_t mFeedbackCount = 0;
  Micros mLastWrite = -1;
  FeedbackWriterCounters mCounters;
};

}  // namespace vicos::bwe
