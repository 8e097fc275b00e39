// The per-packet decision of a simulcast consumer: which encoding and temporal layers of a VP8
// producer reach the subscriber, and what each forwarded packet is renumbered to.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/clock.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/stream_rewriter.hpp"

namespace vicos::sfu {

// The latest RTCP sender report of one encoding (RFC 3550 6.4.1): its NTP time and the RTP
// timestamp of the same instant. `ssrc` names the stream it came from.
struct LayerClock {
  bool valid = false;
  uint32_t ssrc = 0;
  uint64_t ntp = 0;
  uint32_t rtpTimestamp = 0;
};

// Why a packet was not forwarded, for counters.
enum class SwitchDrop : uint8_t {
  None,
  BadEncoding,      // encoding index out of range
  Padding,          // no payload (padding-only probe)
  NotCurrent,       // another encoding than the one being forwarded
  WaitingKeyframe,  // the target encoding, before its keyframe
  NoSenderReport,   // the target's keyframe, but a sender report is missing for the switch
  TimestampGap,     // the target's keyframe would need > kMaxExtraMs added: another is requested
  TemporalLayer,    // a temporal layer above the current one
  Refused,          // too old, or in a range dropped before (SeqMapper)
  Paused,           // the subscriber shows no tile for this video
};

struct SwitchDecision {
  bool forward = false;
  SwitchDrop drop = SwitchDrop::None;
  bool switched = false;         // this packet starts a new source (a keyframe)
  bool requestKeyframe = false;  // ask the target encoding for another keyframe now
  RtpMapping mapping;            // when forwarded
};

// Spatial switching (issue 10 S15) happens only at the first packet of a VP8 keyframe of the
// target encoding; our E2EE frames keep a VP8 keyframe's first 10 bytes in clear, so the
// descriptor and payload header stay readable. The new timestamps are aligned to the old ones by
// the two encodings' sender reports (so none before both have one, except for the very first
// packet, or after the current stream vanished, when arrival time serves); they rise by at
// least one frame, and if that needs more than kMaxExtraMs the keyframe is dropped and another
// requested. When the last forwarded packet did not end a frame, one sequence number is skipped
// so the receiver sees the cut frame as incomplete. Until the switch the current encoding keeps
// flowing; afterwards the old encoding's packets are dropped.
//
// Temporal layers (S16): TID <= the current temporal layer is forwarded; the current layer goes up
// to the target at the start of a frame with Y=1 (layer sync) or TID 0, and down at the start of a
// frame. Packets without TID (Firefox) are TL0. Dropped packets are compacted by the rewriter, so
// the receiver sees contiguous sequence numbers and PictureIDs and never asks for them.
//
// Pure logic: no sockets, no allocation, deterministic (the caller draws the random starts).
class SimulcastSwitch {
 public:
  static constexpr size_t kMaxEncodings = 3;
  static constexpr uint8_t kMaxTemporal = 2;
  static constexpr uint32_t kMinFrameRate = 30;  // at least one frame of 30 fps between sources
  static constexpr uint32_t kMaxExtraMs = 75;

  explicit SimulcastSwitch(const StreamRewriter::Start& start, uint32_t clockRate = 90000);

  // The wanted encoding and temporal layer (clamped to the valid range).
  void setTarget(uint8_t spatial, uint8_t temporal);

  // A paused switch forwards nothing and wants no keyframe. On resuming, the target's next
  // keyframe starts the stream again, its timestamp placed by the time passed (as after a
  // vanished stream) and one sequence number skipped if a frame was cut.
  void setPaused(bool paused);
  bool paused() const { return mPaused; }

  // Decides one packet of encoding `encoding`; `clocks[e]` is encoding e's latest sender report.
  SwitchDecision onPacket(uint8_t encoding, const rtp::RtpView& packet, Micros arrival,
                          std::span<const LayerClock> clocks);

  // The encoding whose keyframe is needed (the target's, while it is not being forwarded).
  std::optional<uint8_t> keyframeWanted() const;

  std::optional<uint8_t> currentEncoding() const;
  // StreamRewriter::insertPadding on the stream, while an encoding is forwarded.
  std::optional<RtpMapping> insertPadding() {
    return currentEncoding() ? mRewriter.insertPadding() : std::nullopt;
  }
  uint8_t currentTemporal() const { return mCurrentTemporal; }
  uint8_t targetSpatial() const { return mTargetSpatial; }
  uint8_t targetTemporal() const { return mTargetTemporal; }
  const StreamRewriter& rewriter() const { return mRewriter; }

 private:
  static constexpr uint8_t kNone = 0xff;

  // The timestamp offset for a switch to `encoding` at `packet`, or the reason it cannot be.
  std::optional<uint32_t> switchOffset(uint8_t encoding, const rtp::RtpView& packet, Micros arrival,
                                       std::span<const LayerClock> clocks, SwitchDecision& decision) const;
  const LayerClock* clockOf(uint8_t encoding, std::span<const LayerClock> clocks) const;
  void updateTemporal(const rtp::Vp8Descriptor* vp8, bool frameStart);

  StreamRewriter mRewriter;
  StreamRewriter::Start mStart;
  uint32_t mClockRate;
  uint8_t mCurrent = kNone;  // kNone before the first switch or after the stream vanished
  uint8_t mCurrentTemporal = kMaxTemporal;
  uint8_t mTargetSpatial = 0;
  uint8_t mTargetTemporal = kMaxTemporal;
  bool mPaused = false;
  bool mLastMarker = true;  // of the newest forwarded packet
  Micros mLastArrival = 0;  // of the newest forwarded packet
  std::array<uint32_t, kMaxEncodings> mSsrc{};
  std::array<bool, kMaxEncodings> mSeen{};
};

}  // namespace vicos::sfu
