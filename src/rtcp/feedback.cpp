// RTCP feedback common header (RFC 4585 6.1).
#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

// RFC 4585 6.1:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|   FMT   |       PT      |          length               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :            Feedback Control Information (FCI)                 :
std::optional<Feedback> parseFeedback(const RtcpPacket& packet, uint8_t type, uint8_t fmt) {
  if (packet.type != type || packet.count != fmt) return std::nullopt;
  ByteReader r(packet.body);
  Feedback fb;
  fb.fmt = fmt;
  fb.type = type;
  if (!r.readU32(fb.senderSsrc) || !r.readU32(fb.mediaSsrc)) return std::nullopt;
  fb.fci = r.rest();
  return fb;
}

void writeFeedbackHeader(ByteWriter& w, uint8_t type, uint8_t fmt, size_t packetSize,
                         uint32_t senderSsrc, uint32_t mediaSsrc) {
  writeRtcpHeader(w, fmt, type, packetSize);
  w.u32(senderSsrc);
  w.u32(mediaSsrc);
}

}  // namespace vicos::rtcp
