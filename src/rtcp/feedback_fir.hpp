// RTCP full intra request (RFC 5104 4.3.1): key frame requests, one entry per media sender,
// each with a command sequence number the requester keeps per media source.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

struct FirEntry {
  uint32_t ssrc = 0;   // the media sender asked for a key frame
  uint8_t seqNr = 0;   // +1 per new request to that sender; repeated when retransmitting

  bool operator==(const FirEntry&) const = default;
};

struct Fir {
  uint32_t senderSsrc = 0;
  Bytes fci;  // count() × 8 bytes, at least one entry

  [[nodiscard]] size_t count() const { return fci.size() / 8; }
  [[nodiscard]] FirEntry entry(size_t index) const {
    const uint8_t* p = fci.data() + 8 * index;
    return {loadBe32(p), p[4]};
  }
};

std::optional<Fir> parseFir(const RtcpPacket& packet);

// The media source SSRC of the common header is 0 (RFC 5104 4.3.1.2). Returns the bytes
// written, 0 when `entries` is empty or the buffer is too small.
size_t writeFir(MutableBytes out, uint32_t senderSsrc, std::span<const FirEntry> entries);

}  // namespace vicos::rtcp
