// Tells apart what the first bytes of a TCP connection to the HTTPS port begin: a TLS
// ClientHello, or an ICE-TCP connection's first RFC 4571 frame holding a STUN binding request,
// so that one port serves pages, signaling and media.
//
//   TLS record (RFC 8446 5.1):  16 03 xx | length (2) | 01 = ClientHello ...
//   ICE-TCP (RFC 6544, RFC 4571, RFC 8489 5):
//     frame length (2) | 00 01 = Binding request | message length (2) | 21 12 A4 42 | ...
//   TURN over TCP (RFC 8656 3.1), no framing: the client's first message is an Allocate:
//     00 03 = Allocate request | message length (2) | 21 12 A4 42 | ...
//
// A STUN frame's first byte is its length's high byte, at most 0x02 here: never 0x16. A frame's
// length is at least 20, so it never begins 00 03 as an Allocate does.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.hpp"

namespace vicos::net {

enum class StreamStart : uint8_t {
  NeedMore,  // could still be a STUN frame: read more (bounded by the caller's timeout)
  Tls,       // a TLS record header
  IceTcp,    // a whole first frame holding a STUN binding request
  Turn,      // a TURN Allocate request's header: a TURN client over plain TCP
  Unknown,   // neither; the TLS handshake will refuse it as before
};

struct StreamVerdict {
  StreamStart kind = StreamStart::NeedMore;
  size_t frameSize = 0;  // IceTcp: bytes of the first frame, length prefix included
};

// The longest first frame taken for a binding request (RFC 8489 6.1 advises under 548 bytes
// for unfragmented STUN); the caller reads at most kFrameHeader + this many bytes.
inline constexpr size_t kMaxFirstStunFrame = 548;
inline constexpr size_t kMaxStreamPeek = 2 + kMaxFirstStunFrame;

inline constexpr uint32_t kStreamMagicCookie = 0x2112A442;

// Whether `bytes` (8 or more decide) begin an unframed STUN Allocate request.
inline bool couldBeTurnAllocate(Bytes bytes) {
  const size_t n = bytes.size();
  if (n >= 1 && bytes[0] != 0x00) return false;
  if (n >= 2 && bytes[1] != 0x03) return false;
  if (n >= 4 && loadBe16(bytes.data() + 2) % 4 != 0) return false;
  return n < 8 || loadBe32(bytes.data() + 4) == kStreamMagicCookie;
}

inline StreamVerdict classifyIceTcpFrame(Bytes bytes);

inline StreamVerdict classifyStreamStart(Bytes bytes) {
  const size_t n = bytes.size();
  if (n == 0) return {};
  if (bytes[0] == 0x16) {
    if (n < 2) return {};
    return {bytes[1] == 0x03 ? StreamStart::Tls : StreamStart::Unknown, 0};
  }
  const StreamVerdict framed = classifyIceTcpFrame(bytes);
  if (framed.kind != StreamStart::Unknown) return framed;
  if (couldBeTurnAllocate(bytes)) return {n >= 8 ? StreamStart::Turn : StreamStart::NeedMore, 0};
  return framed;
}

// The RFC 4571 half of classifyStreamStart.
inline StreamVerdict classifyIceTcpFrame(Bytes bytes) {
  constexpr uint32_t kMagicCookie = kStreamMagicCookie;
  constexpr size_t kStunHeader = 20;
  const size_t n = bytes.size();
  const StreamVerdict unknown{StreamStart::Unknown, 0};
  if (n < 2) return bytes[0] <= (kMaxFirstStunFrame >> 8) ? StreamVerdict{} : unknown;
  const size_t length = loadBe16(bytes.data());
  if (length < kStunHeader || length > kMaxFirstStunFrame) return unknown;
  if (n >= 4 && loadBe16(bytes.data() + 2) != 0x0001) return unknown;
  if (n >= 6) {
    const size_t body = loadBe16(bytes.data() + 4);
    if (body % 4 != 0 || kStunHeader + body != length) return unknown;
  }
  if (n >= 10 && loadBe32(bytes.data() + 6) != kMagicCookie) return unknown;
  if (n < 2 + length) return {};
  return {StreamStart::IceTcp, 2 + length};
}

}  // namespace vicos::net
