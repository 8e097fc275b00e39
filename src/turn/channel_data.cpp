// ChannelData framing (RFC 8656 12.4, 12.5).
#include "turn/channel_data.hpp"

#include <cstring>

#include "turn/turn_message.hpp"

namespace vicos::turn {

// RFC 8656 12.4:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Channel Number        |            Length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  /                       Application Data                        /
//  +-------------------------------+-------------------------------+
std::optional<ChannelData> parseChannelData(Bytes packet, bool stream) {
  if (packet.size() < kChannelDataHeaderSize) return std::nullopt;
  const uint16_t channel = loadBe16(packet.data());
  const size_t length = loadBe16(packet.data() + 2);
  if (channel < kMinChannel || channel > kMaxChannel) return std::nullopt;
  const size_t rest = packet.size() - kChannelDataHeaderSize;
  if (length > rest) return std::nullopt;
  if (stream && rest != ((length + 3) & ~size_t{3})) return std::nullopt;
  if (!stream && rest - length > 3) return std::nullopt;  // padding, never another message
  return ChannelData{channel, packet.subspan(kChannelDataHeaderSize, length)};
}

size_t channelDataStreamSize(Bytes header) {
  if (header.size() < kChannelDataHeaderSize) return 0;
  const size_t length = loadBe16(header.data() + 2);
  return kChannelDataHeaderSize + ((length + 3) & ~size_t{3});
}

Bytes writeChannelData(MutableBytes out, uint16_t channel, Bytes payload, bool stream) {
  if (payload.size() > 0xFFFF) return {};
  const size_t padding = stream ? (4 - payload.size() % 4) % 4 : 0;
  const size_t total = kChannelDataHeaderSize + payload.size() + padding;
  if (out.size() < total) return {};
  storeBe16(out.data(), channel);
  storeBe16(out.data() + 2, static_cast<uint16_t>(payload.size()));
  if (!payload.empty()) std::memcpy(out.data() + kChannelDataHeaderSize, payload.data(), payload.size());
  std::memset(out.data() + kChannelDataHeaderSize + payload.size(), 0, padding);
  return out.first(total);
}

}  // namespace vicos::turn
