// Fuzz entry point for transport-wide CC feedback: whatever parses is rebuilt (split at a size
// limit the input picks) and the rebuilt packets must report the same packets and arrivals.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

#include "rtcp/feedback_transport_cc.hpp"

using namespace vicos;
using namespace vicos::rtcp;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

std::array<PacketArrival, 0x10000> gStatuses;
std::array<TransportCcStatus, 0x10000> gWant;
std::array<uint8_t, 4 * 0x10000> gBuf;

void rebuild(const TransportCc& fb, size_t limit) {
  size_t count = 0;
  fb.forEach([&](const TransportCcStatus& s) {
    gWant[count] = s;
    gStatuses[count++] = {s.received, s.received ? s.arrival : 0};
  });
  check(count == fb.statusCount);
  size_t done = 0;
  while (done < count) {
    size_t consumed = 0;
    const auto base = static_cast<uint16_t>(fb.baseSeq + done);
    const size_t n =
        writeTransportCc(std::span(gBuf).first(limit), {fb.senderSsrc, fb.mediaSsrc, base, fb.feedbackCount},
                         std::span(gStatuses.data() + done, count - done), consumed);
    check(n != 0 && n <= limit && n % 4 == 0 && consumed != 0);
    const auto compound = parseCompound(Bytes(gBuf.data(), n));
    check(compound && compound->count() == 1);
    const auto again = parseTransportCc(*compound->begin());
    check(again && again->senderSsrc == fb.senderSsrc && again->mediaSsrc == fb.mediaSsrc &&
          again->feedbackCount == fb.feedbackCount && again->baseSeq == base &&
          again->statusCount == consumed);
    size_t i = done;
    again->forEach([&](const TransportCcStatus& s) {
      const TransportCcStatus& want = gWant[i++];
      check(s.seq == want.seq && s.received == want.received);
      // The rebuilt reference time may differ by whole wraps of the 24-bit field.
      if (s.received) check((s.arrival - want.arrival) % kTransportCcReferenceWrap == 0);
    });
    check(i == done + consumed);
    done += consumed;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto compound = parseCompound(Bytes(data, size));
  if (!compound) return 0;
  // The size limit of the rebuilt packets, 24 bytes (one status) up to 256 KiB, from the last byte.
  const size_t last = size == 0 ? 0 : data[size - 1];
  const size_t limit = std::min(24 + last * 4 * (last % 5 == 0 ? 256 : 1), gBuf.size());
  for (const RtcpPacket& p : *compound) {
    TransportCcError error = TransportCcError::None;
    const auto fb = parseTransportCc(p, &error);
    check(fb.has_value() == (error == TransportCcError::None));
    if (fb) rebuild(*fb, limit);
  }
  return 0;
}
