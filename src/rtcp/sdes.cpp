// RTCP SDES chunk walking and CNAME writing (RFC 3550 6.5, 6.5.1).
#include "rtcp/sdes.hpp"

namespace vicos::rtcp {

namespace {

// RFC 3550 6.5:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|    SC   |  PT=SDES=202  |             length            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                          SSRC/CSRC_1                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     type      |    length     | text ...                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :   more items, then one to four zero bytes ending the chunk    :
// :   on a 32-bit boundary; then the next chunk                   :
// Calls onItem(ssrc, type, text) per item; false when the packet is malformed.
template <typename F>
bool walkSdes(const RtcpPacket& packet, F&& onItem) {
  if (packet.type != kTypeSdes) return false;
  ByteReader r(packet.body);
  for (uint8_t chunk = 0; chunk < packet.count; ++chunk) {
    uint32_t ssrc = 0;
    if (!r.readU32(ssrc)) return false;
    for (;;) {
      uint8_t type = 0;
      if (!r.readU8(type)) return false;
      if (type == 0) break;
      uint8_t length = 0;
      Bytes text;
      if (!r.readU8(length) || !r.readBytes(length, text)) return false;
      onItem(ssrc, type, text);
    }
    const size_t misaligned = r.offset() % 4;
    if (misaligned != 0 && !r.skip(4 - misaligned)) return false;
  }
  return true;
}

}  // namespace

std::optional<size_t> validateSdes(const RtcpPacket& packet) {
  if (!walkSdes(packet, [](uint32_t, uint8_t, Bytes) {})) return std::nullopt;
  return packet.count;
}

std::optional<std::string_view> findCname(const RtcpPacket& packet, uint32_t ssrc) {
  std::optional<std::string_view> found;
  const bool ok = walkSdes(packet, [&](uint32_t chunkSsrc, uint8_t type, Bytes text) {
    if (!found && chunkSsrc == ssrc && type == kSdesCname) {
      found = std::string_view(reinterpret_cast<const char*>(text.data()), text.size());
    }
  });
  return ok ? found : std::nullopt;
}

size_t writeSdesCname(MutableBytes out, uint32_t ssrc, std::string_view cname) {
  if (cname.empty() || cname.size() > 255) return 0;
  const size_t items = 2 + cname.size() + 1;  // type, length, text, at least one zero
  const size_t size = kHeaderSize + 4 + (items + 3) / 4 * 4;
  ByteWriter w(out);
  writeRtcpHeader(w, 1, kTypeSdes, size);
  w.u32(ssrc);
  w.u8(kSdesCname);
  w.u8(static_cast<uint8_t>(cname.size()));
  w.bytes(Bytes(reinterpret_cast<const uint8_t*>(cname.data()), cname.size()));
  w.zeros(size - kHeaderSize - 4 - 2 - cname.size());
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
