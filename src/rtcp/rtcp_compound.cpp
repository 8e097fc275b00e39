// Compound RTCP validation and iteration (RFC 3550 6.1, 6.4.1 common header, A.2).
#include "rtcp/rtcp_compound.hpp"

namespace vicos::rtcp {

namespace {

// RFC 3550 6.4.1, the header shared by every RTCP packet:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  count  |      PT       |  length (32-bit words - 1)    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Padding (P = 1, last packet only): the packet's last byte counts the padding bytes.
RtcpError decodeOne(Bytes rest, RtcpPacket& out) {
  ByteReader r(rest);
  uint8_t b0 = 0;
  uint16_t words = 0;
  if (!r.readU8(b0) || !r.readU8(out.type) || !r.readU16(words)) return RtcpError::TooShort;
  if ((b0 >> 6) != 2) return RtcpError::BadVersion;
  out.count = b0 & 0x1f;
  const size_t size = (size_t{words} + 1) * 4;
  if (size > rest.size()) return RtcpError::LengthOverrun;
  out.packet = rest.first(size);
  out.body = out.packet.subspan(kHeaderSize);
  if ((b0 & 0x20) != 0) {
    if (size != rest.size()) return RtcpError::PaddingNotLast;
    const uint8_t pad = out.packet.back();
    if (pad == 0 || pad > out.body.size()) return RtcpError::BadPadding;
    out.body = out.body.first(out.body.size() - pad);
  }
  return RtcpError::None;
}

}  // namespace

RtcpCompound::Iterator::Iterator(Bytes rest) : mRest(rest) {
  if (!mRest.empty()) (void)decodeOne(mRest, mCurrent);  // validated by parseCompound
}

RtcpCompound::Iterator& RtcpCompound::Iterator::operator++() {
  mRest = mRest.subspan(mCurrent.packet.size());
  mCurrent = RtcpPacket{};
  if (!mRest.empty()) (void)decodeOne(mRest, mCurrent);
  return *this;
}

std::optional<RtcpCompound> parseCompound(Bytes data, RtcpError* error) {
  RtcpError why = data.empty() ? RtcpError::Empty : RtcpError::None;
  size_t count = 0;
  for (Bytes rest = data; why == RtcpError::None && !rest.empty(); ++count) {
    RtcpPacket p;
    why = decodeOne(rest, p);
    rest = rest.subspan(p.packet.size());
  }
  if (error != nullptr) *error = why;
  if (why != RtcpError::None) return std::nullopt;
  return RtcpCompound(data, count);
}

void writeRtcpHeader(ByteWriter& w, uint8_t count, uint8_t type, size_t packetSize) {
  w.u8(static_cast<uint8_t>(0x80 | (count & 0x1f)));
  w.u8(type);
  w.u16(static_cast<uint16_t>(packetSize / 4 - 1));
}

}  // namespace vicos::rtcp
