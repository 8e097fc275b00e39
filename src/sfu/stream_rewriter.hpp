// The numbering one consumer gives its outgoing stream: sequence numbers with drop compaction,
// timestamps by offset, VP8 PictureID (compacted per frame) and TL0PICIDX, continuous across
// changes of source (another simulcast encoding, or another producer).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/byte_reader.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/vp8_descriptor.hpp"
#include "sfu/seq_mapper.hpp"

namespace vicos::sfu {

// What one forwarded packet becomes. Together with the input packet it determines the output
// bytes, so recording it (SendHistory) lets a retransmission be rebuilt byte for byte.
struct RtpMapping {
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  bool hasPictureId = false;
  bool hasTl0PicIdx = false;
  uint16_t pictureId = 0;
  uint8_t tl0PicIdx = 0;

  bool operator==(const RtpMapping&) const = default;
};

// Writes the mapping's VP8 ids into the descriptor at the start of an output payload (a copy
// of the input payload); true when there was nothing to write or it was written.
bool applyVp8Ids(MutableBytes payload, const RtpMapping& mapping);

// Writes the packet a consumer sends for input `in` under `mapping` into `out`: marker and
// payload type of the input, the mapping's sequence number and timestamp, `ssrc`, the given
// header extensions (one-byte form), the input's payload with the mapping's VP8 ids. Returns the
// size, or 0 when it does not fit or the input has no payload. The bytes depend on nothing else,
// so the same (input, mapping, ssrc, extensions) give the same packet: what a retransmission
// from the SendHistory relies on.
size_t writeMapped(const rtp::RtpView& in, const RtpMapping& mapping, uint32_t ssrc,
                   std::span<const rtp::ExtensionElement> extensions, MutableBytes out);

// Writes a padding-only packet (RFC 3550 5.1: the P bit, `padding` bytes of which the last
// holds their count) with the mapping's numbers; its size, or 0 when it does not fit.
size_t writePadding(const RtpMapping& mapping, uint8_t payloadType, uint32_t ssrc,
                    std::span<const rtp::ExtensionElement> extensions, uint8_t padding, MutableBytes out);

class StreamRewriter {
 public:
  static constexpr size_t kSentWindow = 512;

  // The first output values; random for a new stream (RFC 3550 5.1).
  struct Start {
    uint16_t sequence = 0;
    uint32_t timestamp = 0;
    uint16_t pictureId = 0;
    uint8_t tl0PicIdx = 0;
  };

  explicit StreamRewriter(const Start& start);

  // Begins a new source whose first packet (sequence `sequence`) is forwarded next, with the
  // timestamp offset `timestampOffset` (output = input + offset). The first source starts at
  // the Start values; a later one continues after the last output: PictureID and TL0PICIDX +1,
  // sequence +1, or +2 when `skipSequence` (tells the receiver the previous frame was cut).
  void startSource(uint16_t sequence, uint32_t timestampOffset, bool skipSequence);

  // The mapping of a packet of the current source, or nullopt when it is refused: too old,
  // dropped before, before the source's start (see SeqMapper), or its output sequence number
  // was already sent or is kSentWindow or more behind the newest. `vp8` may be null.
  //
  // Each output sequence number is given once: a repeated input (a duplicate, or a publisher
  // reusing a number for other bytes) would otherwise put a second plaintext under the same
  // SRTP nonce (RFC 7714 8.1). Retransmissions go through SendHistory instead.
  std::optional<RtpMapping> forward(uint16_t sequence, uint32_t timestamp, const rtp::Vp8Descriptor* vp8);

  // A packet of the current source that is not forwarded (its sequence number, and its
  // PictureID when it is the frame's, are compacted away).
  void drop(uint16_t sequence, const rtp::Vp8Descriptor* vp8);

  // The numbers of a packet of our own after the newest one: the next sequence number (later
  // packets move up by one) and the newest timestamp; no VP8 ids. Padding that probes the
  // subscriber's link goes out under it. nullopt before the first source started.
  std::optional<RtpMapping> insertPadding();

  bool started() const { return mSeq.started(); }
  uint32_t timestampOffset() const { return mTimestampOffset; }
  // The output values of the newest forwarded packet (the first source's Start values - 1
  // before anything was forwarded).
  uint16_t lastSequence() const { return mSeq.lastOutput(); }
  uint32_t lastTimestamp() const { return mLastTimestamp; }

 private:
  bool takeSequence(uint16_t sequence, uint16_t advance);

  SeqMapper mSeq;
  std::array<uint64_t, kSentWindow / 64> mSent{};  // output numbers sent, by number % kSentWindow
  SeqMapper mPictureId;
  uint32_t mTimestampOffset = 0;
  uint32_t mLastTimestamp = 0;
  bool mPictureIdStarted = false;  // for the current source
  bool mTl0Started = false;        // for the current source
  bool mAnyTl0 = false;            // a TL0PICIDX was ever forwarded
  uint8_t mTl0Offset = 0;
  uint8_t mLastTl0 = 0;
};

}  // namespace vicos::sfu
