// Integration tests of the media worker's RTCP feedback over real UDP: NACK retransmission,
// PLI relay with throttling, the keyframe request a new downlink triggers, and transport-wide
// congestion control feedback in both directions.
#include <gtest/gtest.h>

#include <set>

#include "rtcp/feedback_transport_cc.hpp"
#include "sfu/media_worker_fixture.hpp"
#include "srtp/srtp_profile.hpp"
#include "srtp/srtp_session.hpp"

namespace vicos::sfu::test {
namespace {

// Waits until `publisher` got its first keyframe request (sent when the subscriber
// connected), then until a period longer than the throttle passes without another, so that
// later counts only see what the test itself causes. Set-up wants a keyframe several times
// (each downlink, each connection); on a slow machine these come more than one throttle
// interval apart and make a chain of deferred requests.
size_t settledPlis(MediaWorkerTest& t, Participant& publisher) {
  const uint32_t ssrc = publisher.client->videoSsrc();
  EXPECT_TRUE(t.pumpUntil([&] { return publisher.recorder.plisFor(ssrc) >= 1; }));
  for (int quiet = 0; quiet < 10; ++quiet) {
    const size_t seen = publisher.recorder.plisFor(ssrc);
    t.pumpFor(ProducerEncoding::kKeyframeInterval + 200 * kMs);
    if (publisher.recorder.plisFor(ssrc) == seen) break;
  }
  return publisher.recorder.plisFor(ssrc);
}

// (b) A NACK for a lost forwarded video packet brings it back byte-identical.
TEST_F(MediaWorkerTest, NackRetransmitsByteIdentical) {
  std::optional<uint16_t> lostSequence;
  size_t seen = 0;
  std::vector<uint8_t> lostRaw;
  std::vector<uint8_t> retransmittedRaw;
  // Bob "loses" the second packet of alice's next frame (under the number his downlink gave it),
  // and records what comes back.
  b->client->setReceiveFilter([&](Bytes packet) {
    if (packet.size() < 12 || loadBe32(packet.data() + 8) != b->videoDownlink) return false;
    const uint16_t sequence = loadBe16(packet.data() + 2);
    if (!lostSequence) {
      if (++seen != 2) return false;
      lostSequence = sequence;
      lostRaw.assign(packet.begin(), packet.end());
      return true;
    }
    if (sequence == *lostSequence) retransmittedRaw.assign(packet.begin(), packet.end());
    return false;
  });
  std::vector<std::vector<uint8_t>> frame;
  for (size_t i = 0; i < client::VideoSource::kPacketsPerFrame; ++i) frame.push_back(send(*a, MediaKind::Video));
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return !lostRaw.empty() && b->recorder.of(b->videoDownlink).size() == frame.size() - 1; }));

  const uint16_t lost[] = {*lostSequence};
  ASSERT_TRUE(b->client->sendNack(b->videoDownlink, lost));
  b->client->flush();
  auto retransmitted = [&]() -> std::optional<rtp::RtpView> {
    for (const auto& p : b->recorder.of(b->videoDownlink))
      if (p.sequence == *lostSequence) return p;
    return std::nullopt;
  };
  ASSERT_TRUE(pumpUntil([&] { return retransmitted().has_value(); }));
  EXPECT_EQ(counters().retransmitted, 1u);

  // Decrypt the lost original with a session of our own over the same keys.
  const auto& keys = *b->client->srtpKeys();
  auto shadow = srtp::SrtpSession::create(*srtp::profileFromDtlsId(keys.profileId), keys.remoteKey, keys.remoteSalt);
  ASSERT_TRUE(shadow);
  std::vector<uint8_t> original = lostRaw;
  size_t size = original.size();
  ASSERT_TRUE(shadow->unprotectRtp(original.data(), size));
  original.resize(size);
  const auto again = *retransmitted();
  EXPECT_TRUE(std::equal(again.packet.begin(), again.packet.end(), original.begin(), original.end()));
  // With AES-GCM the same plaintext at the same index gives the same ciphertext, too.
  EXPECT_EQ(retransmittedRaw, lostRaw);
  // And it is alice's packet: same payload.
  const auto sent = rtp::parseRtp(frame[1]);
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sameVideoPayload(again, *sent));

  // A NACK for a sequence number never sent brings nothing.
  const uint16_t never[] = {static_cast<uint16_t>(*lostSequence + 1000)};
  ASSERT_TRUE(b->client->sendNack(b->videoDownlink, never));
  // An audio packet behind it on the same path tells when the worker has handled the NACK.
  const uint64_t received = counters().rtpReceived;
  send(*b, MediaKind::Audio);
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return counters().rtpReceived == received + 1; }));
  pumpFor(50 * kMs);
  EXPECT_EQ(counters().retransmitted, 1u);
}

