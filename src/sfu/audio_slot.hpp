// One of a subscriber's audio m-lines (issue 10 item 6, bounded downlinks): it carries one
// publisher at a time, chosen among the loudest, under the subscriber's own SSRC, with sequence
// numbers and timestamps continuous across changes of publisher, so that the browser's jitter
// buffer sees a single stream; and the choice of publishers for a subscriber's slots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/stream_rewriter.hpp"

namespace vicos::sfu {

// What feeds a slot: one publisher's audio as the subscriber receives it (its audio consumer).
// Only compared, never dereferenced here.
using AudioSource = const void*;

class AudioSlot {
 public:
  AudioSlot(std::string mid, uint32_t ssrc, const StreamRewriter::Start& start);

  const std::string& mid() const { return mMid; }
  uint32_t ssrc() const { return mSsrc; }
  // The source it carries now; nullptr for none.
  AudioSource source() const { return mSource; }
  // Carries `source` from its next packet on (nullptr: nothing).
  void setSource(AudioSource source);

  // Writes packet `in` of the source it carries into `out` (plaintext RTP, before SRTP) under
  // the slot's SSRC and numbers, with its mid, the transport-wide number `transportSeq` and the
  // packet's audio level (RFC 6464); returns the size, or 0 when the packet is refused (too old,
  // a repeat, no payload) or does not fit. The first packet of a new source continues the
  // timestamps by the time since the last packet sent (at least one 20 ms frame).
  size_t forward(const rtp::RtpView& in, uint16_t transportSeq, Micros now, MutableBytes out);

  uint32_t packetsSent() const { return mPacketsSent; }
  uint32_t octetsSent() const { return mOctetsSent; }

 private:
  std::string mMid;
  uint32_t mSsrc;
  StreamRewriter mRewriter;
  AudioSource mSource = nullptr;
  bool mSourceStarted = false;  // the current source's first packet went out
  bool mAnySent = false;
  Micros mLastSent = 0;
  uint32_t mPacketsSent = 0;
  uint32_t mOctetsSent = 0;
};

// A publisher a subscriber may hear, and how loud it is now (SpeakerDetector::smoothed).
struct AudioCandidate {
  AudioSource source = nullptr;
  int loudness = 0;
};

// Gives the slots their sources: a slot whose source is no longer a candidate is freed; free
// slots take the loudest candidates not carried yet; then a candidate that speaks (loudness at
// least `speaking`) takes the slot of the quietest carried one when it is `margin` louder. So in
// a meeting with no more candidates than slots nobody is ever switched, and a switch needs a
// clear difference. Candidates of equal loudness keep their given order.
void chooseAudioSources(std::span<AudioSlot> slots, std::span<const AudioCandidate> candidates, int speaking,
                        int margin);

}  // namespace vicos::sfu
