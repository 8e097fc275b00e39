// Integration tests of simulcast uplinks over real UDP: a publisher's encodings are latched by
// their RID, reported on one by one, asked for keyframes one by one, and a downlink follows the
// live layers as one renumbered stream.
#include <gtest/gtest.h>

#include <algorithm>

#include "rtcp/sender_report.hpp"
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