// (c) A subscriber's PLI reaches the publisher as the worker's own PLI, throttled to one per
// ProducerEncoding::kKeyframeInterval; a request inside the interval is sent once it is over.
TEST_F(MediaWorkerTest, PliIsRelayedAndThrottled) {
  const uint32_t ssrc = a->client->videoSsrc();
  const size_t settled = settledPlis(*this, *a);
  ASSERT_TRUE(b->client->sendPli(b->videoDownlink));
  ASSERT_TRUE(b->client->sendPli(b->videoDownlink));
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(ssrc) == settled + 1; }));
  const Micros first = a->recorder.plis.back().second;
  // The second PLI came within the interval: nothing more for most of it...
  pumpUntil([&] { return a->recorder.plisFor(ssrc) > settled + 1; }, first + 250 * kMs - nowMicros());
  EXPECT_EQ(a->recorder.plisFor(ssrc), settled + 1);
  // ...then exactly one deferred request once it has passed.
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(ssrc) == settled + 2; }));
  EXPECT_GE(a->recorder.plis.back().second - first, ProducerEncoding::kKeyframeInterval - 100 * kMs);
  pumpFor(ProducerEncoding::kKeyframeInterval + 100 * kMs);
  EXPECT_EQ(a->recorder.plisFor(ssrc), settled + 2);
  // The PLI names alice's video and comes from the server, not from bob.
  EXPECT_EQ(b->recorder.plisFor(ssrc), 0u);
}

// (c) A PLI for an SSRC bob does not receive is ignored.
TEST_F(MediaWorkerTest, PliForUnknownSsrcIsIgnored) {
  const uint32_t ssrc = a->client->videoSsrc();
  const size_t settled = settledPlis(*this, *a);
  ASSERT_TRUE(b->client->sendPli(0x12345678));
  b->client->flush();
  pumpFor(ProducerEncoding::kKeyframeInterval + 100 * kMs);
  EXPECT_EQ(a->recorder.plisFor(ssrc), settled);
}

// (d) A new downlink of alice's video makes the worker ask alice for a keyframe.
TEST_F(MediaWorkerTest, NewDownlinkRequestsKeyframe) {
  const uint32_t ssrc = a->client->videoSsrc();
  const size_t settled = settledPlis(*this, *a);
  onWorker([&] {
    worker->addDownlink(kRoom, {b->id, a->id, MediaKind::Video, "5", 0x5555AAAA});
    return 0;
  });
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(ssrc) == settled + 1; }));
  EXPECT_GE(counters().keyframeRequests, settled + 1);
  // The new downlink is fed: alice's next video packet arrives on both of bob's video mids.
  send(*a, MediaKind::Video);
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(0x5555AAAA).size() == 1 && b->recorder.of(b->videoDownlink).size() == 1; }));
  EXPECT_EQ(midOf(b->recorder.of(0x5555AAAA)[0]), "5");
}

