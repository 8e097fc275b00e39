// ChannelData messages (RFC 8656 12.4): the 4-byte-header framing of relayed data on a bound
// channel, parsed as a view and written into a caller's buffer.
#pragma once

#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::turn {

inline constexpr size_t kChannelDataHeaderSize = 4;

struct ChannelData {
  uint16_t channel = 0;
  Bytes payload;
};

// RFC 7983: the first byte 64..79 (0x40..0x4F) marks ChannelData on a port shared with STUN.
inline bool looksLikeChannelData(Bytes packet) {
  return !packet.empty() && packet[0] >= 0x40 && packet[0] <= 0x4F;
}

// Parses one ChannelData message filling `packet`. Over UDP the datagram may carry padding
// after the data (RFC 8656 12.5); over a stream `stream` demands the padding to 4 bytes and
// nothing else. Nothing for a channel number outside 0x4000..0x4FFF or a bad length.
std::optional<ChannelData> parseChannelData(Bytes packet, bool stream);

// The size of a ChannelData message over a stream: header, payload, padding to 4.
size_t channelDataStreamSize(Bytes header);

// Writes a ChannelData message; pads to 4 bytes when `stream`. Returns the bytes written, or an
// empty span when `out` is too small or the payload exceeds 65535 bytes.
Bytes writeChannelData(MutableBytes out, uint16_t channel, Bytes payload, bool stream);

}  // namespace vicos::turn
