// RTCP receiver report and report block parsing and writing (RFC 3550 6.4.1, 6.4.2).
#include "rtcp/receiver_report.hpp"

namespace vicos::rtcp {

// RFC 3550 6.4.1, one report block:
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 SSRC_n (source identifier)                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | fraction lost |       cumulative number of packets lost       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           extended highest sequence number received           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      interarrival jitter                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         last SR (LSR)                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   delay since last SR (DLSR)                  |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
ReportBlock readReportBlock(Bytes block) {
  const uint8_t* p = block.data();
  ReportBlock b;
  b.ssrc = loadBe32(p);
  b.fractionLost = p[4];
  const uint32_t lost = loadBe24(p + 5);
  b.cumulativeLost = (lost & 0x800000) != 0 ? static_cast<int32_t>(lost) - 0x1000000
                                            : static_cast<int32_t>(lost);
  b.extendedHighestSeq = loadBe32(p + 8);
  b.jitter = loadBe32(p + 12);
  b.lastSr = loadBe32(p + 16);
  b.delaySinceLastSr = loadBe32(p + 20);
  return b;
}

void writeReportBlock(ByteWriter& w, const ReportBlock& block) {
  constexpr int32_t kMax = 0x7fffff;
  constexpr int32_t kMin = -0x800000;
  const int32_t lost = block.cumulativeLost > kMax   ? kMax
                       : block.cumulativeLost < kMin ? kMin
                                                     : block.cumulativeLost;
  w.u32(block.ssrc);
  w.u8(block.fractionLost);
  w.u24(static_cast<uint32_t>(lost) & 0xffffff);
  w.u32(block.extendedHighestSeq);
  w.u32(block.jitter);
  w.u32(block.lastSr);
  w.u32(block.delaySinceLastSr);
}

// RFC 3550 6.4.2:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|    RC   |   PT=RR=201   |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     SSRC of packet sender                     |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// :                  RC report blocks (24 bytes each)             :
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// :                  profile-specific extensions                  :
std::optional<ReceiverReport> parseReceiverReport(const RtcpPacket& packet) {
  if (packet.type != kTypeRr) return std::nullopt;
  ByteReader r(packet.body);
  ReceiverReport rr;
  if (!r.readU32(rr.senderSsrc) ||
      !r.readBytes(packet.count * kReportBlockSize, rr.blocks.bytes)) {
    return std::nullopt;
  }
  rr.extension = r.rest();
  return rr;
}

size_t writeReceiverReport(MutableBytes out, uint32_t senderSsrc,
                           std::span<const ReportBlock> blocks) {
  if (blocks.size() > kMaxReportBlocks) return 0;
  const size_t size = kHeaderSize + 4 + blocks.size() * kReportBlockSize;
  ByteWriter w(out);
  writeRtcpHeader(w, static_cast<uint8_t>(blocks.size()), kTypeRr, size);
  w.u32(senderSsrc);
  for (const ReportBlock& b : blocks) writeReportBlock(w, b);
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
