// Integration tests of simulcast uplinks over real UDP: a publisher's encodings are latched by
// their RID, reported on one by one, asked for keyframes one by one, and a downlink follows the
// live layers as one renumbered stream; the test client's own simulcast camera
// (ClientPeer::sendSimulcast) is understood by RID alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "client/media_source.hpp"
#include "client/simulcast_source.hpp"
#include "rtcp/sender_report.hpp"
#include "rtp/vp8_descriptor.hpp"
#include "sfu/media_worker_fixture.hpp"

namespace vicos::sfu::test {
namespace {

constexpr std::string_view kRids[] = {"q", "h", "f"};
constexpr uint32_t kLayerSsrc = 0xA1000000;  // + encoding index

class SimulcastUplinkTest : public MediaWorkerTest {
 protected:
  void SetUp() override {
    MediaWorkerTest::SetUp();
    // Alice's answer declares three camera encodings and names none of their SSRCs (Chromium).
    RemoteMediaParams params = remoteParamsOf(*a);
    auto& camera = params.uplinks[static_cast<size_t>(MediaKind::Video)];
    camera.clear();
    for (auto rid : kRids) camera.push_back({std::string(rid), std::nullopt, std::nullopt});
    onWorker([&] {
      worker->setRemote(kRoom, a->id, params);
      return 0;
    });
  }

