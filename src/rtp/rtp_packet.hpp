// RTP packet view (RFC 3550 5.1): a validated, zero-copy look at one packet's header and
// payload, the RTP/RTCP split on a muxed port (RFC 5761 4), and in-place header rewriting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::rtp {

inline constexpr size_t kFixedHeaderSize = 12;

// Why a packet was rejected, so that callers can count drops by reason.
enum class RtpError : uint8_t {
  None,
  TooShort,          // fewer than 12 bytes
  BadVersion,        // V != 2
  CsrcOverrun,       // CSRC list runs past the end
  ExtensionOverrun,  // header extension runs past the end
  BadPadding,        // padding count 0 or larger than the payload
};

struct RtpView {
  Bytes packet;  // the whole packet
  uint8_t version = 0;
  bool padding = false;
  bool extension = false;
  uint8_t csrcCount = 0;
  bool marker = false;
  uint8_t payloadType = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  size_t headerSize = 0;          // fixed header + CSRCs + extension block
  uint16_t extensionProfile = 0;  // 0 when there is no extension
  Bytes extensionData;            // extension body after the 4-byte profile/length word
  Bytes payload;                  // without padding
  uint8_t paddingSize = 0;

  [[nodiscard]] uint32_t csrc(size_t index) const {
    return loadBe32(packet.data() + kFixedHeaderSize + 4 * index);  // index < csrcCount
  }
};

std::optional<RtpView> parseRtp(Bytes data, RtpError* error = nullptr);

// RFC 5761 4: on a muxed port, first byte 128..191 (V=2) and second byte 192..223 is RTCP.
bool isRtcp(Bytes data);

// In-place rewriting of a packet's fixed header; each returns false when the buffer is
// shorter than the fixed header and then leaves it untouched.
bool setSequence(MutableBytes packet, uint16_t sequence);
bool setTimestamp(MutableBytes packet, uint32_t timestamp);
bool setSsrc(MutableBytes packet, uint32_t ssrc);
bool setPayloadType(MutableBytes packet, uint8_t payloadType);  // low 7 bits used
bool setMarker(MutableBytes packet, bool marker);

}  // namespace vicos::rtp