// (e) Transport-wide congestion control on uplinks (docs/protocol.md): every packet alice numbers
// is reported back in transport-cc feedback, the one lost on the way as missing, whatever the
// worker does with the packet itself; bob numbers nothing and gets no feedback.
TEST_F(MediaWorkerTest, NumberedUplinkPacketsAreAnsweredWithTransportCcFeedback) {
  const uint32_t ssrc = a->client->videoSsrc();
  std::set<uint16_t> sent;
  for (uint16_t i = 0; i < 10; ++i) {
    const auto number = static_cast<uint16_t>(65530 + i);  // across the wrap
    if (i == 4) continue;                                  // lost on the way
    const auto seqBytes = rtp::transportSeqBytes(number);
    const rtp::ExtensionElement ext[] = {{media::kExtTransportCc.id, seqBytes}};
    std::vector<uint8_t> out(100);
    out.resize(rtp::writeRtpHeader(out, {false, media::kVp8.payloadType, static_cast<uint16_t>(50 + i), 9000, ssrc}, ext));
    out.insert(out.end(), {0x90, 0x80, 0x01, 0x11, 0x00, 0x00});  // a delta frame
    ASSERT_TRUE(a->client->sendRtp(out));
    sent.insert(number);
  }
  // A bandwidth probe: padding only, on an RTX stream the worker has not latched. Dropped, but
  // reported, or the browser's estimate could never grow past 1.5 × what it sends.
  const auto probeBytes = rtp::transportSeqBytes(7);
  const rtp::ExtensionElement probeExt[] = {{media::kExtTransportCc.id, probeBytes}};
  std::vector<uint8_t> probe(100);
  probe.resize(rtp::writeRtpHeader(probe, {false, 97, 1, 9000, 0x0badf00d}, probeExt));
  probe.insert(probe.end(), {0, 0, 0, 4});
  probe[0] |= 0x20;  // RFC 3550 5.1: padding, the last byte its length
  ASSERT_TRUE(a->client->sendRtp(probe));
  sent.insert(7);
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.transportCcReceived.size() >= sent.size(); }));
  pumpFor(150 * kMs);
  const std::set<uint16_t> reported(a->recorder.transportCcReceived.begin(), a->recorder.transportCcReceived.end());
  EXPECT_EQ(reported, sent);
  EXPECT_EQ(a->recorder.transportCcReceived.size(), sent.size());  // each reported once
  EXPECT_GE(counters().transportFeedback, 1u);
  EXPECT_TRUE(b->recorder.transportCcReceived.empty());

  // Alice's own estimator sets her bit rate now: her next reports carry no REMB cap; bob, who
  // numbers nothing, still gets one.
  const size_t rembsBefore = a->recorder.rembs;
  const size_t reportsBefore = a->recorder.reports.size();
  send(*b, MediaKind::Video);
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.reports.size() > reportsBefore && b->recorder.rembs > 0; }));
  EXPECT_EQ(a->recorder.rembs, rembsBefore);
}

// (f) Downlinks (downlink_estimate.hpp): every packet the worker sends bob, audio and video
// alike, carries the next number of bob's transport; his transport-cc feedback on them is read.
TEST_F(MediaWorkerTest, DownlinkPacketsAreNumberedAndTheSubscribersFeedbackIsRead) {
  for (int i = 0; i < 3; ++i) {
    send(*a, MediaKind::Audio);
    for (size_t j = 0; j < client::VideoSource::kPacketsPerFrame; ++j) send(*a, MediaKind::Video);
  }
  a->client->flush();
  const size_t expected = 3 * (1 + client::VideoSource::kPacketsPerFrame);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.rtp.size() >= expected; }));
  std::vector<rtcp::PacketArrival> arrivals;
  std::set<uint16_t> numbers;
  for (const auto& bytes : b->recorder.rtp) {
    const auto packet = rtp::parseRtp(bytes);
    ASSERT_TRUE(packet);
    const auto ext = rtp::findExtension(*packet, media::kExtTransportCc.id);
    ASSERT_TRUE(ext) << "packet without a transport-wide number";
    numbers.insert(*rtp::readTransportSeq(*ext));
  }
  // One number per packet, from 0 on without a gap (UDP on loopback may reorder, not lose).
  ASSERT_EQ(numbers.size(), b->recorder.rtp.size());
  EXPECT_EQ(*numbers.begin(), 0);
  EXPECT_EQ(*numbers.rbegin(), numbers.size() - 1);

  for (size_t i = 0; i < numbers.size(); ++i) arrivals.push_back({true, static_cast<Micros>(i) * 1000});
  std::vector<uint8_t> feedback(1200);
  size_t consumed = 0;
  feedback.resize(rtcp::writeTransportCc(feedback, {b->client->videoSsrc(), b->videoDownlink, 0, 0}, arrivals,
                                         consumed));
  ASSERT_EQ(consumed, arrivals.size());
  ASSERT_TRUE(b->client->sendRtcp(feedback));
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return counters().downlinkFeedback == 1; }));
  EXPECT_EQ(counters().transportFeedback, 0u);  // neither of them numbers its uplink here
}

}  // namespace
}  // namespace vicos::sfu::test
