// VideoForwarding over a real Producer: layer choice by liveness, continuous numbering across a
// switch, and retransmissions rebuilt byte for byte from the producer's cache.
#include "sfu/video_forwarding.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "sfu/producer.hpp"
#include "sfu/vp8_test_stream.hpp"

namespace vicos::sfu {
namespace {

constexpr Micros kFrame = 33'333;
constexpr uint32_t kOurSsrc = 0x5eed0001;

struct Sent {
  std::vector<uint8_t> bytes;
  rtp::RtpView view() const { return *rtp::parseRtp(bytes); }
};

class VideoForwardingTest : public ::testing::Test {
 protected:
  // Frame `n` of the given encodings arrives at the producer and goes through the consumer.
  void play(uint32_t n, std::initializer_list<uint8_t> encodings, bool keyframe = false) {
    const Micros now = n * kFrame;
    for (uint8_t e : encodings) {
      producer.encoding(e).onSenderReport(streams[e].ssrc(), streams[e].clockAt(n).ntp,
                                          streams[e].clockAt(n).rtpTimestamp, now);
      for (const auto& p : streams[e].frame(n, keyframe)) {
        producer.onPacket(e, p.view(), now);
        const auto clocks = layerClocks(producer);
        SwitchDecision decision;
        std::vector<uint8_t> out(1500);
        const size_t size =
            forwarding.forward(e, p.view(), kOurSsrc, {}, transportSeq, clocks, now, out, decision);
        if (size == 0) continue;
        out.resize(size);
        sent.push_back({out});
        ++transportSeq;
        encodingOf.push_back(e);
        inputSequence.push_back(p.view().sequence);
      }
    }
  }

