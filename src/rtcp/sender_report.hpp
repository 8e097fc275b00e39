// RTCP sender report (RFC 3550 6.4.1): sender info plus report blocks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rtcp/receiver_report.hpp"

namespace vicos::rtcp {

struct SenderInfo {
  uint32_t ssrc = 0;
  uint64_t ntpTimestamp = 0;  // NTP format, seconds since 1900 in the high 32 bits
  uint32_t rtpTimestamp = 0;
  uint32_t packetCount = 0;
  uint32_t octetCount = 0;

  bool operator==(const SenderInfo&) const = default;
};

struct SenderReport {
  SenderInfo info;
  ReportBlocks blocks;
  Bytes extension;  // profile-specific extension after the blocks
};

std::optional<SenderReport> parseSenderReport(const RtcpPacket& packet);

// Returns the bytes written, 0 when the buffer is too small or there are over 31 blocks.
size_t writeSenderReport(MutableBytes out, const SenderInfo& info,
                         std::span<const ReportBlock> blocks);

// The "last SR" value a report block echoes: the middle 32 bits of the NTP timestamp.
inline uint32_t compactNtp(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }

}  // namespace vicos::rtcp
