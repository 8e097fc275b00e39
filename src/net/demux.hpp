// Classifies a datagram on the shared media port by its first byte (RFC 7983 7).
#pragma once

#include <cstdint>

#include "common/byte_reader.hpp"

namespace vicos::net {

enum class PacketKind { Stun, Dtls, Rtp, Rtcp, Unknown };

//   +----------------+
//   |        [0..3] -+--> STUN
//   |      [20..63] -+--> DTLS
//   |    [128..191] -+--> RTP/RTCP (RTCP when the second byte is 192..223, RFC 5761 4)
//   +----------------+
inline PacketKind classify(Bytes packet) {
  if (packet.empty()) return PacketKind::Unknown;
  const uint8_t b = packet[0];
  if (b <= 3) return PacketKind::Stun;
  if (b >= 20 && b <= 63) return PacketKind::Dtls;
  if (b >= 128 && b <= 191) {
    if (packet.size() < 2) return PacketKind::Unknown;
    const uint8_t pt = packet[1];
    return (pt >= 192 && pt <= 223) ? PacketKind::Rtcp : PacketKind::Rtp;
  }
  return PacketKind::Unknown;
}

}  // namespace vicos::net
