// Producer and ProducerEncoding: statistics, caches and keyframe throttles kept per encoding.
#include "sfu/producer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "rtp/rtp_extensions.hpp"

namespace vicos::sfu {
namespace {

std::vector<uint8_t> packet(uint32_t ssrc, uint16_t sequence) {
  std::vector<uint8_t> out(64);
  const size_t n = rtp::writeRtpHeader(out, {false, 96, sequence, 9000, ssrc}, {});
  out.resize(n);
  out.push_back(0x10);
  return out;
}

void receive(Producer& producer, size_t encoding, uint32_t ssrc, uint16_t sequence, Micros now) {
  const auto bytes = packet(ssrc, sequence);
  producer.onPacket(encoding, *rtp::parseRtp(bytes), now);
}

TEST(Producer, EachEncodingKeepsItsOwnStreamStatisticsAndCache) {
  Producer camera(MediaKind::Video);
  receive(camera, 0, 0xA0, 100, 1000);
  receive(camera, 2, 0xA2, 5000, 1000);
  receive(camera, 2, 0xA2, 5001, 2000);
  EXPECT_EQ(camera.encoding(0).ssrc(), 0xA0u);
  EXPECT_EQ(camera.encoding(2).ssrc(), 0xA2u);
  EXPECT_FALSE(camera.encoding(1).ssrc());
  EXPECT_EQ(camera.encoding(0).packetsReceived(), 1u);
  EXPECT_EQ(camera.encoding(2).packetsReceived(), 2u);
  EXPECT_EQ(camera.encoding(2).highestSequence(), 5001);
  EXPECT_EQ(camera.encoding(2).stats()->ssrc(), 0xA2u);
  // NACK caches: per encoding, and none for an encoding that never sent.
  ASSERT_NE(camera.encoding(2).cache(), nullptr);
  EXPECT_TRUE(camera.encoding(2).cache()->find(5001));
  EXPECT_FALSE(camera.encoding(0).cache()->find(5001));
  EXPECT_EQ(camera.encoding(1).cache(), nullptr);
  EXPECT_EQ(camera.encodingBySsrc(0xA2), &camera.encoding(2));
  EXPECT_EQ(camera.encodingBySsrc(0xB0), nullptr);
}

TEST(Producer, AudioKeepsNoCache) {
  Producer microphone(MediaKind::Audio);
  receive(microphone, 0, 0xC0, 1, 1000);
  EXPECT_EQ(microphone.encoding(0).cache(), nullptr);
  EXPECT_NE(microphone.encoding(0).stats(), nullptr);
}

TEST(Producer, ANewSsrcRestartsAnEncodingsStream) {
  Producer camera(MediaKind::Video);
  receive(camera, 0, 0xA0, 100, 1000);
  camera.encoding(0).onSenderReport(0xA0, 1ull << 32, 9000, 1000);
  ASSERT_TRUE(camera.encoding(0).senderClock());
  receive(camera, 0, 0xA9, 7, 2000);
  EXPECT_EQ(camera.encoding(0).ssrc(), 0xA9u);
  EXPECT_EQ(camera.encoding(0).packetsReceived(), 1u);
  EXPECT_FALSE(camera.encoding(0).senderClock());  // the old stream's clock says nothing of the new
  EXPECT_EQ(camera.encoding(0).stats()->ssrc(), 0xA9u);
}

TEST(Producer, SenderReportsOfTheRtxStreamFeedOnlyItsStatistics) {
  Producer camera(MediaKind::Video);
  receive(camera, 1, 0xA1, 100, 1000);
  const auto rtx = packet(0xB1, 1);
  camera.encoding(1).onRtxPacket(*rtp::parseRtp(rtx), camera.clockRate(), 1000);
  EXPECT_EQ(camera.encodingBySsrc(0xB1), &camera.encoding(1));
  camera.encoding(1).onSenderReport(0xB1, 1ull << 32, 9000, 1000);
  EXPECT_FALSE(camera.encoding(1).senderClock());
  ASSERT_NE(camera.encoding(1).rtxStats(), nullptr);
  EXPECT_EQ(camera.encoding(1).rtxStats()->ssrc(), 0xB1u);
}

TEST(Producer, KeyframeRequestsAreThrottledPerEncoding) {
  Producer camera(MediaKind::Video);
  receive(camera, 0, 0xA0, 1, 0);
  receive(camera, 1, 0xA1, 1, 0);
  EXPECT_FALSE(camera.encoding(2).takeKeyframeRequest(0));  // no SSRC yet: nobody to ask
  EXPECT_TRUE(camera.encoding(0).takeKeyframeRequest(1'000'000));
  EXPECT_FALSE(camera.encoding(0).takeKeyframeRequest(1'100'000));  // throttled, but remembered
  EXPECT_TRUE(camera.encoding(0).keyframeWanted());
  EXPECT_TRUE(camera.encoding(1).takeKeyframeRequest(1'100'000));  // another encoding is not throttled
  EXPECT_TRUE(camera.encoding(0).takeKeyframeRequest(1'000'000 + ProducerEncoding::kKeyframeInterval));
  camera.wantKeyframe();
  EXPECT_TRUE(camera.encoding(0).keyframeWanted());
  EXPECT_TRUE(camera.encoding(2).keyframeWanted());
}

TEST(Producer, AnSsrcNamedByTheAnswerCanBeAskedForAKeyframeBeforeItsFirstPacket) {
  Producer camera(MediaKind::Video);
  camera.encoding(0).expect(0xA0, 0xB0);
  EXPECT_EQ(camera.encodingBySsrc(0xA0), &camera.encoding(0));
  EXPECT_EQ(camera.encoding(0).stats(), nullptr);  // nothing received yet: no report block
  EXPECT_TRUE(camera.encoding(0).takeKeyframeRequest(1'000'000));
  receive(camera, 0, 0xA0, 7, 2000);
  ASSERT_NE(camera.encoding(0).stats(), nullptr);
  EXPECT_EQ(camera.encoding(0).packetsReceived(), 1u);
  camera.encoding(0).expect(0xA0, std::nullopt);  // the same answer again changes nothing
  EXPECT_EQ(camera.encoding(0).packetsReceived(), 1u);
  EXPECT_EQ(camera.encoding(0).rtxSsrc(), 0xB0u);
}

}  // namespace
}  // namespace vicos::sfu