  std::mt19937 rng{7};
  std::vector<test::Vp8TestStream> streams{{0, rng, 2, false}, {1, rng, 2, false}, {2, rng, 2, false}};
  Producer producer{MediaKind::Video};
  VideoForwarding forwarding{{0x1000, 0x20000000, 100, 5}};
  uint16_t transportSeq = 0xfffe;  // the subscriber's transport-wide numbers, across their wrap
  std::vector<Sent> sent;
  std::vector<uint8_t> encodingOf;
  std::vector<uint16_t> inputSequence;
};

TEST_F(VideoForwardingTest, StartsOnTheHighestLiveEncodingAtItsKeyframe) {
  play(0, {0, 1, 2});  // no keyframe yet: nothing goes out, but the layers are live
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(forwarding.chooseLayer(producer, kFrame), 2);  // waits for the top layer's keyframe
  play(1, {0, 1, 2}, true);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(encodingOf[0], 2);
  EXPECT_EQ(sent[0].view().sequence, 0x1000);
  EXPECT_EQ(sent[0].view().timestamp, 0x20000000u);
  EXPECT_EQ(sent[0].view().ssrc, kOurSsrc);
  EXPECT_EQ(forwarding.encoding(), 2);
}

TEST_F(VideoForwardingTest, AStalledLayerGivesWayToTheNextLiveOneWithContinuousNumbers) {
  forwarding.chooseLayer(producer, 0);
  play(0, {0, 1, 2});
  forwarding.chooseLayer(producer, kFrame);
  play(1, {0, 1, 2}, true);
  for (uint32_t n = 2; n < 10; ++n) play(n, {0, 1, 2});
  const size_t before = sent.size();
  // The top layer stops (the publisher's uplink got worse); after a second it is no longer live.
  for (uint32_t n = 10; n < 45; ++n) play(n, {0, 1});
  EXPECT_EQ(sent.size(), before);  // still waiting: no switch without choosing
  EXPECT_EQ(forwarding.chooseLayer(producer, 45 * kFrame), 1);
  play(45, {0, 1}, true);
  ASSERT_GT(sent.size(), before);
  EXPECT_EQ(encodingOf[before], 1);
  // One continuous stream for the subscriber: sequence numbers without a gap, time moving on.
  for (size_t i = 1; i < sent.size(); ++i)
    EXPECT_EQ(static_cast<uint16_t>(sent[i - 1].view().sequence + 1), sent[i].view().sequence) << i;
  const uint32_t gap = sent[before].view().timestamp - sent[before - 1].view().timestamp;
  EXPECT_GE(gap, 35u * test::kFrameTicks);
}

TEST_F(VideoForwardingTest, TheSubscribersShareCapsTheLayerAndTheLowestLiveOneIsTheFloor) {
  play(0, {0, 1, 2});
  EXPECT_EQ(forwarding.chooseLayer(producer, kFrame, 1), 1);
  play(1, {0, 1, 2}, true);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(encodingOf.back(), 1);
  EXPECT_EQ(forwarding.chooseLayer(producer, 2 * kFrame, 0), 0);  // the estimate fell
  // Only the top layer sends (the publisher's own estimate cut the others): it is the floor.
  for (uint32_t n = 2; n < 45; ++n) play(n, {2});
  EXPECT_EQ(forwarding.chooseLayer(producer, 45 * kFrame, 0), 2);
}

TEST_F(VideoForwardingTest, ProbePaddingGoesBetweenFramesAndTheStreamContinuesAfterIt) {
  std::vector<uint8_t> out(1500);
  EXPECT_EQ(forwarding.padding(kOurSsrc, {}, 7, 240, out), 0u);  // nothing forwarded yet
  play(0, {0, 1, 2});
  forwarding.chooseLayer(producer, kFrame);
  play(1, {0, 1, 2}, true);
  ASSERT_TRUE(sent.back().view().marker);
  const rtp::RtpView last = sent.back().view();
  const size_t size = forwarding.padding(kOurSsrc, {}, 7, 240, out);
  ASSERT_GT(size, 240u);
  out.resize(size);
  const auto pad = rtp::parseRtp(out);
  ASSERT_TRUE(pad);
  EXPECT_TRUE(out[0] & 0x20);  // RFC 3550 5.1: P
  EXPECT_TRUE(pad->payload.empty());
  EXPECT_EQ(pad->sequence, static_cast<uint16_t>(last.sequence + 1));
  EXPECT_EQ(pad->timestamp, last.timestamp);
  EXPECT_EQ(pad->ssrc, kOurSsrc);
  EXPECT_EQ(rtp::readTransportSeq(*rtp::findExtension(*pad, media::kExtTransportCc.id)), 7);
  // The next frame follows the padding without a gap; a NACK for the padding finds nothing.
  play(2, {0, 1, 2});
  EXPECT_EQ(sent.back().view().timestamp - last.timestamp, test::kFrameTicks);
  std::vector<uint8_t> again(1500);
  EXPECT_EQ(forwarding.retransmission(pad->sequence, producer, kOurSsrc, {}, again), 0u);
  const auto firstAfter = std::find_if(sent.begin(), sent.end(), [&](const Sent& p) {
    return p.view().timestamp != last.timestamp && p.view().timestamp - last.timestamp < 0x80000000u;
  });
  ASSERT_NE(firstAfter, sent.end());
  EXPECT_EQ(firstAfter->view().sequence, static_cast<uint16_t>(pad->sequence + 1));
}

TEST_F(VideoForwardingTest, NoPaddingInsideAFrame) {
  play(0, {0, 1, 2});
  forwarding.chooseLayer(producer, kFrame);
  // The keyframe's first packet only: the frame is not complete.
  const auto packets = streams[2].frame(1, true);
  ASSERT_GT(packets.size(), 1u);
  producer.onPacket(2, packets[0].view(), kFrame);
  SwitchDecision decision;
  std::vector<uint8_t> out(1500);
  ASSERT_GT(forwarding.forward(2, packets[0].view(), kOurSsrc, {}, 1, layerClocks(producer), kFrame, out, decision),
            0u);
  EXPECT_EQ(forwarding.padding(kOurSsrc, {}, 2, 240, out), 0u);
}

TEST_F(VideoForwardingTest, ARetransmissionIsTheFirstTransmissionByteForByte) {
  play(0, {0, 1, 2});
  forwarding.chooseLayer(producer, kFrame);
  play(1, {0, 1, 2}, true);
  for (uint32_t n = 2; n < 6; ++n) play(n, {0, 1, 2});
  ASSERT_EQ(encodingOf.front(), 2);
  std::vector<uint8_t> again(1500);
  // Each carries its own transport-wide number, and its retransmission the same one: the same
  // plaintext under the same SRTP nonce.
  const auto seqOf = [](const rtp::RtpView& v) {
    return rtp::readTransportSeq(*rtp::findExtension(v, media::kExtTransportCc.id));
  };
  EXPECT_EQ(seqOf(sent[0].view()), 0xfffe);
  EXPECT_EQ(seqOf(sent[3].view()), 0x0001);
  for (const auto& first : sent) {
    const size_t size = forwarding.retransmission(first.view().sequence, producer, kOurSsrc, {}, again);
    ASSERT_EQ(size, first.bytes.size());
    EXPECT_EQ(std::vector<uint8_t>(again.begin(), again.begin() + static_cast<long>(size)), first.bytes);
  }
  // A number never sent, and one whose input a new stream of the encoding has replaced, are refused.
  EXPECT_EQ(forwarding.retransmission(static_cast<uint16_t>(sent.back().view().sequence + 1), producer,
                                      kOurSsrc, {}, again),
            0u);
  // The publisher renews the top layer's SSRC and its new packets reuse the old numbers: the
  // cache slots now hold other bytes, so the old packets cannot be rebuilt.
  streams[2].setSsrc(0xabcdef01);
  streams[2].setSequence(inputSequence.front());
  play(6, {2});
  EXPECT_EQ(forwarding.retransmission(sent.front().view().sequence, producer, kOurSsrc, {}, again), 0u);
}

}  // namespace
}  // namespace vicos::sfu
