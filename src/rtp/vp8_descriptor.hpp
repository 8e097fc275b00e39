// VP8 RTP payload descriptor (RFC 7741 4.2): parsing, keyframe detection (RFC 7741 4.3) and
// in-place rewriting of PictureID and TL0PICIDX for a forwarded stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::rtp {

struct Vp8Descriptor {
  size_t size = 0;                // descriptor bytes before the VP8 payload
  bool extended = false;          // X
  bool nonReference = false;      // N
  bool startOfPartition = false;  // S
  uint8_t partitionId = 0;        // PID
  bool hasPictureId = false;      // I
  bool pictureId15Bit = false;    // M
  uint16_t pictureId = 0;
  bool hasTl0PicIdx = false;  // L
  uint8_t tl0PicIdx = 0;
  bool hasTid = false;  // T
  uint8_t tid = 0;
  bool layerSync = false;  // Y
  bool hasKeyIdx = false;  // K
  uint8_t keyIdx = 0;
};

// Parses the descriptor at the start of an RTP payload; nullopt when it is truncated.
std::optional<Vp8Descriptor> parseVp8Descriptor(Bytes payload);

// True when the payload starts a VP8 key frame: S=1 and PID=0 in the descriptor, then a
// VP8 payload header (3 bytes) whose inverse key frame flag P is 0.
bool isVp8Keyframe(Bytes payload);

// The picture size a VP8 key frame states (RFC 6386 9.1: start code 9d 01 2a, then 14-bit
// width and height, little-endian, beside 2-bit scaling hints we ignore).
struct Vp8FrameSize {
  uint16_t width = 0;
  uint16_t height = 0;
};

// The size in the key frame that `payload` starts; nullopt for anything else, for a truncated
// header, a wrong start code or a zero dimension. Our E2EE frames keep these 10 bytes in clear.
std::optional<Vp8FrameSize> vp8KeyframeSize(Bytes payload);

// Overwrites PictureID and TL0PICIDX of the descriptor at the start of `payload` with
// `pictureId` and `tl0PicIdx`, whichever of the two the descriptor carries. PictureID keeps
// its field width (M bit): the value is taken modulo 2^15 or 2^7. Returns false, changing
// nothing, when the descriptor is truncated or carries neither field.
bool rewriteVp8Ids(MutableBytes payload, uint16_t pictureId, uint8_t tl0PicIdx);

}  // namespace vicos::rtp
