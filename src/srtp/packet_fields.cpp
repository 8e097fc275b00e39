// Bounds-checked reads of the RTP/RTCP header fields that SRTP keys its state on.
#include "srtp/packet_fields.hpp"

namespace vicos::srtp {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |  CC times
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      defined by profile       |           length              |  if X
// |                        header extension                       |  length words
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<RtpFields> readRtpFields(Bytes packet) {
  ByteReader reader(packet);
  uint8_t first = 0;
  uint8_t second = 0;
  RtpFields fields{};
  uint32_t timestamp = 0;
  if (!reader.readU8(first) || !reader.readU8(second) || !reader.readU16(fields.seq) ||
      !reader.readU32(timestamp) || !reader.readU32(fields.ssrc))
    return std::nullopt;
  if ((first >> 6) != 2) return std::nullopt;
  const size_t csrcCount = first & 0x0f;
  if (!reader.skip(csrcCount * 4)) return std::nullopt;
  if (first & 0x10) {
    uint16_t profile = 0;
    uint16_t words = 0;
    if (!reader.readU16(profile) || !reader.readU16(words) || !reader.skip(size_t{words} * 4))
      return std::nullopt;
  }
  fields.headerLength = reader.offset();
  return fields;
}

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|   RC    |      PT       |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         SSRC of sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<uint32_t> readRtcpSenderSsrc(Bytes packet) {
  ByteReader reader(packet);
  uint8_t first = 0;
  uint8_t type = 0;
  uint16_t length = 0;
  uint32_t ssrc = 0;
  if (!reader.readU8(first) || !reader.readU8(type) || !reader.readU16(length) ||
      !reader.readU32(ssrc))
    return std::nullopt;
  if ((first >> 6) != 2) return std::nullopt;
  return ssrc;
}

}  // namespace vicos::srtp
