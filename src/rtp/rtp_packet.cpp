// RTP fixed header, CSRC list, extension block and padding parsing (RFC 3550 5.1, 5.3.1).
#include "rtp/rtp_packet.hpp"

namespace vicos::rtp {

namespace {

std::optional<RtpView> fail(RtpError* error, RtpError why) {
  if (error != nullptr) *error = why;
  return std::nullopt;
}

}  // namespace

// RFC 3550 5.1:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers  (CC × 32)  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// RFC 3550 5.3.1, present when X = 1:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      defined by profile       |   length (32-bit words)       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        header extension                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Padding (P = 1): the last byte counts the padding bytes, itself included.
std::optional<RtpView> parseRtp(Bytes data, RtpError* error) {
  ByteReader r(data);
  RtpView v;
  v.packet = data;
  uint8_t b0 = 0;
  uint8_t b1 = 0;
  if (!r.readU8(b0) || !r.readU8(b1) || !r.readU16(v.sequence) || !r.readU32(v.timestamp) ||
      !r.readU32(v.ssrc)) {
    return fail(error, RtpError::TooShort);
  }
  v.version = b0 >> 6;
  if (v.version != 2) return fail(error, RtpError::BadVersion);
  v.padding = (b0 & 0x20) != 0;
  v.extension = (b0 & 0x10) != 0;
  v.csrcCount = b0 & 0x0f;
  v.marker = (b1 & 0x80) != 0;
  v.payloadType = b1 & 0x7f;

  if (!r.skip(size_t{4} * v.csrcCount)) return fail(error, RtpError::CsrcOverrun);

  if (v.extension) {
    uint16_t words = 0;
    if (!r.readU16(v.extensionProfile) || !r.readU16(words) ||
        !r.readBytes(size_t{4} * words, v.extensionData)) {
      return fail(error, RtpError::ExtensionOverrun);
    }
  }
  v.headerSize = r.offset();

  Bytes body = r.rest();
  if (v.padding) {
    // RFC 3550 A.1: the count must be non-zero and fit in what follows the header.
    if (body.empty()) return fail(error, RtpError::BadPadding);
    const uint8_t count = body.back();
    if (count == 0 || count > body.size()) return fail(error, RtpError::BadPadding);
    v.paddingSize = count;
    body = body.first(body.size() - count);
  }
  v.payload = body;
  if (error != nullptr) *error = RtpError::None;
  return v;
}

bool isRtcp(Bytes data) {
  if (data.size() < 2) return false;
  return data[0] >= 128 && data[0] <= 191 && data[1] >= 192 && data[1] <= 223;
}

bool setSequence(MutableBytes packet, uint16_t sequence) {
  if (packet.size() < kFixedHeaderSize) return false;
  storeBe16(packet.data() + 2, sequence);
  return true;
}

bool setTimestamp(MutableBytes packet, uint32_t timestamp) {
  if (packet.size() < kFixedHeaderSize) return false;
  storeBe32(packet.data() + 4, timestamp);
  return true;
}

bool setSsrc(MutableBytes packet, uint32_t ssrc) {
  if (packet.size() < kFixedHeaderSize) return false;
  storeBe32(packet.data() + 8, ssrc);
  return true;
}

bool setPayloadType(MutableBytes packet, uint8_t payloadType) {
  if (packet.size() < kFixedHeaderSize) return false;
  packet[1] = static_cast<uint8_t>((packet[1] & 0x80) | (payloadType & 0x7f));
  return true;
}

bool setMarker(MutableBytes packet, bool marker) {
  if (packet.size() < kFixedHeaderSize) return false;
  packet[1] = static_cast<uint8_t>((packet[1] & 0x7f) | (marker ? 0x80 : 0));
  return true;
}

}  // namespace vicos::rtp
