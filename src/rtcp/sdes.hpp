// RTCP source description (RFC 3550 6.5): structural validation, CNAME lookup, and a
// single-chunk CNAME writer for the reports vicos sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp {

inline constexpr uint8_t kSdesCname = 1;

// Walks every chunk and item; returns the number of chunks when the packet is well formed.
std::optional<size_t> validateSdes(const RtcpPacket& packet);

// The CNAME item of the chunk for `ssrc`, if the packet is well formed and has one.
std::optional<std::string_view> findCname(const RtcpPacket& packet, uint32_t ssrc);

// One chunk with one CNAME item (1..255 bytes); returns the bytes written or 0.
size_t writeSdesCname(MutableBytes out, uint32_t ssrc, std::string_view cname);

}  // namespace vicos::rtcp
