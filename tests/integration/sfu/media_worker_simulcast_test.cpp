// Integration tests of simulcast uplinks over real UDP: a publisher's encodings are latched by
// their RID, reported on one by one, and asked for keyframes one by one.
#include <gtest/gtest.h>

#include <algorithm>

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
    out.insert(out.end(), {0x90, 0x80, static_cast<uint8_t>(layer), 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a});
    EXPECT_TRUE(a->client->sendRtp(out));
    return out;
  }
};

TEST_F(SimulcastUplinkTest, EncodingsAreLatchedByRidAndTheLowestIsForwarded) {
  std::vector<std::vector<uint8_t>> sent[3];
  for (uint16_t seq = 0; seq < 3; ++seq)
    for (size_t layer = 0; layer < 3; ++layer) sent[layer].push_back(sendLayer(layer, seq));
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == 3; }));
  pumpFor(100 * kMs);
  // Until simulcast consumers choose (S15), every downlink carries the lowest encoding.
  const auto got = b->recorder.of(b->videoDownlink);
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < got.size(); ++i) {
    const auto original = rtp::parseRtp(sent[0][i]);
    EXPECT_EQ(got[i].sequence, original->sequence);
    EXPECT_TRUE(std::equal(got[i].payload.begin(), got[i].payload.end(), original->payload.begin(),
                           original->payload.end()));
  }
  EXPECT_EQ(counters().rtpReceived, 9u);
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
  // Bob's keyframe request reaches the encoding his downlink carries, and no other.
  const size_t before = a->recorder.plis.size();
  ASSERT_TRUE(b->client->sendPli(b->videoDownlink));
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(kLayerSsrc) > 0; }));
  pumpFor(100 * kMs);
  for (size_t i = before; i < a->recorder.plis.size(); ++i) EXPECT_EQ(a->recorder.plis[i].first, kLayerSsrc);
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
