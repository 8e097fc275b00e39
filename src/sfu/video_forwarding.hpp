// What a video consumer forwards of its producer: the encoding and temporal layers chosen
// (SimulcastSwitch), the renumbered stream, and the record of sent packets for retransmissions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/send_history.hpp"
#include "sfu/simulcast_switch.hpp"

namespace vicos::sfu {

class Producer;

// The sender reports of a producer's encodings, in the form the switch reads them.
std::array<LayerClock, SimulcastSwitch::kMaxEncodings> layerClocks(const Producer& producer);

// Every video consumer, simulcast or not, goes through the switch: it starts the subscriber's
// stream at a keyframe, with random initial sequence number, timestamp, PictureID and TL0PICIDX
// (RFC 3550 5.1), and keeps all four continuous when the encoding changes. A single-encoding
// producer is the case with one encoding.
//
// Layer choice (docs/design/media-model.md S17): the target is the highest encoding that sent a
// packet within kLiveWindow and fits the subscriber's downlink; when the current one stalls or
// no longer fits, the next one below takes over at its keyframe, and when a higher one comes
// back or fits again, the consumer goes up at its keyframe.
class VideoForwarding {
 public:
  static constexpr Micros kLiveWindow = 1'000'000;

  explicit VideoForwarding(const StreamRewriter::Start& start);

  // Decides packet `in` of encoding `encoding`; when it is forwarded, writes it into `out` under
  // `ssrc` with `extensions` (at most kMaxExtensions) and the transport-wide number
  // `transportSeq` if given, records it, and returns its size. 0 otherwise (`decision` says why).
  size_t forward(uint8_t encoding, const rtp::RtpView& in, uint32_t ssrc,
                 std::span<const rtp::ExtensionElement> extensions, std::optional<uint16_t> transportSeq,
                 std::span<const LayerClock> clocks, Micros now, MutableBytes out, SwitchDecision& decision);
  static constexpr size_t kMaxExtensions = 3;

  // Rebuilds sent packet `sequence` byte for byte from the producer's cache into `out`, with the
  // transport-wide number it first went out with; 0 when it is no longer held (by us or by the
  // cache, or the cache slot now holds another stream's packet).
  size_t retransmission(uint16_t sequence, const Producer& producer, uint32_t ssrc,
                        std::span<const rtp::ExtensionElement> extensions, MutableBytes out) const;

  // A padding-only packet of `padding` bytes under the stream's next sequence number, with the
  // transport-wide number `transportSeq` (a bandwidth probe); written only between frames of the
  // forwarded encoding, so that no frame is split. Its size, or 0. Not recorded: a NACK for it
  // finds nothing to resend.
  size_t padding(uint32_t ssrc, std::span<const rtp::ExtensionElement> extensions, uint16_t transportSeq,
                 uint8_t padding, MutableBytes out);

  // Re-chooses the target from the producer's live encodings: the highest one up to `cap` (the
  // subscriber's downlink estimate and tile, layer_allocation.hpp), or the lowest live one when
  // none is within it; media::kNoEncoding pauses the stream (SimulcastSwitch::setPaused).
  // Returns the encoding whose keyframe the consumer waits for, if any and if that encoding is
  // sending.
  std::optional<uint8_t> chooseLayer(const Producer& producer, Micros now,
                                     uint8_t cap = media::kMaxEncodings - 1);

  // The encoding forwarded now, if any.
  std::optional<uint8_t> forwarded() const { return mSwitch.currentEncoding(); }
  // The encoding forwarded now, else the one waited for.
  uint8_t encoding() const { return mSwitch.currentEncoding().value_or(mSwitch.targetSpatial()); }
  std::optional<uint8_t> keyframeWanted() const { return mSwitch.keyframeWanted(); }
  // Output timestamp = input timestamp + offset, for the current encoding.
  uint32_t timestampOffset() const { return mSwitch.rewriter().timestampOffset(); }

 private:
  SimulcastSwitch mSwitch;
  SendHistory mHistory;
  bool mAtFrameEnd = false;  // the newest packet sent ended a frame
};

}  // namespace vicos::sfu
