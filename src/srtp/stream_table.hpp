// Bounded SSRC -> per-stream SRTP state map that grows with the streams it holds, so that a
// session sized for hundreds of streams costs little while it carries a few.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "srtp/replay_window.hpp"

namespace vicos::srtp {

struct StreamState {
  // Sending side (protect): RTP index (ROC || SEQ) of the newest protected packet.
  bool sendStarted = false;
  uint64_t sendHighest = 0;
  uint32_t sendRtcpIndex = 0;  // next SRTCP index, RFC 3711 3.4
  // Receiving side (unprotect), RFC 3711 3.3.2: the window's highest index is ROC || s_l.
  ReplayWindow rtpWindow;
  ReplayWindow rtcpWindow;
};

// Open addressing with linear probing over a power-of-two slot array at most half full. The
// array starts with room for kInitialStreams and doubles when a new stream would fill it more
// than half (up to maxStreams): an allocation only at the first packet of a stream beyond the
// room reserved, never for a packet of a known stream. reserve() grows it ahead, off the
// packet path.
class StreamTable {
 public:
  static constexpr size_t kInitialStreams = 8;

  explicit StreamTable(size_t maxStreams);

  // Makes room for `streams` streams (at most maxStreams) without further allocation.
  void reserve(size_t streams);

  [[nodiscard]] StreamState* find(uint32_t ssrc);
  // The state of ssrc, created empty if new; nullptr when maxStreams are already in use.
  [[nodiscard]] StreamState* insert(uint32_t ssrc);
  bool remove(uint32_t ssrc);

  [[nodiscard]] size_t size() const { return mCount; }
  [[nodiscard]] size_t maxStreams() const { return mMax; }
  [[nodiscard]] bool full() const { return mCount >= mMax; }
  // Streams the slot array holds before it must grow (the memory held: capacity() * 2 slots).
  [[nodiscard]] size_t capacity() const { return mSlots.size() / 2; }

 private:
  struct Slot {
    bool used = false;
    uint32_t ssrc = 0;
    StreamState state;
  };
  [[nodiscard]] size_t home(uint32_t ssrc) const {
    const uint32_t h = ssrc * 0x9e3779b1u;  // Fibonacci hashing spreads sequential SSRCs
    return (h ^ (h >> 16)) & mMask;
  }
  void rehash(size_t slots);

  std::vector<Slot> mSlots;
  size_t mMask = 0;
  size_t mCount = 0;
  size_t mMax = 0;
};

}  // namespace vicos::srtp