  // One packet of layer `layer`; the first of each layer names its MID and RID.
  std::vector<uint8_t> sendLayer(size_t layer, uint16_t sequence) {
    const std::string rid(kRids[layer]);
    std::vector<rtp::ExtensionElement> extensions;
    if (sequence == 0) {
      extensions.push_back({media::kExtMid.id, Bytes(reinterpret_cast<const uint8_t*>("1"), 1)});
      extensions.push_back(
          {media::kExtRid.id, Bytes(reinterpret_cast<const uint8_t*>(rid.data()), rid.size())});
    }
    std::vector<uint8_t> out(200);
    const size_t n = rtp::writeRtpHeader(out,
                                         {true, media::kVp8.payloadType, sequence, 3000u * sequence,
                                          kLayerSsrc + static_cast<uint32_t>(layer)},
                                         extensions);
    out.resize(n);
    // A one-packet VP8 keyframe (RFC 7741 4.2 descriptor with a 7-bit PictureID, RFC 6386 9.1
    // frame tag and start code), its last byte naming the layer.
    out.insert(out.end(), {0x90, 0x80, static_cast<uint8_t>(sequence & 0x7f), 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a,
                           static_cast<uint8_t>(0x40 + layer)});
    EXPECT_TRUE(a->client->sendRtp(out));
    return out;
  }
};

// Bob's downlink starts on the layer live when it was added (none yet: the lowest), and once
// all three are live moves to the top one at its keyframe, timed by the layers' sender reports:
// one stream for bob, its sequence numbers without a gap.
TEST_F(SimulcastUplinkTest, EncodingsAreLatchedByRidAndTheDownlinkMovesUpToTheTopLayer) {
  const auto layerOf = [](const rtp::RtpView& p) { return p.payload.empty() ? -1 : p.payload.back() - 0x40; };
  uint16_t seq = 0;
  Micros lastRound = 0;
  ASSERT_TRUE(pumpUntil([&] {
    if (nowMicros() - lastRound < 20 * kMs) return false;  // 50 frames a second per layer
    lastRound = nowMicros();
    for (size_t layer = 0; layer < 3; ++layer) sendLayer(layer, seq);
    // Once the layers are latched: the sender reports that tie each layer's RTP clock to the same
    // wall clock (RFC 3550 6.4.1), without which no switch is timed.
    if (seq == 1)
      for (uint32_t layer = 0; layer < 3; ++layer) {
        std::vector<uint8_t> sr(64);
        sr.resize(rtcp::writeSenderReport(sr, {kLayerSsrc + layer, 0xe4a1b2c300000000ull, 0, 1, 100}, {}));
        EXPECT_TRUE(a->client->sendRtcp(sr));
      }
    ++seq;
    a->client->flush();
    const auto got = b->recorder.of(b->videoDownlink);
    return !got.empty() && layerOf(got.back()) == 2;
  }, 4'000 * kMs));
  const auto got = b->recorder.of(b->videoDownlink);
  EXPECT_EQ(layerOf(got.front()), 0);
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_EQ(got[i].sequence, static_cast<uint16_t>(got[i - 1].sequence + 1)) << i;
    EXPECT_GE(layerOf(got[i]), layerOf(got[i - 1])) << i;  // never back down while all are live
    EXPECT_EQ(got[i].ssrc, b->videoDownlink);
  }
  EXPECT_EQ(counters().rtpReceived, 3u * seq);
  EXPECT_EQ(drops().total(), 0u);
}

TEST_F(SimulcastUplinkTest, EveryEncodingGetsAReportBlockAndItsOwnKeyframeRequests) {
  for (size_t layer = 0; layer < 3; ++layer) sendLayer(layer, 0);
  a->client->flush();
  // Receiver reports name each encoding's SSRC, so that browsers stop sending MID and RID.
  const auto reportsAll = [&] {
    for (const auto& ssrcs : a->recorder.reports) {
      size_t named = 0;
      for (uint32_t layer = 0; layer < 3; ++layer)
        named += std::count(ssrcs.begin(), ssrcs.end(), kLayerSsrc + layer);
      if (named == 3) return true;
    }
    return false;
  };
  ASSERT_TRUE(pumpUntil(reportsAll, 3'000 * kMs));
  // Bob's keyframe request reaches the encoding his downlink carries (the lowest: nothing was live
  // when his downlink was added). Besides, the downlink asks the top layer for the keyframe
  // it waits for to move up; the middle layer is asked for nothing.
  const size_t before = a->recorder.plisFor(kLayerSsrc);
  const size_t middle = a->recorder.plisFor(kLayerSsrc + 1);
  ASSERT_TRUE(b->client->sendPli(b->videoDownlink));
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(kLayerSsrc) > before; }));
  pumpFor(100 * kMs);
  EXPECT_EQ(a->recorder.plisFor(kLayerSsrc + 1), middle);
}

// Whether `packet` is the test client's VP8 packet: descriptor, frame tag (and key frame header)
// on a frame's first packet, then client::fillPattern of `ssrc` and the sequence number it was
// sent with (the downlink renumbers it).
bool carriesPattern(const rtp::RtpView& packet, uint32_t ssrc, uint16_t sentSequence) {
  const auto d = rtp::parseVp8Descriptor(packet.payload);
  if (!d) return false;
  const size_t start = d->size + (d->startOfPartition ? (rtp::isVp8Keyframe(packet.payload) ? 10 : 3) : 0);
  if (packet.payload.size() < start) return false;
  std::vector<uint8_t> expected(packet.payload.size() - start);
  client::fillPattern(expected, ssrc, sentSequence);
  return std::equal(expected.begin(), expected.end(), packet.payload.begin() + static_cast<ptrdiff_t>(start));
}

TEST_F(SimulcastUplinkTest, TheTestClientsSimulcastIsLatchedByRidAlone) {
  // Five frames of the profile's three layers; the answer named no SSRC (SetUp), so only the
  // MID and RID on the packets tell the worker which encoding each SSRC is.
  client::SimulcastSource& camera = a->client->simulcast();
  const uint32_t q = camera.encoding(0).ssrc();
  const uint16_t firstQ = camera.encoding(0).nextSequence();
  constexpr size_t kFrames = 5;
  for (size_t frame = 0; frame < kFrames; ++frame) {
    for (size_t i = 0; i < camera.packetsPerFrame(); ++i) ASSERT_TRUE(a->client->sendSimulcast());
    a->client->flush();
  }
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == kFrames; }));
  pumpFor(100 * kMs);
  // Bob's downlink was added when nothing was live, so it starts on the lowest layer, q (one
  // packet a frame), renumbered; without sender reports it cannot move up.
  const auto got = b->recorder.of(b->videoDownlink);
  ASSERT_EQ(got.size(), kFrames);
  constexpr uint8_t kTids[] = {0, 2, 1, 2, 0};
  for (size_t i = 0; i < kFrames; ++i) {
    EXPECT_EQ(got[i].sequence, static_cast<uint16_t>(got[0].sequence + i));
    EXPECT_TRUE(carriesPattern(got[i], q, static_cast<uint16_t>(firstQ + i))) << i;
    const auto d = rtp::parseVp8Descriptor(got[i].payload);
    ASSERT_TRUE(d && d->hasTid);
    EXPECT_EQ(d->tid, kTids[i]);
  }
  EXPECT_TRUE(rtp::isVp8Keyframe(got[0].payload));
  EXPECT_EQ(counters().rtpReceived, kFrames * camera.packetsPerFrame());
  EXPECT_EQ(drops().total(), 0u);
  // Each encoding was latched: the receiver reports name all three SSRCs.
  const auto reportsAll = [&] {
    for (const auto& ssrcs : a->recorder.reports) {
      size_t named = 0;
      for (size_t e = 0; e < client::SimulcastSource::kEncodings; ++e)
        named += std::count(ssrcs.begin(), ssrcs.end(), camera.encoding(e).ssrc());
      if (named == client::SimulcastSource::kEncodings) return true;
    }
    return false;
  };
  EXPECT_TRUE(pumpUntil(reportsAll, 3'000 * kMs));
}

TEST_F(SimulcastUplinkTest, AnUnknownRidIsDroppedAndCounted) {
  std::vector<uint8_t> out(200);
  const std::string rid = "x";
  const std::vector<rtp::ExtensionElement> extensions{
      {media::kExtMid.id, Bytes(reinterpret_cast<const uint8_t*>("1"), 1)},
      {media::kExtRid.id, Bytes(reinterpret_cast<const uint8_t*>(rid.data()), rid.size())}};
  out.resize(rtp::writeRtpHeader(out, {true, media::kVp8.payloadType, 1, 1, 0xA1F00000}, extensions));
  out.push_back(0x10);
  ASSERT_TRUE(a->client->sendRtp(out));
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return drops()[Drop::UnknownRid] == 1; }));
  EXPECT_EQ(counters().rtpReceived, 0u);
}

}  // namespace
}  // namespace vicos::sfu::test
