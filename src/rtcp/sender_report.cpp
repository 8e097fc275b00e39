// RTCP sender report parsing and writing (RFC 3550 6.4.1).
#include "rtcp/sender_report.hpp"

namespace vicos::rtcp {

// RFC 3550 6.4.1:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|    RC   |   PT=SR=200   |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         SSRC of sender                        |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |              NTP timestamp, most significant word             |
// |             NTP timestamp, least significant word             |
// |                         RTP timestamp                         |
// |                     sender's packet count                     |
// |                      sender's octet count                     |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// :                  RC report blocks (24 bytes each)             :
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// :                  profile-specific extensions                  :
std::optional<SenderReport> parseSenderReport(const RtcpPacket& packet) {
  if (packet.type != kTypeSr) return std::nullopt;
  ByteReader r(packet.body);
  SenderReport sr;
  SenderInfo& i = sr.info;
  if (!r.readU32(i.ssrc) || !r.readU64(i.ntpTimestamp) || !r.readU32(i.rtpTimestamp) ||
      !r.readU32(i.packetCount) || !r.readU32(i.octetCount) ||
      !r.readBytes(packet.count * kReportBlockSize, sr.blocks.bytes)) {
    return std::nullopt;
  }
  sr.extension = r.rest();
  return sr;
}

size_t writeSenderReport(MutableBytes out, const SenderInfo& info,
                         std::span<const ReportBlock> blocks) {
  if (blocks.size() > kMaxReportBlocks) return 0;
  const size_t size = kHeaderSize + 24 + blocks.size() * kReportBlockSize;
  ByteWriter w(out);
  writeRtcpHeader(w, static_cast<uint8_t>(blocks.size()), kTypeSr, size);
  w.u32(info.ssrc);
  w.u64(info.ntpTimestamp);
  w.u32(info.rtpTimestamp);
  w.u32(info.packetCount);
  w.u32(info.octetCount);
  for (const ReportBlock& b : blocks) writeReportBlock(w, b);
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
