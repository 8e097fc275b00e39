// Which uplink, encoding and stream (primary or RTX) a publisher's RTP packet belongs to. The
// first packets of a stream name their m-line with the MID extension (RFC 8843 15) and their
// encoding with the RID extension, or on RTX the repaired RID (RFC 8852); browsers stop sending
// them after our receiver reports, so the SSRC is latched on first sight. A new SSRC for the same
// (uplink, encoding, stream) replaces the old one, which bounds the table. No allocation per
// packet; worker thread only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "media/media_profile.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/drop_counters.hpp"

namespace vicos::sfu {

struct UplinkStream {
  uint8_t uplink = 0;    // the m-line's index among the uplinks (MID "0", "1", "2")
  uint8_t encoding = 0;  // index into the uplink's declared RIDs, 0 without RIDs
  bool rtx = false;      // an RFC 4588 retransmission stream
  friend bool operator==(const UplinkStream&, const UplinkStream&) = default;
};

class UplinkDemux {
 public:
  static constexpr size_t kUplinks = 3;
  static constexpr size_t kMaxEncodings = media::kMaxEncodings;
  static constexpr size_t kMaxRid = 16;

  // Uplink `uplink` (MID = its index as a digit) sends `rids`, lowest layer first; none: one
  // encoding, told apart by MID alone. False if there are too many or one is not a valid RID.
  // A new layout forgets the uplink's latched SSRCs; declaring the same one again keeps them,
  // as a renegotiation does not make browsers send MID and RID again.
  bool declare(uint8_t uplink, std::span<const std::string_view> rids);
  // Latches an SSRC the answer announced (RFC 5576 a=ssrc, a=ssrc-group:FID), before any packet.
  void latch(const UplinkStream& stream, uint32_t ssrc);
  // The payload type of RTX packets (RFC 4588); 0: none negotiated.
  void setRtxPayloadType(uint8_t pt) { mRtxPt = pt; }

  std::variant<UplinkStream, Drop> classify(const rtp::RtpView& packet);

 private:
  struct Rid {
    std::array<char, kMaxRid> text{};
    uint8_t size = 0;
    std::string_view view() const { return {text.data(), size}; }
  };
  struct Uplink {
    std::array<Rid, kMaxEncodings> rids{};
    uint8_t ridCount = 0;
  };
  struct Latch {
    uint32_t ssrc = 0;
    bool used = false;
  };
  static size_t slot(const UplinkStream& s) {
    return (static_cast<size_t>(s.uplink) * kMaxEncodings + s.encoding) * 2 + (s.rtx ? 1 : 0);
  }
  static UplinkStream streamOf(size_t slot) {
    return {static_cast<uint8_t>(slot / 2 / kMaxEncodings), static_cast<uint8_t>(slot / 2 % kMaxEncodings),
            slot % 2 == 1};
  }

  std::array<Uplink, kUplinks> mUplinks{};
  std::array<Latch, kUplinks * kMaxEncodings * 2> mLatches{};
  uint8_t mRtxPt = 0;
};

}  // namespace vicos::sfu
