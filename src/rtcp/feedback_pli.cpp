// RTCP PLI parsing and writing (RFC 4585 6.3.1).
#include "rtcp/feedback_pli.hpp"

namespace vicos::rtcp {

// RFC 4585 6.3.1: PSFB with FMT 1 and no FCI, so the length field is 2.
std::optional<Pli> parsePli(const RtcpPacket& packet) {
  const auto fb = parseFeedback(packet, kTypePsfb, kFmtPli);
  if (!fb || !fb->fci.empty()) return std::nullopt;
  return Pli{fb->senderSsrc, fb->mediaSsrc};
}

size_t writePli(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc) {
  ByteWriter w(out);
  writeFeedbackHeader(w, kTypePsfb, kFmtPli, kFeedbackHeaderSize, senderSsrc, mediaSsrc);
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
