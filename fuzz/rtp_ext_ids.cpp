// Fuzz entry point for the MID and RID readers and the uplink demultiplexer over arbitrary RTP:
// a stream is either refused with a reason or named consistently, and once latched its SSRC
// keeps its stream until something else takes the same place.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/uplink_demux.hpp"

using namespace vicos;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto packet = rtp::parseRtp(Bytes(data, size));
  if (!packet) return 0;
  for (const uint8_t id : {media::kExtMid.id, media::kExtRid.id, media::kExtRepairedRid.id}) {
    const auto ext = rtp::findExtension(*packet, id);
    if (!ext) continue;
    (void)rtp::readMid(*ext);
    if (const auto rid = rtp::readRid(*ext)) check(!rid->empty() && rid->size() <= 16);
  }
  static constexpr std::string_view kRids[] = {"q", "h", "f"};
  sfu::UplinkDemux demux;
  check(demux.declare(1, kRids));
  demux.setRtxPayloadType(media::kVp8Rtx.payloadType);
  const auto first = demux.classify(*packet);
  if (const auto* stream = std::get_if<sfu::UplinkStream>(&first)) {
    check(stream->uplink < sfu::UplinkDemux::kUplinks);
    check(stream->encoding < (stream->uplink == 1 ? 3 : 1));
    check(stream->rtx == (packet->payloadType == media::kVp8Rtx.payloadType));
    const auto again = demux.classify(*packet);  // latched now, by SSRC
    check(std::holds_alternative<sfu::UplinkStream>(again) && std::get<sfu::UplinkStream>(again) == *stream);
  } else {
    const sfu::Drop drop = std::get<sfu::Drop>(first);
    check(drop == sfu::Drop::UnknownSsrc || drop == sfu::Drop::UnknownRid);
  }
  return 0;
}
