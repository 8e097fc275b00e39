// RTCP BYE parsing and writing (RFC 3550 6.6).
#include "rtcp/bye.hpp"

namespace vicos::rtcp {

// RFC 3550 6.6:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|    SC   |   PT=BYE=203  |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           SSRC/CSRC  (SC times)               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     length    |               reason for leaving            ... (optional)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<Bye> parseBye(const RtcpPacket& packet) {
  if (packet.type != kTypeBye) return std::nullopt;
  ByteReader r(packet.body);
  Bye bye;
  if (!r.readBytes(size_t{4} * packet.count, bye.ssrcBytes)) return std::nullopt;
  uint8_t length = 0;
  if (r.readU8(length)) {
    Bytes text;
    if (!r.readBytes(length, text)) return std::nullopt;
    bye.reason = std::string_view(reinterpret_cast<const char*>(text.data()), text.size());
  }
  return bye;
}

size_t writeBye(MutableBytes out, std::span<const uint32_t> ssrcs, std::string_view reason) {
  if (ssrcs.size() > 31 || reason.size() > 255) return 0;
  const size_t reasonSize = reason.empty() ? 0 : (1 + reason.size() + 3) / 4 * 4;
  const size_t size = kHeaderSize + 4 * ssrcs.size() + reasonSize;
  ByteWriter w(out);
  writeRtcpHeader(w, static_cast<uint8_t>(ssrcs.size()), kTypeBye, size);
  for (uint32_t ssrc : ssrcs) w.u32(ssrc);
  if (!reason.empty()) {
    w.u8(static_cast<uint8_t>(reason.size()));
    w.bytes(Bytes(reinterpret_cast<const uint8_t*>(reason.data()), reason.size()));
    w.zeros(reasonSize - 1 - reason.size());
  }
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
