// The common part of RTCP feedback messages (RFC 4585 6.1): sender and media source SSRCs
// and the feedback control information (FCI) that each FMT defines.
#pragma once

#include <cstdint>
#include <optional>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp {

inline constexpr uint8_t kFmtNack = 1;  // RTPFB, RFC 4585 6.2.1
inline constexpr uint8_t kFmtPli = 1;   // PSFB, RFC 4585 6.3.1
inline constexpr uint8_t kFmtFir = 4;   // PSFB, RFC 5104 4.3.1
inline constexpr uint8_t kFmtAfb = 15;  // PSFB application layer feedback (REMB)
inline constexpr size_t kFeedbackHeaderSize = 12;

struct Feedback {
  uint8_t fmt = 0;
  uint8_t type = 0;  // kTypeRtpfb or kTypePsfb
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  Bytes fci;
};

// Any RTPFB or PSFB packet of the given type and FMT, with its 8 bytes of SSRCs.
std::optional<Feedback> parseFeedback(const RtcpPacket& packet, uint8_t type, uint8_t fmt);

void writeFeedbackHeader(ByteWriter& w, uint8_t type, uint8_t fmt, size_t packetSize,
                         uint32_t senderSsrc, uint32_t mediaSsrc);

}  // namespace vicos::rtcp
