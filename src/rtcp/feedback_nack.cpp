// RTCP generic NACK parsing and packing (RFC 4585 6.2.1).
#include "rtcp/feedback_nack.hpp"

namespace vicos::rtcp {

// RFC 4585 6.2.1, one FCI entry (the packet carries one or more):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            PID                |             BLP               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<Nack> parseNack(const RtcpPacket& packet) {
  const auto fb = parseFeedback(packet, kTypeRtpfb, kFmtNack);
  if (!fb || fb->fci.empty() || fb->fci.size() % 4 != 0) return std::nullopt;
  return Nack{fb->senderSsrc, fb->mediaSsrc, fb->fci};
}

size_t writeNack(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc,
                 std::span<const uint16_t> lost) {
  if (lost.empty() || out.size() < kFeedbackHeaderSize) return 0;
  // Build the FCIs in place after the header, then write the header with the final size.
  uint8_t* const fci = out.data() + kFeedbackHeaderSize;
  const size_t room = (out.size() - kFeedbackHeaderSize) / 4;
  size_t items = 0;
  for (uint16_t seq : lost) {
    bool placed = false;
    for (size_t i = items; i-- > 0 && !placed;) {  // newest first: ascending input hits at once
      uint8_t* p = fci + 4 * i;
      const auto offset = static_cast<uint16_t>(seq - loadBe16(p));
      if (offset == 0) {
        placed = true;
      } else if (offset <= 16) {
        storeBe16(p + 2, static_cast<uint16_t>(loadBe16(p + 2) | (1u << (offset - 1))));
        placed = true;
      }
    }
    if (placed) continue;
    if (items == room || kFeedbackHeaderSize + 4 * (items + 1) > 4 * 0x10000) return 0;
    storeBe16(fci + 4 * items, seq);
    storeBe16(fci + 4 * items + 2, 0);
    ++items;
  }
  const size_t size = kFeedbackHeaderSize + 4 * items;
  ByteWriter w(out.first(kFeedbackHeaderSize));
  writeFeedbackHeader(w, kTypeRtpfb, kFmtNack, size, senderSsrc, mediaSsrc);
  return w.ok() ? size : 0;
}

size_t writeNackItems(MutableBytes out, uint32_t senderSsrc, uint32_t mediaSsrc,
                      std::span<const NackItem> items) {
  const size_t size = kFeedbackHeaderSize + 4 * items.size();
  if (items.empty() || out.size() < size || size > 4 * 0x10000) return 0;
  ByteWriter w(out.first(size));
  writeFeedbackHeader(w, kTypeRtpfb, kFmtNack, size, senderSsrc, mediaSsrc);
  for (const NackItem& item : items) {
    w.u16(item.pid);
    w.u16(item.blp);
  }
  return w.ok() ? size : 0;
}

}  // namespace vicos::rtcp
