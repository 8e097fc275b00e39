// RTCP receiver report and the report block it shares with the sender report
// (RFC 3550 6.4.1, 6.4.2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp {

inline constexpr size_t kReportBlockSize = 24;
inline constexpr size_t kMaxReportBlocks = 31;

struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fractionLost = 0;     // fixed point, lost / expected × 256
  int32_t cumulativeLost = 0;   // signed 24 bits on the wire (duplicates make it negative)
  uint32_t extendedHighestSeq = 0;
  uint32_t jitter = 0;          // RTP timestamp units
  uint32_t lastSr = 0;          // middle 32 bits of the last SR's NTP time, 0 if none
  uint32_t delaySinceLastSr = 0;  // 1/65536 s

  bool operator==(const ReportBlock&) const = default;
};

// Reads one block from 24 bytes (the caller has checked the size) and writes one.
ReportBlock readReportBlock(Bytes block);
void writeReportBlock(ByteWriter& w, const ReportBlock& block);

// The report blocks of an SR or RR, validated to lie inside the packet.
struct ReportBlocks {
  Bytes bytes;  // count × 24 bytes
  [[nodiscard]] size_t count() const { return bytes.size() / kReportBlockSize; }
  [[nodiscard]] ReportBlock operator[](size_t index) const {
    return readReportBlock(bytes.subspan(index * kReportBlockSize, kReportBlockSize));
  }
};

struct ReceiverReport {
  uint32_t senderSsrc = 0;
  ReportBlocks blocks;
  Bytes extension;  // profile-specific extension after the blocks
};

std::optional<ReceiverReport> parseReceiverReport(const RtcpPacket& packet);

// Returns the bytes written, 0 when the buffer is too small or there are over 31 blocks.
size_t writeReceiverReport(MutableBytes out, uint32_t senderSsrc,
                           std::span<const ReportBlock> blocks);

}  // namespace vicos::rtcp
