// REMB parsing and writing (draft-alvestrand-rmcat-remb-03 2.2).
#include "rtcp/feedback_remb.hpp"

namespace vicos::rtcp {

namespace {
constexpr uint32_t kRembId = 0x52454d42;  // "REMB"
constexpr uint32_t kMantissaMax = (1u << 18) - 1;
}  // namespace

uint64_t Remb::bitrate() const {
  if (mantissa == 0) return 0;
  const int width = 32 - __builtin_clz(mantissa);
  if (width + exponent > 64) return UINT64_MAX;
  return uint64_t{mantissa} << exponent;
}

// draft-alvestrand-rmcat-remb-03 2.2 (PSFB FMT 15, media source SSRC 0):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Unique identifier 'R' 'E' 'M' 'B'                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   SSRC feedback (Num SSRC times)                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
std::optional<Remb> parseRemb(const RtcpPacket& packet) {
  const auto fb = parseFeedback(packet, kTypePsfb, kFmtAfb);
  if (!fb) return std::nullopt;
  ByteReader r(fb->fci);
  uint32_t id = 0;
  uint8_t numSsrc = 0;
  uint32_t expMantissa = 0;
  Remb remb;
  remb.senderSsrc = fb->senderSsrc;
  if (!r.readU32(id) || id != kRembId || !r.readU8(numSsrc) || !r.readU24(expMantissa) ||
      !r.readBytes(size_t{4} * numSsrc, remb.ssrcBytes) || r.remaining() != 0) {
    return std::nullopt;
  }
  remb.exponent = static_cast<uint8_t>(expMantissa >> 18);
  remb.mantissa = expMantissa & kMantissaMax;
  return remb;
}

size_t writeRemb(MutableBytes out, uint32_t senderSsrc, uint64_t bitrate,
                 std::span<const uint32_t> ssrcs) {
  if (ssrcs.size() > 255) return 0;
  uint32_t exponent = 0;
  while ((bitrate >> exponent) > kMantissaMax) ++exponent;
  const auto mantissa = static_cast<uint32_t>(bitrate >> exponent);
  const size_t size = kFeedbackHeaderSize + 8 + 4 * ssrcs.size();
  ByteWriter w(out);
  writeFeedbackHeader(w, kTypePsfb, kFmtAfb, size, senderSsrc, 0);
  w.u32(kRembId);
  w.u8(static_cast<uint8_t>(ssrcs.size()));
  w.u24((exponent << 18) | mantissa);
  for (uint32_t ssrc : ssrcs) w.u32(ssrc);
  return w.ok() ? w.size() : 0;
}

}  // namespace vicos::rtcp
