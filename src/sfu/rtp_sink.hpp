// Where a consumer writes its outgoing RTP: the subscriber's transport (which protects and
// sends it), later a relay to another node or a recorder.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.hpp"

namespace vicos::sfu {

// What the sink may want to know of a committed packet without parsing it again.
struct SentPacket {
  uint32_t ssrc = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t payloadSize = 0;     // bytes after the RTP header, for the sender report's octet count
  bool retransmission = false;  // rebuilt from the SendHistory; must equal the first transmission
};

// reserve() hands out a buffer for one plaintext RTP packet (empty when there is no room, and then
// the packet is dropped and counted by the caller); commit() sends the first `size` bytes of it.
// At most one reservation is open at a time; reserving again without commit abandons the first.
// Implementations allocate nothing per packet.
class RtpSink {
 public:
  virtual ~RtpSink() = default;
  virtual MutableBytes reserve() = 0;
  virtual void commit(size_t size, const SentPacket& packet) = 0;
};

}  // namespace vicos::sfu
