// Counts of packets the media plane dropped, by reason: bad packets are counted and
// summarised periodically, never logged one by one.
#pragma once

#include <array>
#include <cstdint>

namespace vicos::sfu {

enum class Drop : uint8_t {
  UnknownKind,      // first byte matches no protocol (RFC 7983)
  BadStun,          // does not parse, or not a binding request
  StunUnknownUser,  // USERNAME names no peer
  StunRejected,     // integrity or fingerprint wrong
  UnknownTuple,     // DTLS/RTP/RTCP from an address that passed no ICE check
  NoSrtp,           // media before the DTLS handshake finished
  SrtpAuth,         // SRTP/SRTCP unprotect failed (auth, replay, malformed)
  BadRtp,
  BadRtcp,
  UnknownSsrc,   // RTP of no uplink of the peer
  NotAllowed,    // RTP of an uplink a moderator stopped (MediaPlane::setForwarding)
  RelayFull,     // the ring to another worker of the room was full (sfu/relay_ring.hpp)
  RelayUnknown,  // a relayed packet for a mirror that is gone, or not valid RTP
  SrtpProtect,   // not sent to a subscriber: SRTP cannot index its sequence number there
  UnknownRid,    // RTP whose RID or repaired RID names no encoding of its uplink (uplink_demux.hpp)
  RtxUnused,     // a publisher's RFC 4588 retransmission: counted for reports, not forwarded yet
  TcpQueueFull,  // not sent: the ICE-TCP receiver is too slow and its queue is full
  TcpClosed,     // not sent: the pair's ICE-TCP connection has closed
  Count
};

inline const char* dropName(Drop drop) {
  static constexpr const char* kNames[] = {
      "unknown-kind", "bad-stun",   "stun-unknown-user", "stun-rejected", "unknown-tuple",
      "no-srtp",      "srtp-auth",  "bad-rtp",           "bad-rtcp",      "unknown-ssrc",
      "not-allowed",  "relay-full", "relay-unknown",     "srtp-protect",  "unknown-rid",
      "rtx-unused",   "tcp-queue-full", "tcp-closed"};
  return kNames[static_cast<size_t>(drop)];
}

class DropCounters {
 public:
  void count(Drop drop) { ++mCounts[static_cast<size_t>(drop)]; }
  uint64_t operator[](Drop drop) const { return mCounts[static_cast<size_t>(drop)]; }
  uint64_t total() const {
    uint64_t sum = 0;
    for (auto c : mCounts) sum += c;
    return sum;
  }

 private:
  std::array<uint64_t, static_cast<size_t>(Drop::Count)> mCounts{};
};

}  // namespace vicos::sfu
