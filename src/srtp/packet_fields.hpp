// The few RTP and RTCP header fields SRTP needs (header length, SEQ, SSRC), read with
// bounds checks from untrusted bytes. Deliberately minimal: src/rtp/ owns the full parser.
#pragma once

#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::srtp {

struct RtpFields {
  size_t headerLength;  // fixed header + CSRCs + header extension
  uint16_t seq;
  uint32_t ssrc;
};

// RFC 3550 5.1 (and 5.3.1 for the extension); nullopt when the version is not 2 or the
// header does not fit in packet.
std::optional<RtpFields> readRtpFields(Bytes packet);

// RFC 3550 6.4: the SSRC of the sender of the first packet of a compound RTCP packet;
// nullopt when shorter than 8 bytes or the version is not 2.
std::optional<uint32_t> readRtcpSenderSsrc(Bytes packet);

}  // namespace vicos::srtp
