// VP8 RTP payload descriptor (RFC 7741 4.2) and keyframe detection (RFC 7741 4.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::rtp {

struct Vp8Descriptor {
  size_t size = 0;  // descriptor bytes before the VP8 payload
  bool extended = false;         // X
  bool nonReference = false;     // N
  bool startOfPartition = false; // S
  uint8_t partitionId = 0;       // PID
  bool hasPictureId = false;     // I
  bool pictureId15Bit = false;   // M
  uint16_t pictureId = 0;
  bool hasTl0PicIdx = false;     // L
  uint8_t tl0PicIdx = 0;
  bool hasTid = false;           // T
  uint8_t tid = 0;
  bool layerSync = false;        // Y
  bool hasKeyIdx = false;        // K
  uint8_t keyIdx = 0;
};

// Parses the descriptor at the start of an RTP payload; nullopt when it is truncated.
std::optional<Vp8Descriptor> parseVp8Descriptor(Bytes payload);

// True when the payload starts a VP8 key frame: S=1 and PID=0 in the descriptor, then a
// VP8 payload header (3 bytes) whose inverse key frame flag P is 0.
bool isVp8Keyframe(Bytes payload);

}  // namespace vicos::rtp
