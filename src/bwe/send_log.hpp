// The sender's record of the packets it stamped with a transport-wide sequence number, and the
// matching of transport-cc feedback to them (send time, size, arrival or loss).
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.hpp"
#include "rtcp/feedback_transport_cc.hpp"

namespace vicos::bwe {

inline constexpr int32_t kNoProbe = -1;

// One packet the feedback reported on, as the sender knows it.
struct PacketResult {
  int64_t seq = 0;      // transport-wide sequence number, extended: the first one sent is itself
  uint32_t size = 0;    // bytes on the wire
  Micros sendTime = 0;  // sender clock
  Micros arrival = 0;   // receiver clock (reference time unwrapped), when received
  int32_t probeCluster = kNoProbe;
  bool received = false;
};

struct SendLogCounters {
  uint64_t unknown = 0;    // never sent, or so old that the ring has reused its entry
  uint64_t duplicate = 0;  // reported received before, or reported lost twice
};

class SendLog {
 public:
  // The ring is allocated here, once; nothing is allocated per packet.
  explicit SendLog(size_t capacity = 2048);

  void onPacketSent(uint16_t seq, uint32_t size, Micros sendTime, int32_t probeCluster = kNoProbe);

  // Calls f(const PacketResult&) in sequence order for each packet of `feedback` the log holds,
  // at most once as lost and once as received (a late arrival after a loss report counts).
  // Returns how many it passed.
  template <typename F>
  size_t onFeedback(const rtcp::TransportCc& feedback, F&& f) {
    const Micros shift = unwrapReference(feedback.referenceTime);
    size_t passed = 0;
    PacketResult result;
    feedback.forEach([&](const rtcp::TransportCcStatus& s) {
      if (match(s, shift, result)) {
        f(static_cast<const PacketResult&>(result));
        ++passed;
      }
    });
    return passed;
  }

  [[nodiscard]] const SendLogCounters& counters() const { return mCounters; }
  [[nodiscard]] size_t capacity() const { return mEntries.size(); }

 private:
  struct Entry {
    int64_t seq = -1;
    uint32_t size = 0;
    Micros sendTime = 0;
    int32_t probeCluster = kNoProbe;
    bool reportedLost = false;
    bool reportedReceived = false;
  };

  // µs to add to the feedback's arrivals so that they continue across 24-bit wraps.
  Micros unwrapReference(int32_t referenceTime);
  bool match(const rtcp::TransportCcStatus& status, Micros shift, PacketResult& out);
  Entry& entry(int64_t ext) { return mEntries[static_cast<size_t>(ext) % mEntries.size()]; }

  std::vector<Entry> mEntries;
  int64_t mLastSent = -1;
  bool mHaveReference = false;
  int64_t mReference = 0;  // unwrapped, units of 64 ms
  SendLogCounters mCounters;
};

}  // namespace vicos::bwe
