// Keyframe-synced spatial switching and temporal-layer filtering of a VP8 simulcast stream.
#include "sfu/simulcast_switch.hpp"

#include <algorithm>

namespace vicos::sfu {

namespace {

// RTP ticks of a signed NTP (32.32 fixed point, RFC 3550 4) difference, modulo 2^32.
uint32_t ntpToTicks(uint64_t later, uint64_t earlier, uint32_t clockRate) {
  const auto diff = static_cast<__int128>(static_cast<int64_t>(later - earlier));
  return static_cast<uint32_t>(static_cast<uint64_t>((diff * clockRate) >> 32));
}

}  // namespace

SimulcastSwitch::SimulcastSwitch(const StreamRewriter::Start& start, uint32_t clockRate)
    : mRewriter(start), mStart(start), mClockRate(clockRate) {}

void SimulcastSwitch::setTarget(uint8_t spatial, uint8_t temporal) {
  mTargetSpatial = std::min<uint8_t>(spatial, kMaxEncodings - 1);
  mTargetTemporal = std::min(temporal, kMaxTemporal);
}

void SimulcastSwitch::setPaused(bool paused) {
  if (paused) mCurrent = kNone;
  mPaused = paused;
}

std::optional<uint8_t> SimulcastSwitch::keyframeWanted() const {
  if (mPaused || mCurrent == mTargetSpatial) return std::nullopt;
  return mTargetSpatial;
}

std::optional<uint8_t> SimulcastSwitch::currentEncoding() const {
  if (mCurrent == kNone) return std::nullopt;
  return mCurrent;
}

const LayerClock* SimulcastSwitch::clockOf(uint8_t encoding, std::span<const LayerClock> clocks) const {
  if (encoding >= clocks.size()) return nullptr;
  const LayerClock& c = clocks[encoding];
  return c.valid && c.ssrc == mSsrc[encoding] ? &c : nullptr;
}

std::optional<uint32_t> SimulcastSwitch::switchOffset(uint8_t encoding, const rtp::RtpView& packet,
                                                      Micros arrival, std::span<const LayerClock> clocks,
                                                      SwitchDecision& decision) const {
  if (!mRewriter.started()) return mStart.timestamp - packet.timestamp;
  const uint32_t last = mRewriter.lastTimestamp();
  uint32_t offset = 0;
  if (mCurrent == kNone) {
    // The old stream is gone: place the keyframe by the time since the last forwarded packet.
    const Micros elapsed = std::max<Micros>(arrival - mLastArrival, 0);
    const auto ticks = static_cast<uint32_t>(static_cast<uint64_t>(elapsed) * mClockRate / 1'000'000);
    offset = last + ticks - packet.timestamp;
  } else {
    // The same instant in both encodings' RTP clocks, from their sender reports.
    const LayerClock* from = clockOf(mCurrent, clocks);
    const LayerClock* to = clockOf(encoding, clocks);
    if (!from || !to) {
      decision.drop = SwitchDrop::NoSenderReport;
      return std::nullopt;
    }
    offset = mRewriter.timestampOffset() + from->rtpTimestamp - to->rtpTimestamp +
             ntpToTicks(to->ntp, from->ntp, mClockRate);
  }
  const uint32_t minStep = mClockRate / kMinFrameRate;
  const auto rise = static_cast<int32_t>(packet.timestamp + offset - last);
  if (rise < static_cast<int32_t>(minStep)) {
    const int64_t extra = int64_t{minStep} - rise;
    if (extra > int64_t{mClockRate} * kMaxExtraMs / 1000) {
      decision.drop = SwitchDrop::TimestampGap;
      decision.requestKeyframe = true;
      return std::nullopt;
    }
    offset += static_cast<uint32_t>(extra);
  }
  return offset;
}

// Up at a frame that every later frame of the target layers may depend on (Y=1, or TL0); down
// at any frame start. Only a frame start changes it, so no frame is forwarded in part.
void SimulcastSwitch::updateTemporal(const rtp::Vp8Descriptor* vp8, bool frameStart) {
  if (!frameStart) return;
  const uint8_t tid = vp8 && vp8->hasTid ? vp8->tid : 0;
  if (mTargetTemporal > mCurrentTemporal && tid <= mTargetTemporal && (tid == 0 || vp8->layerSync))
    mCurrentTemporal = mTargetTemporal;
  else if (mTargetTemporal < mCurrentTemporal)
    mCurrentTemporal = mTargetTemporal;
}

SwitchDecision SimulcastSwitch::onPacket(uint8_t encoding, const rtp::RtpView& packet, Micros arrival,
                                         std::span<const LayerClock> clocks) {
  SwitchDecision decision;
  if (encoding >= kMaxEncodings) {
    decision.drop = SwitchDrop::BadEncoding;
    return decision;
  }
  if (!mSeen[encoding] || mSsrc[encoding] != packet.ssrc) {
    // A new stream in this encoding: its numbers start afresh, so it must start with a keyframe.
    if (encoding == mCurrent) mCurrent = kNone;
    mSeen[encoding] = true;
    mSsrc[encoding] = packet.ssrc;
  }
  if (mPaused) {
    decision.drop = SwitchDrop::Paused;
    return decision;
  }
  if (packet.payload.empty()) {
    if (encoding == mCurrent) mRewriter.drop(packet.sequence, nullptr);
    decision.drop = SwitchDrop::Padding;
    return decision;
  }
  const auto parsed = rtp::parseVp8Descriptor(packet.payload);
  const rtp::Vp8Descriptor* vp8 = parsed ? &*parsed : nullptr;
  const bool frameStart = vp8 && vp8->startOfPartition && vp8->partitionId == 0;

  if (encoding == mTargetSpatial && encoding != mCurrent && rtp::isVp8Keyframe(packet.payload)) {
    const auto offset = switchOffset(encoding, packet, arrival, clocks, decision);
    if (!offset) return decision;
    const bool skip = mRewriter.started() && !mLastMarker;
    mRewriter.startSource(packet.sequence, *offset, skip);
    mCurrent = encoding;
    mCurrentTemporal = mTargetTemporal;  // every later frame may depend on this keyframe
    decision.switched = true;
  }
  if (encoding != mCurrent) {
    decision.drop = encoding == mTargetSpatial ? SwitchDrop::WaitingKeyframe : SwitchDrop::NotCurrent;
    return decision;
  }
  // A keyframe that starts a source goes out whatever TID it claims: it depends on nothing.
  if (!decision.switched) updateTemporal(vp8, frameStart);
  if (!decision.switched && vp8 && vp8->hasTid && vp8->tid > mCurrentTemporal) {
    mRewriter.drop(packet.sequence, vp8);
    decision.drop = SwitchDrop::TemporalLayer;
    return decision;
  }
  const auto mapping = mRewriter.forward(packet.sequence, packet.timestamp, vp8);
  if (!mapping) {
    decision.drop = SwitchDrop::Refused;
    return decision;
  }
  if (mRewriter.lastSequence() == mapping->sequence) {
    mLastMarker = packet.marker;
    mLastArrival = arrival;
  }
  decision.forward = true;
  decision.mapping = *mapping;
  return decision;
}

}  // namespace vicos::sfu
