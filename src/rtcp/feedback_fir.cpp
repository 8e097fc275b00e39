// RTCP FIR parsing and writing (RFC 5104 4.3.1).
#include "rtcp/feedback_fir.hpp"

namespace vicos::rtcp {

// RFC 5104 4.3.1.1, one FCI entry (PSFB FMT 4, one or more entries):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Seq nr.       |    Reserved                                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<Fir> parseFir(const RtcpPacket& packet) {
  const auto fb = parseFeedback(packet, kTypePsfb, kFmtFir);
  if (!fb || fb->fci.empty() || fb->fci.size() % 8 != 0) return std::nullopt;
  return Fir{fb->senderSsrc, fb->fci};
}

size_t writeFir(MutableBytes out, uint32_t senderSsrc, std::span<const FirEntry> entries) {
  if (entries.empty()) return 0;
  const size_t size = kFeedbackHeaderSize + 8 * entries.size();
  if (size > 4 * 0x10000) return 0;
  ByteWriter w(out);
  writeFeedbackHeader(w, kTypePsfb, kFmtFir, size, senderSsrc, 0);
  for (const FirEntry& e : entries) {
    w.u32(e.ssrc);
    w.u8(e.seqNr);
    w.u24(0);
  }
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
