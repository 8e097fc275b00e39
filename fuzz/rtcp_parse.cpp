// Fuzz entry point for compound RTCP: every packet goes through every parser, and what vicos
// can build (SR, RR, BYE, NACK, PLI, FIR, REMB) is rebuilt and must parse to the same values
// (transport-cc is rebuilt by its own target, rtcp_transport_cc).
#include <array>
#include <bitset>
#include <cstdint>
#include <cstdlib>

#include "rtcp/bye.hpp"
#include "rtcp/feedback_fir.hpp"
#include "rtcp/feedback_nack.hpp"
#include "rtcp/feedback_pli.hpp"
#include "rtcp/feedback_remb.hpp"
#include "rtcp/feedback_transport_cc.hpp"
#include "rtcp/receiver_report.hpp"
#include "rtcp/sdes.hpp"
#include "rtcp/sender_report.hpp"

using namespace vicos;
using namespace vicos::rtcp;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// Re-parses the single packet just written.
RtcpPacket reparse(Bytes written) {
  const auto c = parseCompound(written);
  check(c && c->count() == 1);
  return *c->begin();
}

std::array<uint8_t, 4 * 0x10000 + 16> gBuf;
std::array<ReportBlock, kMaxReportBlocks> gBlocks;

void checkReports(const ReportBlocks& got, const ReportBlocks& want) {
  check(got.count() == want.count());
  for (size_t i = 0; i < got.count(); ++i) check(got[i] == want[i]);
}

void rebuild(const RtcpPacket& p) {
  if (const auto sr = parseSenderReport(p)) {
    for (size_t i = 0; i < sr->blocks.count(); ++i) gBlocks[i] = sr->blocks[i];
    const size_t n = writeSenderReport(gBuf, sr->info,
                                       std::span(gBlocks.data(), sr->blocks.count()));
    const auto again = parseSenderReport(reparse(Bytes(gBuf.data(), n)));
    check(again && again->info == sr->info);
    checkReports(again->blocks, sr->blocks);
  }
  if (const auto rr = parseReceiverReport(p)) {
    for (size_t i = 0; i < rr->blocks.count(); ++i) gBlocks[i] = rr->blocks[i];
    const size_t n = writeReceiverReport(gBuf, rr->senderSsrc,
                                         std::span(gBlocks.data(), rr->blocks.count()));
    const auto again = parseReceiverReport(reparse(Bytes(gBuf.data(), n)));
    check(again && again->senderSsrc == rr->senderSsrc);
    checkReports(again->blocks, rr->blocks);
  }
  if (const auto bye = parseBye(p)) {
    std::array<uint32_t, 31> ssrcs{};
    for (size_t i = 0; i < bye->count(); ++i) ssrcs[i] = bye->ssrc(i);
    const size_t n = writeBye(gBuf, std::span(ssrcs.data(), bye->count()), bye->reason);
    const auto again = parseBye(reparse(Bytes(gBuf.data(), n)));
    check(again && again->count() == bye->count() && again->reason == bye->reason);
    for (size_t i = 0; i < bye->count(); ++i) check(again->ssrc(i) == bye->ssrc(i));
  }
  if (const auto nack = parseNack(p)) {
    static std::bitset<0x10000> want;
    static std::bitset<0x10000> got;
    static std::array<uint16_t, 0x10000> lost;
    want.reset();
    got.reset();
    size_t count = 0;
    nack->forEachLost([&](uint16_t seq) {
      if (!want.test(seq)) lost[count++] = seq;
      want.set(seq);
    });
    const size_t n = writeNack(gBuf, nack->senderSsrc, nack->mediaSsrc,
                               std::span(lost.data(), count));
    const auto again = parseNack(reparse(Bytes(gBuf.data(), n)));
    check(again && again->senderSsrc == nack->senderSsrc && again->mediaSsrc == nack->mediaSsrc);
    check(again->itemCount() <= nack->itemCount());
    again->forEachLost([&](uint16_t seq) { got.set(seq); });
    check(got == want);
  }
  if (const auto pli = parsePli(p)) {
    const size_t n = writePli(gBuf, pli->senderSsrc, pli->mediaSsrc);
    const auto again = parsePli(reparse(Bytes(gBuf.data(), n)));
    check(again && again->senderSsrc == pli->senderSsrc && again->mediaSsrc == pli->mediaSsrc);
  }
  if (const auto fir = parseFir(p)) {
    static std::array<FirEntry, 0x10000 / 2> entries;
    for (size_t i = 0; i < fir->count(); ++i) entries[i] = fir->entry(i);
    const size_t n = writeFir(gBuf, fir->senderSsrc, std::span(entries.data(), fir->count()));
    const auto again = parseFir(reparse(Bytes(gBuf.data(), n)));
    check(again && again->senderSsrc == fir->senderSsrc && again->count() == fir->count());
    for (size_t i = 0; i < fir->count(); ++i) check(again->entry(i) == fir->entry(i));
  }
  if (const auto remb = parseRemb(p)) {
    std::array<uint32_t, 255> ssrcs{};
    for (size_t i = 0; i < remb->count(); ++i) ssrcs[i] = remb->ssrc(i);
    const size_t n =
        writeRemb(gBuf, remb->senderSsrc, remb->bitrate(), std::span(ssrcs.data(), remb->count()));
    const auto again = parseRemb(reparse(Bytes(gBuf.data(), n)));
    check(again && again->senderSsrc == remb->senderSsrc && again->count() == remb->count());
    // Exact unless the original did not fit 64 bits and saturated.
    if (remb->bitrate() != UINT64_MAX) check(again->bitrate() == remb->bitrate());
    for (size_t i = 0; i < remb->count(); ++i) check(again->ssrc(i) == remb->ssrc(i));
  }
  if (const auto twcc = parseTransportCc(p)) {  // rebuilt by the rtcp_transport_cc target
    size_t statuses = 0;
    twcc->forEach([&](const TransportCcStatus&) { ++statuses; });
    check(statuses == twcc->statusCount);
  }
  if (validateSdes(p)) (void)findCname(p, 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto compound = parseCompound(Bytes(data, size));
  if (!compound) return 0;
  size_t total = 0;
  size_t count = 0;
  for (const RtcpPacket& p : *compound) {
    check(p.packet.data() == data + total);
    check(p.body.data() == p.packet.data() + kHeaderSize);
    check(p.body.size() + kHeaderSize <= p.packet.size() && p.packet.size() % 4 == 0);
    total += p.packet.size();
    ++count;
    rebuild(p);
  }
  check(total == size && count == compound->count());
  return 0;
}
