// The worker's RTCP: feedback from subscribers (NACK → retransmission, PLI/FIR → keyframe
// request to the publisher), sender reports from publishers, and our own periodic reports.
#include <array>

#include "rtcp/feedback_fir.hpp"
#include "rtcp/feedback_nack.hpp"
#include "rtcp/feedback_pli.hpp"
#include "rtcp/feedback_remb.hpp"
#include "rtcp/feedback_transport_cc.hpp"
#include "rtcp/receiver_report.hpp"
#include "rtcp/rtcp_compound.hpp"
#include "rtcp/sender_report.hpp"
#include "sfu/media_worker.hpp"
#include "sfu/retransmit_guard.hpp"

namespace vicos::sfu {
namespace {

// The REMB the server sends a publisher that does not number its packets for transport-cc: a
// cap on its camera's bit rate (bits per second), one stream's or, with simulcast, the layers' sum.
constexpr uint64_t kVideoBitrateCap = 2'000'000;
constexpr uint64_t kSimulcastBitrateCap = [] {
  uint64_t sum = 0;
  for (const auto& layer : media::kCameraLayers) sum += layer.maxBitrate;
  return sum;
}();

}  // namespace

void MediaWorker::onRtcp(Peer& peer, uint8_t* data, size_t size) {
  srtp::SrtpSession* in = peer.srtpIn();
  if (!in) {
    mDrops.count(Drop::NoSrtp);
    return;
  }
  if (!in->unprotectRtcp(data, size)) {
    mDrops.count(Drop::SrtpAuth);
    return;
  }
  const auto compound = rtcp::parseCompound(Bytes(data, size));
  if (!compound) {
    mDrops.count(Drop::BadRtcp);
    return;
  }
  for (const rtcp::RtcpPacket& packet : *compound) {
    switch (packet.type) {
      case rtcp::kTypeSr: {
        const auto sr = rtcp::parseSenderReport(packet);
        if (!sr) break;
        for (auto kind : kAllKinds) {
          Producer& producer = peer.producer(kind);
          ProducerEncoding* encoding = producer.encodingBySsrc(sr->info.ssrc);
          if (!encoding) continue;
          encoding->onSenderReport(sr->info.ssrc, sr->info.ntpTimestamp, sr->info.rtpTimestamp, mNow);
          if (encoding->ssrc() == sr->info.ssrc)
            relaySenderReport(producer, encoding - producer.encodings().data(), sr->info.ntpTimestamp,
                              sr->info.rtpTimestamp);
        }
        break;
      }
      case rtcp::kTypeRtpfb:
        if (packet.count == rtcp::kFmtNack) {
          if (const auto nack = rtcp::parseNack(packet)) onNack(peer, *nack);
        } else if (packet.count == rtcp::kFmtTransportCc) {
          // The subscriber's report on the numbered packets we sent it (downlink_estimate.hpp).
          if (const auto feedback = rtcp::parseTransportCc(packet)) {
            peer.downlink().onFeedback(*feedback, mNow);
            ++mCounters.downlinkFeedback;
            if (peer.downlink().fellSinceAllocation()) chooseLayers(peer);
          }
        }
        break;
      case rtcp::kTypePsfb: {
        uint32_t mediaSsrc = 0;
        if (packet.count == rtcp::kFmtPli) {
          const auto pli = rtcp::parsePli(packet);
          if (!pli) break;
          mediaSsrc = pli->mediaSsrc;
        } else if (packet.count == rtcp::kFmtFir) {
          const auto fir = rtcp::parseFir(packet);
          if (!fir || fir->count() == 0) break;
          mediaSsrc = fir->entry(0).ssrc;
        } else {
          break;
        }
        Consumer* consumer = peer.consumerBySsrc(mediaSsrc);
        if (!consumer || !consumer->producer()) break;
        Producer& producer = *consumer->producer();
        if (producer.encoding(consumer->encoding()).takeKeyframeRequest(mNow))
          requestKeyframeUpstream(peer.room(), consumer->publisher(), producer, consumer->encoding());
        break;
      }
      default: break;  // RR, SDES, BYE, REMB from subscribers: nothing to do yet
    }
  }
}

// RFC 4585 6.2.1: the subscriber lists what it lost. What it gets back is limited by its
// downlink's RetransmitGuard to a share of what it was sent in the first place, however many
// NACKs it sends or however long they are (docs/security.md, "Media plane").
void MediaWorker::onNack(Peer& subscriber, const rtcp::Nack& nack) {
  Consumer* consumer = subscriber.consumerBySsrc(nack.mediaSsrc);
  if (!consumer || !consumer->retransmits() || !subscriber.canSend()) return;
  const auto resend = [&](uint16_t sequence) { retransmit(subscriber, *consumer, sequence); };
  const size_t read = nack.forEachLost(resend, RetransmitGuard::kMaxPerNack);
  mCounters.nackOverCap += nack.lostCount() - read;
}

void MediaWorker::retransmit(Peer& subscriber, Consumer& consumer, uint16_t sequence) {
  RetransmitGuard& guard = *consumer.retransmits();
  if (guard.recentlyResent(sequence, mNow)) {
    ++mCounters.nackRepeats;
    return;
  }
  // RTX where the subscriber took it: a new packet on the RTX stream with a transport-wide number
  // of its own, so that the estimator counts it; else the first transmission again.
  const bool rtx = subscriber.downlinkRtx() && consumer.rtxSsrc() != 0;
  DownlinkEstimate& downlink = subscriber.downlink();
  const MutableBytes out(mSend->slot(), net::kMaxDatagram);
  const size_t plain = rtx ? consumer.rtxRetransmission(sequence, downlink.nextSeq(), out)
                           : consumer.retransmission(sequence, out);
  if (plain == 0) return;  // too old, or never sent
  if (!guard.trySpend(plain, mNow)) {
    ++mCounters.nackOverBudget;
    return;
  }
  const size_t length = sendRtp(subscriber, plain);
  if (length == 0) return;
  if (rtx) downlink.onSent(static_cast<uint32_t>(length), mNow);
  guard.onResent(sequence, mNow);
  ++mCounters.retransmitted;
  mCounters.retransmittedBytes += plain;
}

void MediaWorker::sendKeyframeRequest(Peer& publisher, const ProducerEncoding& encoding) {
  if (!publisher.canSend() || !encoding.ssrc()) return;
  // RFC 4585 6.3.1: a PLI names the media sender, here one encoding's stream; Chromium and
  // Firefox answer it with a keyframe. rtcp-rsize (RFC 5506) allows it alone in a packet.
  const size_t size =
      rtcp::writePli(MutableBytes(mSend->slot(), net::kMaxDatagram), kServerSsrc, *encoding.ssrc());
  ++mCounters.keyframeRequests;
  sendRtcp(publisher, size);
}

void MediaWorker::sendReports(Peer& peer) {
  uint8_t* slot = mSend->slot();
  const MutableBytes out(slot, net::kMaxDatagram - 64);  // room for the SRTCP trailer
  size_t size = 0;
  // Sender reports for our downlinks (RFC 3550 6.4.1), translating the publisher's clock.
  for (const auto& consumer : peer.consumers()) {
    const Producer* producer = consumer->producer();
    if (!producer || consumer->packetsSent() == 0) continue;
    const auto& source = producer->encoding(consumer->encoding()).senderClock();
    if (!source) continue;
    const SenderClock& clock = *source;
    const Micros elapsed = mNow - clock.arrival;
    rtcp::SenderInfo info;
    info.ssrc = consumer->ssrc();
    info.ntpTimestamp = ntpNow();
    info.rtpTimestamp = clock.rtpTimestamp +
                        static_cast<uint32_t>(elapsed * producer->clockRate() / 1'000'000) +
                        consumer->timestampOffset();
    info.packetCount = consumer->packetsSent();
    info.octetCount = consumer->octetsSent();
    const size_t n = rtcp::writeSenderReport(out.subspan(size), info, {});
    if (n == 0) break;
    size += n;
  }
  // A receiver report on every stream of the publisher's uplinks, RTX included: Chromium sends
  // MID and RID (on RTX the repaired RID) until a report names the SSRC. At most 18 blocks, under
  // RFC 3550 6.4.2's 31.
  std::array<rtcp::ReportBlock, std::size(kAllKinds) * media::kMaxEncodings * 2> blocks;
  size_t blockCount = 0;
  std::array<uint32_t, media::kMaxEncodings> videoSsrcs;
  size_t videoCount = 0;
  for (auto kind : kAllKinds)
    for (ProducerEncoding& encoding : peer.producer(kind).encodings()) {
      if (auto* stats = encoding.stats()) blocks[blockCount++] = stats->makeReportBlock(mNow);
      if (auto* stats = encoding.rtxStats()) blocks[blockCount++] = stats->makeReportBlock(mNow);
      if (kind == MediaKind::Video && encoding.ssrc()) videoSsrcs[videoCount++] = *encoding.ssrc();
    }
  if (blockCount > 0)
    size += rtcp::writeReceiverReport(out.subspan(size), kServerSsrc, std::span(blocks.data(), blockCount));
  // A publisher that numbers its packets sets its bit rate on our transport-cc feedback; one that
  // does not gets a fixed cap for its camera, over all its encodings (REMB names every SSRC).
  if (videoCount > 0 && !peer.transportFeedbackIfAny()) {
    const uint64_t cap = videoCount > 1 ? kSimulcastBitrateCap : kVideoBitrateCap;
    size += rtcp::writeRemb(out.subspan(size), kServerSsrc, cap, std::span(videoSsrcs.data(), videoCount));
  }
  if (size > 0) sendRtcp(peer, size);
}

// Transport-cc feedback every 50 ms while the peer sends numbered packets; each feedback
// packet goes alone in its SRTCP packet (RFC 5506 reduced size).
void MediaWorker::sendTransportFeedback(Peer& peer) {
  bwe::FeedbackWriter* writer = peer.transportFeedbackIfAny();
  if (!writer || !peer.canSend() || !writer->due(mNow)) return;
  while (const size_t size = writer->writeNext(MutableBytes(mSend->slot(), net::kMaxDatagram - 64), mNow)) {
    ++mCounters.transportFeedback;
    sendRtcp(peer, size);
  }
}

void MediaWorker::sendRtcp(Peer& peer, size_t size) {
  if (size == 0 || !peer.srtpOut()->protectRtcp(mSend->slot(), size, net::kMaxDatagram)) return;
  queueTo(peer, size);
}

}  // namespace vicos::sfu
