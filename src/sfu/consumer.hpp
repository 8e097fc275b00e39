// One downlink: a publisher's track forwarded to one subscriber. Video goes out under the
// subscriber's own mid and SSRC through VideoForwarding (layer choice, renumbering, rebuilt
// retransmissions); audio through whichever of the subscriber's audio slots carries the
// publisher (audio_slot.hpp), if any. Payloads pass unchanged but for VP8 ids.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common/clock.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/retransmit_guard.hpp"
#include "sfu/video_forwarding.hpp"

namespace vicos::sfu {

class Peer;
class Producer;

// Random first output values of a new stream (RFC 3550 5.1).
StreamRewriter::Start randomRewriterStart();

class Consumer {
 public:
  Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc);
  // The same with given output starts (tests); the constructor above draws them at random.
  Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc,
           const StreamRewriter::Start& start);

  Peer& subscriber() const { return mSubscriber; }
  const std::string& publisher() const { return mPublisher; }
  MediaKind kind() const { return mKind; }
  const std::string& mid() const { return mMid; }
  uint32_t ssrc() const { return mSsrc; }

  Producer* producer() const { return mProducer; }
  void setProducer(Producer* producer) { mProducer = producer; }
  // The producer's encoding it forwards now (or, for video, waits for); 0 for audio.
  uint8_t encoding() const { return mVideo ? mVideo->encoding() : 0; }
  // Video only: layer choice and the renumbered stream.
  VideoForwarding* video() const { return mVideo.get(); }

  // Writes packet `in` of the producer's encoding `encoding` as this consumer sends it into
  // `out` (plaintext RTP, before SRTP), numbered `transportSeq` on the subscriber's transport;
  // returns the size, or 0 when it is not forwarded (another layer, waiting for a keyframe,
  // padding) or does not fit. `clocks`: layerClocks(producer).
  size_t forward(uint8_t encoding, const rtp::RtpView& in, uint16_t transportSeq,
                 std::span<const LayerClock> clocks, Micros now, MutableBytes out, SwitchDecision& decision);

  // A padding-only packet that probes the subscriber's link (VideoForwarding::padding); video
  // only, between frames; 0 when none can go now.
  size_t padding(uint16_t transportSeq, uint8_t bytes, MutableBytes out);

  // Our packet `sequence` again, byte-identical to its first transmission, its transport-wide
  // number included (see consumer.cpp);
  // 0 when it is no longer held. Video only.
  size_t retransmission(uint16_t sequence, MutableBytes out) const;

  // The RTX stream (RFC 4588) of a video downlink; 0: none offered.
  uint32_t rtxSsrc() const { return mRtxSsrc; }
  void setRtxSsrc(uint32_t ssrc) { mRtxSsrc = ssrc; }
  // Our packet `sequence` again as an RTX packet (RFC 4588 4): payload type 97, the RTX stream's
  // SSRC and next sequence number, the original sequence number (OSN) before the original
  // payload, numbered `transportSeq` on the subscriber's transport like any new packet. 0 when it
  // is no longer held or there is no RTX stream.
  size_t rtxRetransmission(uint16_t sequence, uint16_t transportSeq, MutableBytes out);
  // Output RTP timestamp = the producer's (current encoding's) timestamp + this offset.
  uint32_t timestampOffset() const { return mVideo ? mVideo->timestampOffset() : 0; }
  // What NACKs may still make us resend; video downlinks only (audio is not cached).
  RetransmitGuard* retransmits() const { return mRetransmits.get(); }

  // How the subscriber shows this video (MediaPlane::setView): shown at any size until it says.
  void setTile(std::optional<TileView> tile) {
    mShown = tile.has_value();
    mTile = tile.value_or(TileView{});
  }
  bool shown() const { return mShown; }
  const TileView& tile() const { return mTile; }
  // The highest encoding of the producer its tile can use (layer_allocation.hpp tileLayerCap,
  // from the encodings' key-frame sizes); the top one before it has a producer.
  uint8_t tileCap() const;

  uint32_t packetsSent() const { return mPacketsSent; }
  uint32_t octetsSent() const { return mOctetsSent; }

 private:
  size_t counted(size_t size, const rtp::RtpView& in);
  rtp::ExtensionElement midElement() const;  // RFC 8843 15.2

  Peer& mSubscriber;
  std::string mPublisher;
  MediaKind mKind;
  std::string mMid;
  uint32_t mSsrc;
  uint32_t mRtxSsrc = 0;
  uint16_t mRtxSequence;  // random start (RFC 3550 5.1)
  Producer* mProducer = nullptr;
  std::unique_ptr<VideoForwarding> mVideo;
  std::unique_ptr<RetransmitGuard> mRetransmits;
  TileView mTile;
  bool mShown = true;
  uint32_t mPacketsSent = 0;
  uint32_t mOctetsSent = 0;
};

}  // namespace vicos::sfu
