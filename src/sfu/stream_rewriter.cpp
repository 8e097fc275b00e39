// Sequence, timestamp and VP8 id continuity for one consumer's outgoing stream.
//
// PictureIDs are compacted like sequence numbers (+1 per forwarded frame): libwebrtc's VP8
// reference finder treats a PictureID gap as frames still missing. TL0PICIDX only moves by offset,
// set at a change of source: temporal-layer drops never drop a TL0 frame, so within a source it
// already rises by one per forwarded TL0 frame (RFC 7741 4.2).
#include "sfu/stream_rewriter.hpp"

#include <algorithm>
#include <cstring>

namespace vicos::sfu {

namespace {

uint8_t pictureIdBits(const rtp::Vp8Descriptor& vp8) { return vp8.pictureId15Bit ? 15 : 7; }

}  // namespace

bool applyVp8Ids(MutableBytes payload, const RtpMapping& mapping) {
  if (!mapping.hasPictureId && !mapping.hasTl0PicIdx) return true;
  return rtp::rewriteVp8Ids(payload, mapping.pictureId, mapping.tl0PicIdx);
}

size_t writeMapped(const rtp::RtpView& in, const RtpMapping& mapping, uint32_t ssrc,
                   std::span<const rtp::ExtensionElement> extensions, MutableBytes out) {
  if (in.payload.empty()) return 0;
  const rtp::RtpHeader header{in.marker, in.payloadType, mapping.sequence, mapping.timestamp, ssrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, extensions);
  if (headerSize == 0 || out.size() - headerSize < in.payload.size()) return 0;
  std::memcpy(out.data() + headerSize, in.payload.data(), in.payload.size());
  // A descriptor too short for the ids was refused by the parser upstream; nothing to write.
  (void)applyVp8Ids(out.subspan(headerSize, in.payload.size()), mapping);
  return headerSize + in.payload.size();
}

size_t writePadding(const RtpMapping& mapping, uint8_t payloadType, uint32_t ssrc,
                    std::span<const rtp::ExtensionElement> extensions, uint8_t padding, MutableBytes out) {
  const rtp::RtpHeader header{false, payloadType, mapping.sequence, mapping.timestamp, ssrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, extensions);
  if (headerSize == 0 || padding == 0 || out.size() - headerSize < padding) return 0;
  out[0] |= 0x20;
  std::memset(out.data() + headerSize, 0, padding);
  out[headerSize + padding - 1] = padding;
  return headerSize + padding;
}

StreamRewriter::StreamRewriter(const Start& start)
    : mSeq(start.sequence, 16),
      mPictureId(start.pictureId & 0x7fff, 15),
      mLastTimestamp(start.timestamp),
      mTl0Offset(start.tl0PicIdx),
      mLastTl0(static_cast<uint8_t>(start.tl0PicIdx - 1)) {}

void StreamRewriter::startSource(uint16_t sequence, uint32_t timestampOffset, bool skipSequence) {
  mSeq.restart(sequence, 16, skipSequence ? 1 : 0);
  mTimestampOffset = timestampOffset;
  mPictureIdStarted = false;
  mTl0Started = false;
}

std::optional<RtpMapping> StreamRewriter::forward(uint16_t sequence, uint32_t timestamp,
                                                  const rtp::Vp8Descriptor* vp8) {
  RtpMapping m;
  if (vp8 && vp8->hasPictureId) {
    if (!mPictureIdStarted) {
      mPictureId.restart(vp8->pictureId, pictureIdBits(*vp8));
      mPictureIdStarted = true;
    }
    const auto outPictureId = mPictureId.forward(vp8->pictureId);
    if (!outPictureId) {
      // A frame dropped before, or too old, under a sequence number that is not: an inconsistent
      // stream. Dropped like the frame, so the sequence numbers stay contiguous.
      mSeq.drop(sequence);
      return std::nullopt;
    }
    m.hasPictureId = true;
    m.pictureId = *outPictureId;
  }
  const uint16_t before = mSeq.lastOutput();
  const auto outSequence = mSeq.forward(sequence);
  if (!outSequence) return std::nullopt;
  const bool newest = mSeq.lastWasNewest();
  if (!takeSequence(*outSequence, newest ? static_cast<uint16_t>(*outSequence - before) : 0))
    return std::nullopt;
  m.sequence = *outSequence;
  m.timestamp = timestamp + mTimestampOffset;
  if (vp8 && vp8->hasTl0PicIdx) {
    if (!mTl0Started) {
      // The first source starts at the Start value (the offset set by the constructor).
      if (mAnyTl0)
        mTl0Offset = static_cast<uint8_t>(mLastTl0 + 1 - vp8->tl0PicIdx);
      else
        mTl0Offset = static_cast<uint8_t>(mTl0Offset - vp8->tl0PicIdx);
      mTl0Started = true;
      mAnyTl0 = true;
    }
    m.hasTl0PicIdx = true;
    m.tl0PicIdx = static_cast<uint8_t>(vp8->tl0PicIdx + mTl0Offset);
    if (newest) mLastTl0 = m.tl0PicIdx;
  }
  if (newest) mLastTimestamp = m.timestamp;
  return m;
}

// Marks `sequence` as sent; `advance` is how far it moved the newest output (0 for a late one).
bool StreamRewriter::takeSequence(uint16_t sequence, uint16_t advance) {
  auto bit = [this](uint16_t n) -> uint64_t& { return mSent[n % kSentWindow / 64]; };
  auto mask = [](uint16_t n) { return uint64_t{1} << (n % 64); };
  if (advance > 0) {
    // The numbers passed over (skipped, or left for late packets) become free.
    for (uint16_t i = 0; i < std::min<uint16_t>(advance, kSentWindow); ++i) {
      const auto n = static_cast<uint16_t>(sequence - i);
      bit(n) &= ~mask(n);
    }
  } else if (static_cast<uint16_t>(mSeq.lastOutput() - sequence) >= kSentWindow ||
             (bit(sequence) & mask(sequence))) {
    return false;
  }
  bit(sequence) |= mask(sequence);
  return true;
}

std::optional<RtpMapping> StreamRewriter::insertPadding() {
  const uint16_t before = mSeq.lastOutput();
  const auto sequence = mSeq.insert();
  if (!sequence || !takeSequence(*sequence, static_cast<uint16_t>(*sequence - before))) return std::nullopt;
  RtpMapping m;
  m.sequence = *sequence;
  m.timestamp = mLastTimestamp;
  return m;
}

void StreamRewriter::drop(uint16_t sequence, const rtp::Vp8Descriptor* vp8) {
  mSeq.drop(sequence);
  if (!vp8 || !vp8->hasPictureId) return;
  if (!mPictureIdStarted) {
    mPictureId.restart(vp8->pictureId, pictureIdBits(*vp8));
    mPictureIdStarted = true;
  }
  mPictureId.drop(vp8->pictureId);
}

}  // namespace vicos::sfu
