// VP8 payload descriptor parsing and rewriting (RFC 7741 4.2), key frame detection (RFC 7741 4.3).
#include "rtp/vp8_descriptor.hpp"

namespace vicos::rtp {

// RFC 7741 4.2:
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |X|R|N|S|R| PID | (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  X:   |I|L|T|K| RSV   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PictureID   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//       |   PictureID   | (when M = 1: 15-bit PictureID)
//       +-+-+-+-+-+-+-+-+
//  L:   |   TL0PICIDX   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  T/K: |TID|Y| KEYIDX  | (OPTIONAL, present when T or K)
//       +-+-+-+-+-+-+-+-+
std::optional<Vp8Descriptor> parseVp8Descriptor(Bytes payload) {
  ByteReader r(payload);
  Vp8Descriptor d;
  uint8_t b = 0;
  if (!r.readU8(b)) return std::nullopt;
  d.extended = (b & 0x80) != 0;
  d.nonReference = (b & 0x20) != 0;
  d.startOfPartition = (b & 0x10) != 0;
  d.partitionId = b & 0x07;
  if (d.extended) {
    if (!r.readU8(b)) return std::nullopt;
    d.hasPictureId = (b & 0x80) != 0;
    d.hasTl0PicIdx = (b & 0x40) != 0;
    d.hasTid = (b & 0x20) != 0;
    d.hasKeyIdx = (b & 0x10) != 0;
    if (d.hasPictureId) {
      if (!r.readU8(b)) return std::nullopt;
      d.pictureId15Bit = (b & 0x80) != 0;
      d.pictureId = b & 0x7f;
      if (d.pictureId15Bit) {
        uint8_t low = 0;
        if (!r.readU8(low)) return std::nullopt;
        d.pictureId = static_cast<uint16_t>((d.pictureId << 8) | low);
      }
    }
    if (d.hasTl0PicIdx && !r.readU8(d.tl0PicIdx)) return std::nullopt;
    if (d.hasTid || d.hasKeyIdx) {
      if (!r.readU8(b)) return std::nullopt;
      if (d.hasTid) {
        d.tid = b >> 6;
        d.layerSync = (b & 0x20) != 0;
      }
      if (d.hasKeyIdx) d.keyIdx = b & 0x1f;
    }
  }
  d.size = r.offset();
  return d;
}

// RFC 7741 4.3, first bytes of the VP8 payload at the start of partition 0:
//  0 1 2 3 4 5 6 7
// +-+-+-+-+-+-+-+-+
// |Size0|H| VER |P|   P: inverse key frame flag, 0 for a key frame
// +-+-+-+-+-+-+-+-+
// |     Size1     |
// +-+-+-+-+-+-+-+-+
// |     Size2     |
// +-+-+-+-+-+-+-+-+
bool isVp8Keyframe(Bytes payload) {
  const auto d = parseVp8Descriptor(payload);
  if (!d || !d->startOfPartition || d->partitionId != 0) return false;
  const Bytes vp8 = payload.subspan(d->size);
  if (vp8.size() < 3) return false;
  return (vp8[0] & 0x01) == 0;
}

std::optional<Vp8FrameSize> vp8KeyframeSize(Bytes payload) {
  if (!isVp8Keyframe(payload)) return std::nullopt;
  const Bytes vp8 = payload.subspan(parseVp8Descriptor(payload)->size);
  // Frame tag (3 bytes), start code (3), horizontal and vertical size (2 each).
  if (vp8.size() < 10 || vp8[3] != 0x9d || vp8[4] != 0x01 || vp8[5] != 0x2a) return std::nullopt;
  const auto width = static_cast<uint16_t>((vp8[6] | vp8[7] << 8) & 0x3fff);
  const auto height = static_cast<uint16_t>((vp8[8] | vp8[9] << 8) & 0x3fff);
  if (width == 0 || height == 0) return std::nullopt;
  return Vp8FrameSize{width, height};
}

// The offsets follow from the parsed flags: PictureID right after the X byte (offset 2), then
// TL0PICIDX after its one or two bytes.
bool rewriteVp8Ids(MutableBytes payload, uint16_t pictureId, uint8_t tl0PicIdx) {
  const auto d = parseVp8Descriptor(payload);
  if (!d || (!d->hasPictureId && !d->hasTl0PicIdx)) return false;
  size_t at = 2;
  if (d->hasPictureId) {
    if (d->pictureId15Bit) {
      storeBe16(payload.data() + at, static_cast<uint16_t>(0x8000 | (pictureId & 0x7fff)));
      at += 2;
    } else {
      payload[at++] = static_cast<uint8_t>(pictureId & 0x7f);
    }
  }
  if (d->hasTl0PicIdx) payload[at] = tl0PicIdx;
  return true;
}

}  // namespace vicos::rtp
