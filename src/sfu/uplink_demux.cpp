// SSRC latching by MID, RID and repaired RID (RFC 8843 15, RFC 8852 3).
#include "sfu/uplink_demux.hpp"

#include <algorithm>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"

namespace vicos::sfu {

bool UplinkDemux::declare(uint8_t uplink, std::span<const std::string_view> rids) {
  if (uplink >= kUplinks || rids.size() > kMaxEncodings) return false;
  Uplink declared;
  for (const auto rid : rids) {
    const auto valid = rtp::readRid(Bytes(reinterpret_cast<const uint8_t*>(rid.data()), rid.size()));
    if (!valid) return false;
    Rid& r = declared.rids[declared.ridCount++];
    std::copy(rid.begin(), rid.end(), r.text.begin());
    r.size = static_cast<uint8_t>(rid.size());
  }
  Uplink& current = mUplinks[uplink];
  const auto same = [&] {
    if (current.ridCount != declared.ridCount) return false;
    for (size_t i = 0; i < declared.ridCount; ++i)
      if (current.rids[i].view() != declared.rids[i].view()) return false;
    return true;
  };
  if (same()) return true;
  current = declared;
  // Streams of the old layout are forgotten; new ones latch again from their extensions.
  for (size_t i = 0; i < kMaxEncodings * 2; ++i) mLatches[uplink * kMaxEncodings * 2 + i] = {};
  return true;
}

void UplinkDemux::latch(const UplinkStream& stream, uint32_t ssrc) {
  if (stream.uplink >= kUplinks || stream.encoding >= kMaxEncodings) return;
  // One SSRC names one stream: an older latch of it elsewhere goes.
  for (auto& l : mLatches)
    if (l.used && l.ssrc == ssrc) l = {};
  mLatches[slot(stream)] = {ssrc, true};
}

std::variant<UplinkStream, Drop> UplinkDemux::classify(const rtp::RtpView& packet) {
  for (size_t i = 0; i < mLatches.size(); ++i)
    if (mLatches[i].used && mLatches[i].ssrc == packet.ssrc) return streamOf(i);

  // An SSRC not seen before: the MID says which m-line (RFC 8843 15.2).
  const auto midBytes = rtp::findExtension(packet, media::kExtMid.id);
  const auto mid = midBytes ? rtp::readMid(*midBytes) : std::nullopt;
  if (!mid || mid->size() != 1 || (*mid)[0] < '0' || (*mid)[0] >= static_cast<char>('0' + kUplinks))
    return Drop::UnknownSsrc;
  UplinkStream stream;
  stream.uplink = static_cast<uint8_t>((*mid)[0] - '0');
  stream.rtx = mRtxPt != 0 && packet.payloadType == mRtxPt;
  const Uplink& uplink = mUplinks[stream.uplink];
  if (uplink.ridCount > 0) {
    // RFC 8852 3.2: an RTX packet names the encoding it repairs with the repaired RID.
    const auto ridBytes = rtp::findExtension(packet, (stream.rtx ? media::kExtRepairedRid : media::kExtRid).id);
    const auto rid = ridBytes ? rtp::readRid(*ridBytes) : std::nullopt;
    if (!rid) return Drop::UnknownRid;
    const auto* end = uplink.rids.begin() + uplink.ridCount;
    const auto* found = std::find_if(uplink.rids.begin(), end, [&](const Rid& r) { return r.view() == *rid; });
    if (found == end) return Drop::UnknownRid;
    stream.encoding = static_cast<uint8_t>(found - uplink.rids.begin());
  }
  mLatches[slot(stream)] = {packet.ssrc, true};
  return stream;
}

}  // namespace vicos::sfu
