// Opus-like and VP8-like RTP packetizers for the synthetic client.
#include "client/media_source.hpp"

#include <openssl/rand.h>

#include "common/byte_writer.hpp"
#include "rtp/rtp_extensions.hpp"

namespace vicos::client {
namespace {

template <typename T>
T randomValue() {
  T value{};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1) value = T{1};
  return value;
}

Bytes midBytes(const std::string& mid) {
  return Bytes(reinterpret_cast<const uint8_t*>(mid.data()), mid.size());
}

}  // namespace

void writeVp8PayloadStart(ByteWriter& w, const Vp8PacketShape& shape) {
  w.u8(static_cast<uint8_t>(0x80 | (shape.firstOfFrame ? 0x10 : 0x00)));  // X, S, PID 0
  w.u8(shape.temporalLayers ? 0xe0 : 0x80);                               // I, L, T
  w.u16(static_cast<uint16_t>(0x8000 | shape.pictureId));                 // M, PictureID
  if (shape.temporalLayers) {
    w.u8(shape.tl0PicIdx);
    w.u8(static_cast<uint8_t>(shape.tid << 6 | (shape.layerSync ? 0x20 : 0x00)));  // TID, Y
  }
  if (!shape.firstOfFrame) return;
  // Frame tag: P (bit 0) clear for a key frame, show_frame set.
  w.u8(static_cast<uint8_t>((shape.keyframe ? 0x00 : 0x01) | 0x10));
  w.u8(0x00);
  w.u8(0x00);
  if (shape.keyframe) {
    w.bytes(Bytes(reinterpret_cast<const uint8_t*>("\x9d\x01\x2a"), 3));
    // 14-bit width and height, little-endian, scale bits 0 (RFC 6386 9.1).
    w.u8(static_cast<uint8_t>(shape.width));
    w.u8(static_cast<uint8_t>(shape.width >> 8 & 0x3f));
    w.u8(static_cast<uint8_t>(shape.height));
    w.u8(static_cast<uint8_t>(shape.height >> 8 & 0x3f));
  }
}

void writeVp8PayloadStart(ByteWriter& w, bool firstOfFrame, bool keyframe, uint16_t pictureId) {
  writeVp8PayloadStart(w, {firstOfFrame, keyframe, pictureId});
}

void fillPattern(MutableBytes payload, uint32_t ssrc, uint16_t sequence) {
  uint32_t x = ssrc ^ (uint32_t{sequence} * 0x9E3779B1u);
  for (auto& b : payload) {
    x = x * 1664525u + 1013904223u;  // any cheap generator: the bytes only need to differ
    b = static_cast<uint8_t>(x >> 24);
  }
}

AudioSource::AudioSource(uint32_t ssrc, std::string mid, uint8_t payloadType)
    : mSsrc(ssrc),
      mMid(std::move(mid)),
      mPayloadType(payloadType),
      mSequence(randomValue<uint16_t>()),
      mTimestamp(randomValue<uint32_t>()) {}

size_t AudioSource::writeNext(MutableBytes out) {
  // RFC 6464 3: V=1 (voice), level 30 -dBov.
  const uint8_t level = 0x80 | 30;
  const rtp::ExtensionElement extensions[2] = {{media::kExtMid.id, midBytes(mMid)},
                                               {media::kExtAudioLevel.id, Bytes(&level, 1)}};
  const rtp::RtpHeader header{false, mPayloadType, mSequence, mTimestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, extensions);
  if (headerSize == 0 || out.size() - headerSize < kPayloadSize) return 0;
  fillPattern(out.subspan(headerSize, kPayloadSize), mSsrc, mSequence);
  ++mSequence;
  mTimestamp += kTimestampStep;
  return headerSize + kPayloadSize;
}

VideoSource::VideoSource(uint32_t ssrc, std::string mid, uint8_t payloadType, size_t packetSize,
                         VideoLayerOptions layer)
    : mSsrc(ssrc),
      mMid(std::move(mid)),
      mPayloadType(payloadType),
      mPacketSize(packetSize),
      mLayer(std::move(layer)),
      mSequence(randomValue<uint16_t>()),
      mTimestamp(randomValue<uint32_t>()),
      mPictureId(randomValue<uint16_t>() & 0x7FFF),
      mTl0PicIdx(randomValue<uint8_t>()) {
  if (mLayer.packetsPerFrame == 0) mLayer.packetsPerFrame = 1;
}

size_t VideoSource::writeNext(MutableBytes out) {
  const bool first = mPacketInFrame == 0;
  const bool last = mPacketInFrame + 1 == mLayer.packetsPerFrame;
  if (first) {
    mCurrentIsKey = mKeyframeRequested;
    mKeyframeRequested = false;
    if (mCurrentIsKey) ++mKeyframes;
  }
  rtp::ExtensionElement extensions[2] = {{media::kExtMid.id, midBytes(mMid)}};
  size_t extensionCount = 1;
  if (!mLayer.rid.empty()) extensions[extensionCount++] = {media::kExtRid.id, midBytes(mLayer.rid)};
  const rtp::RtpHeader header{last, mPayloadType, mSequence, mTimestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, std::span(extensions, extensionCount));
  if (headerSize == 0 || mPacketSize < headerSize + 16 || out.size() < mPacketSize) return 0;

  // L1T3 (libwebrtc's three temporal layers): TID 0,2,1,2; the first TID 2 and the TID 1 frame
  // after a TL0 frame refer only to it, so they are layer syncs.
  static constexpr uint8_t kTids[] = {0, 2, 1, 2};
  const uint32_t position = mCurrentIsKey ? 0 : mFramesSinceKey;
  const uint8_t tid = mLayer.temporalLayers ? kTids[position % 4] : 0;
  if (first && tid == 0 && mSentFrame) ++mTl0PicIdx;
  const Vp8PacketShape shape{first,
                             mCurrentIsKey,
                             mPictureId,
                             mLayer.temporalLayers,
                             mTl0PicIdx,
                             tid,
                             position % 4 == 1 || position % 4 == 2,
                             mLayer.width,
                             mLayer.height};
  ByteWriter w(out.subspan(headerSize, mPacketSize - headerSize));
  writeVp8PayloadStart(w, shape);
  const size_t used = headerSize + w.size();
  fillPattern(out.subspan(used, mPacketSize - used), mSsrc, mSequence);

  ++mSequence;
  if (last) {
    mPacketInFrame = 0;
    mTimestamp += kTimestampStep;
    mPictureId = static_cast<uint16_t>((mPictureId + 1) & 0x7FFF);
    mFramesSinceKey = position + 1;
    mSentFrame = true;
  } else {
    ++mPacketInFrame;
  }
  return mPacketSize;
}

}  // namespace vicos::client
