// Fuzz entry point for the RTP packet view, RFC 8285 extensions and the VP8 descriptor:
// whatever parses is rebuilt with the header writer and must parse back to the same values.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "rtp/rtp_extensions.hpp"
#include "rtp/rtp_packet.hpp"
#include "rtp/vp8_descriptor.hpp"

using namespace vicos;
using namespace vicos::rtp;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void checkVp8(Bytes payload) {
  const auto d = parseVp8Descriptor(payload);
  if (!d) {
    check(!isVp8Keyframe(payload));
    return;
  }
  check(d->size >= 1 && d->size <= 6 && d->size <= payload.size());
  check(d->pictureId < 0x8000 && d->partitionId < 8 && d->tid < 4 && d->keyIdx < 32);
  if (isVp8Keyframe(payload)) check(d->startOfPartition && d->partitionId == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Bytes input(data, size);
  (void)isRtcp(input);
  const auto v = parseRtp(input);
  if (!v) return 0;
  check(v->headerSize + v->payload.size() + v->paddingSize == size);
  check(v->payload.data() == data + v->headerSize);

  // Collect what the one-byte writer can carry, and check every element lies in the block.
  std::array<ExtensionElement, 16> keep{};
  size_t kept = 0;
  ExtensionIterator it(*v);
  ExtensionElement e;
  while (it.next(e)) {
    check(e.data.data() >= v->extensionData.data());
    check(e.data.data() + e.data.size() <= v->extensionData.data() + v->extensionData.size());
    (void)readAudioLevel(e.data);
    (void)readMid(e.data);
    (void)readAbsSendTime(e.data);
    bool seen = false;
    for (size_t i = 0; i < kept; ++i) seen = seen || keep[i].id == e.id;
    if (!seen && e.id >= 1 && e.id <= 14 && !e.data.empty() && e.data.size() <= 16 &&
        kept < keep.size()) {
      keep[kept++] = e;
    }
  }
  checkVp8(v->payload);

  // Rebuild the header and parse it back.
  std::array<uint8_t, 12 + 4 + 16 * 17 + 4> buf{};
  const RtpHeader h{v->marker, v->payloadType, v->sequence, v->timestamp, v->ssrc};
  const size_t n = writeRtpHeader(buf, h, std::span<const ExtensionElement>(keep.data(), kept));
  check(n != 0);
  const auto again = parseRtp(Bytes(buf.data(), n));
  check(again.has_value());
  check(again->marker == v->marker && again->payloadType == v->payloadType &&
        again->sequence == v->sequence && again->timestamp == v->timestamp &&
        again->ssrc == v->ssrc && again->headerSize == n && again->payload.empty());
  for (size_t i = 0; i < kept; ++i) {
    const auto found = findExtension(*again, keep[i].id);
    check(found && found->size() == keep[i].data.size() &&
          std::memcmp(found->data(), keep[i].data.data(), found->size()) == 0);
  }

  // In-place setters change only what they are asked to.
  std::vector<uint8_t> copy(data, data + size);
  check(setSequence(copy, static_cast<uint16_t>(v->sequence + 1)));
  check(setMarker(copy, !v->marker));
  const auto moved = parseRtp(copy);
  check(moved && moved->sequence == static_cast<uint16_t>(v->sequence + 1) &&
        moved->marker != v->marker && moved->payloadType == v->payloadType &&
        moved->payload.size() == v->payload.size());
  return 0;
}
