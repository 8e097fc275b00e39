// Tests of simulcast switching and temporal-layer filtering over scripted VP8 encodings: the
// output a subscriber sees stays one continuous VP8 stream, and retransmissions are identical.
#include "sfu/simulcast_switch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "common/seq_num.hpp"
#include "sfu/send_history.hpp"
#include "sfu/vp8_test_stream.hpp"

namespace vicos::sfu {
namespace {

using test::TestPacket;
using test::Vp8TestStream;

constexpr uint32_t kOutSsrc = 0x5eed5eed;
constexpr Micros kFrameMicros = 33'333;

struct Sent {
  TestPacket in;
  SwitchDecision decision;
  std::vector<uint8_t> out;
};

// A consumer around the switch: the producer's caches, the send history, what was sent.
class Harness {
 public:
  explicit Harness(StreamRewriter::Start start = {0x1000, 0x20000000, 0x0100, 0x30}) : mSwitch(start) {}

  SimulcastSwitch& sw() { return mSwitch; }
  std::array<LayerClock, 3>& clocks() { return mClocks; }
  const std::vector<Sent>& sent() const { return mSent; }
  std::map<SwitchDrop, int>& drops() { return mDrops; }

  SwitchDecision feed(const TestPacket& p, Micros arrival) {
    mCache[{p.encoding, p.view().sequence}] = p.bytes;
    const auto view = p.view();
    const auto d = mSwitch.onPacket(p.encoding, view, arrival, mClocks);
    if (d.forward) {
      mSent.push_back({p, d, test::buildOutput(view, d.mapping, kOutSsrc)});
      mHistory.record({p.encoding, view.ssrc, view.sequence, d.mapping, std::nullopt});
    } else {
      ++mDrops[d.drop];
    }
    return d;
  }

  // What a NACK for output sequence number `sequence` makes us send, if anything.
  std::optional<std::vector<uint8_t>> retransmit(uint16_t sequence) const {
    const auto record = mHistory.find(sequence);
    if (!record) return std::nullopt;
    const auto cached = mCache.find({record->encoding, record->inputSequence});
    if (cached == mCache.end()) return std::nullopt;
    const auto view = rtp::parseRtp(cached->second);
    if (!view || view->ssrc != record->inputSsrc) return std::nullopt;
    return test::buildOutput(*view, record->mapping, kOutSsrc);
  }

 private:
  SimulcastSwitch mSwitch;
  std::array<LayerClock, 3> mClocks{};
  SendHistory mHistory;
  std::map<std::pair<uint8_t, uint16_t>, std::vector<uint8_t>> mCache;
  std::vector<Sent> mSent;
  std::map<SwitchDrop, int> mDrops;
};

// Three encodings on one frame clock, fed frame by frame (encoding 0, 1, 2); a wanted keyframe
// arrives two frames after the switch asks for it; sender reports every 30 frames.
struct Simulcast {
  explicit Simulcast(uint32_t seed, bool temporal = true) : rng(seed) {
    for (uint8_t e = 0; e < 3; ++e) streams.emplace_back(e, rng, 2 + e, temporal);
  }

  void run(Harness& h, uint32_t from, uint32_t to) {
    for (uint32_t f = from; f < to; ++f) {
      if (f % 30 == 0)
        for (uint8_t e = 0; e < 3; ++e) h.clocks()[e] = streams[e].clockAt(f);
      const auto wanted = h.sw().keyframeWanted();
      if (wanted && keyframeAt[*wanted] < f) keyframeAt[*wanted] = f + 2;
      for (uint8_t e = 0; e < 3; ++e) {
        const bool key = f == 0 || keyframeAt[e] == f;
        for (const auto& p : streams[e].frame(f, key)) h.feed(p, f * kFrameMicros);
      }
    }
  }

  std::mt19937 rng;
  std::vector<Vp8TestStream> streams;
  std::array<uint32_t, 3> keyframeAt{};
};

struct OutIds {
  uint16_t sequence;
  uint32_t timestamp;
  uint16_t pictureId;
  bool hasTl0;
  uint8_t tl0;
  uint8_t tid;
};

OutIds idsOf(const std::vector<uint8_t>& out) {
  const auto view = rtp::parseRtp(out);
  EXPECT_TRUE(view);
  const auto d = rtp::parseVp8Descriptor(view->payload);
  EXPECT_TRUE(d);
  return {view->sequence, view->timestamp, d->pictureId, d->hasTl0PicIdx, d->tl0PicIdx, d->tid};
}

// The invariants of one continuous VP8 stream over packets sent in order: sequence numbers +1
// (+2 only where a switch cut a frame), whole frames only, timestamps rising per frame, PictureID
// +1 per frame, TL0PICIDX +1 per TL0 frame, a keyframe first after every switch, and each
// payload the one of the encoding switched to.
void expectContinuous(const std::vector<Sent>& sent) {
  ASSERT_FALSE(sent.empty());
  ASSERT_TRUE(sent[0].decision.switched);
  uint8_t encoding = sent[0].in.encoding;
  int tl0Frames = 0;
  uint8_t tl0 = 0;
  for (size_t i = 0; i < sent.size(); ++i) {
    const Sent& s = sent[i];
    const OutIds now = idsOf(s.out);
    const auto inView = s.in.view();
    const size_t descriptor = rtp::parseVp8Descriptor(inView.payload)->size;
    EXPECT_TRUE(std::ranges::equal(rtp::parseRtp(s.out)->payload.subspan(descriptor),
                                   inView.payload.subspan(descriptor)))
        << i;
    if (s.decision.switched) {
      EXPECT_TRUE(s.in.keyframe && s.in.firstOfFrame) << i;
      encoding = s.in.encoding;
    }
    EXPECT_EQ(s.in.encoding, encoding) << i;
    if (now.hasTl0 && now.tid == 0 && s.in.firstOfFrame) {
      if (tl0Frames++ > 0) {
        EXPECT_EQ(now.tl0, static_cast<uint8_t>(tl0 + 1)) << i;
      }
      tl0 = now.tl0;
    } else if (now.hasTl0) {
      EXPECT_EQ(now.tl0, tl0) << i;
    }
    if (i == 0) continue;
    const Sent& p = sent[i - 1];
    const OutIds before = idsOf(p.out);
    const bool cut = s.decision.switched && !p.in.lastOfFrame;
    EXPECT_EQ(static_cast<uint16_t>(now.sequence - before.sequence), cut ? 2 : 1) << i;
    if (s.in.firstOfFrame) {
      EXPECT_TRUE(p.in.lastOfFrame || s.decision.switched) << i;
      EXPECT_GT(static_cast<int32_t>(now.timestamp - before.timestamp), 0) << i;
      EXPECT_EQ(now.pictureId, (before.pictureId + 1) & 0x7fff) << i;
    } else {
      EXPECT_EQ(now.timestamp, before.timestamp) << i;
      EXPECT_EQ(now.pictureId, before.pictureId) << i;
    }
  }
}

std::vector<uint8_t> switchOrder(const std::vector<Sent>& sent) {
  std::vector<uint8_t> order;
  for (const auto& s : sent)
    if (s.decision.switched) order.push_back(s.in.encoding);
  return order;
}

TEST(SimulcastSwitch, StartsAtTheFirstKeyframeWithTheRandomStarts) {
  Harness h({0xabcd, 0x12345678, 0x7ffe, 0xfe});
  std::mt19937 rng(1);
  Vp8TestStream s(1, rng, 2);
  h.sw().setTarget(1, 2);
  EXPECT_EQ(h.sw().keyframeWanted(), 1);
  for (const auto& p : s.frame(0, false)) EXPECT_EQ(h.feed(p, 0).drop, SwitchDrop::WaitingKeyframe);
  const auto key = s.frame(1, true);
  const auto d = h.feed(key[0], kFrameMicros);  // no sender report needed for the very first
  ASSERT_TRUE(d.forward && d.switched);
  EXPECT_EQ(d.mapping, (RtpMapping{0xabcd, 0x12345678, true, true, 0x7ffe, 0xfe}));
  EXPECT_FALSE(h.sw().keyframeWanted());
  EXPECT_EQ(h.sw().currentEncoding(), 1);
}

TEST(SimulcastSwitch, UpAndDownSwitchesKeepOneContinuousStream) {
  for (const uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    Harness h;
    Simulcast sim(seed);
    h.sw().setTarget(0, 2);
    sim.run(h, 0, 30);
    h.sw().setTarget(2, 2);
    sim.run(h, 30, 60);
    h.sw().setTarget(1, 2);
    sim.run(h, 60, 90);
    h.sw().setTarget(0, 2);
    sim.run(h, 90, 120);
    EXPECT_EQ(switchOrder(h.sent()), (std::vector<uint8_t>{0, 2, 1, 0}));
    expectContinuous(h.sent());
    EXPECT_EQ(h.sw().currentEncoding(), 0);
    EXPECT_GT(h.drops()[SwitchDrop::NotCurrent], 0);
    EXPECT_GT(h.drops()[SwitchDrop::WaitingKeyframe], 0);
  }
}

TEST(SimulcastSwitch, TimestampsAlignBySenderReports) {
  Harness h;
  Simulcast sim(4);
  h.sw().setTarget(0, 2);
  sim.run(h, 0, 10);
  h.sw().setTarget(2, 2);
  sim.run(h, 10, 20);
  // The keyframe of frame 12 on encoding 2: frame 12 of encoding 0 was sent just before at the
  // same capture instant, so the keyframe goes one frame later, not at its SR-aligned time.
  const auto first =
      std::find_if(h.sent().begin(), h.sent().end(), [](const Sent& s) { return s.in.encoding == 2; });
  ASSERT_NE(first, h.sent().end());
  EXPECT_EQ(first->in.frame, 12u);
  const uint32_t frame12OfEncoding0 = idsOf(std::prev(first)->out).timestamp;
  EXPECT_EQ(idsOf(first->out).timestamp, frame12OfEncoding0 + test::kFrameTicks);
}

TEST(SimulcastSwitch, ACutFrameSkipsOneSequenceNumber) {
  Harness h;
  Simulcast sim(5);
  h.sw().setTarget(0, 2);
  sim.run(h, 0, 30);
  h.sw().setTarget(2, 2);
  ASSERT_EQ(h.sw().keyframeWanted(), 2);
  const auto low = sim.streams[0].frame(30, false);
  const auto key = sim.streams[2].frame(30, true);
  h.clocks()[0] = sim.streams[0].clockAt(30);
  h.clocks()[2] = sim.streams[2].clockAt(30);
  const Micros t = 30 * kFrameMicros;
  ASSERT_TRUE(h.feed(low[0], t).forward);
  const uint16_t lastOld = h.sent().back().decision.mapping.sequence;
  const auto d = h.feed(key[0], t);  // before the old frame's last packet
  ASSERT_TRUE(d.switched);
  EXPECT_EQ(d.mapping.sequence, static_cast<uint16_t>(lastOld + 2));
  EXPECT_EQ(h.feed(low[1], t).drop, SwitchDrop::NotCurrent);  // the old encoding after the switch
  for (size_t i = 1; i < key.size(); ++i) EXPECT_TRUE(h.feed(key[i], t).forward);
  expectContinuous(h.sent());
}

TEST(SimulcastSwitch, APausedStreamResumesAtAKeyframeWhereTheTimePassedPutsIt) {
  Harness h;
  Simulcast sim(6);
  h.sw().setTarget(1, 2);
  sim.run(h, 0, 30);
  const size_t before = h.sent().size();
  const Sent last = h.sent().back();
  h.sw().setPaused(true);
  EXPECT_FALSE(h.sw().keyframeWanted());
  EXPECT_FALSE(h.sw().currentEncoding());
  EXPECT_FALSE(h.sw().insertPadding());
  sim.run(h, 30, 60);
  EXPECT_EQ(h.sent().size(), before);
  EXPECT_GT(h.drops()[SwitchDrop::Paused], 0);
  h.sw().setPaused(false);
  EXPECT_EQ(h.sw().keyframeWanted(), 1);
  sim.run(h, 60, 90);
  ASSERT_GT(h.sent().size(), before);
  const Sent& resumed = h.sent()[before];
  EXPECT_TRUE(resumed.decision.switched);
  EXPECT_EQ(resumed.in.frame, 62u);  // the keyframe asked for at frame 60
  // Its timestamp is as far after the last one sent as the frames that passed (by arrival time,
  // to a tick).
  const double passed = (62 - last.in.frame) * test::kFrameTicks;
  EXPECT_NEAR(idsOf(resumed.out).timestamp - idsOf(last.out).timestamp, passed, 2);
  expectContinuous(h.sent());
}

TEST(SimulcastSwitch, RetransmissionsAreByteIdenticalAcrossSwitches) {
  Harness h;
  Simulcast sim(6);
  h.sw().setTarget(0, 2);
  sim.run(h, 0, 30);
  const Sent beforeSwitch = h.sent().back();
  h.sw().setTarget(2, 2);
  sim.run(h, 30, 60);
  h.sw().setTarget(1, 2);
  sim.run(h, 60, 70);
  ASSERT_EQ(switchOrder(h.sent()), (std::vector<uint8_t>{0, 2, 1}));
  // The rewriter's state changed twice since; the rebuilt packet must not.
  EXPECT_EQ(h.retransmit(beforeSwitch.decision.mapping.sequence), beforeSwitch.out);
  size_t checked = 0;
  for (const auto& s : h.sent()) {
    const auto again = h.retransmit(s.decision.mapping.sequence);
    if (!again) continue;
    EXPECT_EQ(*again, s.out);
    ++checked;
  }
  EXPECT_GT(checked, 200u);
  // A number never sent (the compacted or skipped ones do not exist) is refused.
  EXPECT_FALSE(h.retransmit(static_cast<uint16_t>(h.sent().back().decision.mapping.sequence + 1)));
  // 512 packets later the record is gone: refused, not rebuilt from other state.
  sim.run(h, 70, 240);
  EXPECT_FALSE(h.retransmit(beforeSwitch.decision.mapping.sequence));
}

TEST(SimulcastSwitch, NoSwitchBeforeBothEncodingsHaveASenderReport) {
  for (const uint8_t missing : {0, 2}) {
    SCOPED_TRACE(int{missing});
    Harness h;
    Simulcast sim(7);
    h.sw().setTarget(0, 2);
    sim.run(h, 0, 10);  // the very first switch needs none; the reports of frame 0 are set
    h.sw().setTarget(2, 2);
    h.clocks()[missing] = {};
    const auto key = sim.streams[2].frame(10, true);
    EXPECT_EQ(h.feed(key[0], 10 * kFrameMicros).drop, SwitchDrop::NoSenderReport);
    for (const auto& p : sim.streams[0].frame(10, false)) EXPECT_TRUE(h.feed(p, 10 * kFrameMicros).forward);
    // A report of another stream (its SSRC) does not count either.
    h.clocks()[missing] = sim.streams[1].clockAt(10);
    const auto key2 = sim.streams[2].frame(11, true);
    EXPECT_EQ(h.feed(key2[0], 11 * kFrameMicros).drop, SwitchDrop::NoSenderReport);
    for (const auto& p : sim.streams[0].frame(11, false)) EXPECT_TRUE(h.feed(p, 11 * kFrameMicros).forward);
    h.clocks()[missing] = sim.streams[missing].clockAt(11);
    const auto key3 = sim.streams[2].frame(12, true);
    EXPECT_TRUE(h.feed(key3[0], 12 * kFrameMicros).switched);
    for (size_t i = 1; i < key3.size(); ++i) h.feed(key3[i], 12 * kFrameMicros);
    expectContinuous(h.sent());
  }
}

TEST(SimulcastSwitch, AKeyframeNeedingMoreThan75MsIsRefusedAndAnotherRequested) {
  const uint64_t ms = (1ull << 32) / 1000;
  for (const int skewMs : {40, 100}) {
    SCOPED_TRACE(skewMs);
    Harness h;
    Simulcast sim(8);
    h.sw().setTarget(0, 2);
    sim.run(h, 0, 10);
    h.sw().setTarget(2, 2);
    // Encoding 2's report says its frames were captured skewMs earlier than they were.
    h.clocks()[2].ntp -= skewMs * ms;
    const uint32_t last = h.sent().back().decision.mapping.timestamp;
    const auto key = sim.streams[2].frame(10, true);
    const auto d = h.feed(key[0], 10 * kFrameMicros);
    if (skewMs == 40) {
      // 3000 - 3600 ticks: 3600 added to keep one frame (33 ms) of rise, within 75 ms.
      ASSERT_TRUE(d.switched);
      EXPECT_EQ(d.mapping.timestamp, last + test::kFrameTicks);
      EXPECT_FALSE(d.requestKeyframe);
    } else {
      EXPECT_EQ(d.drop, SwitchDrop::TimestampGap);
      EXPECT_TRUE(d.requestKeyframe);
      EXPECT_EQ(h.sw().currentEncoding(), 0);
      EXPECT_EQ(h.sw().keyframeWanted(), 2);
    }
  }
}

// 30 fps with TID 0,2,1,2: TL0 alone is 7.5 fps, up to TL1 15 fps, everything 30 fps.
TEST(SimulcastSwitch, TemporalLayersGiveAQuarterHalfOrAllFrames) {
  for (const uint8_t temporal : {0, 1, 2}) {
    SCOPED_TRACE(int{temporal});
    Harness h;
    std::mt19937 rng(9);
    Vp8TestStream s(0, rng, 3);
    h.sw().setTarget(0, temporal);
    int frames = 0;
    for (uint32_t f = 0; f < 120; ++f)
      for (const auto& p : s.frame(f, f == 0))
        frames += h.feed(p, f * kFrameMicros).forward && p.firstOfFrame;
    EXPECT_EQ(frames, temporal == 0 ? 30 : temporal == 1 ? 60 : 120);
    expectContinuous(h.sent());
    EXPECT_EQ(h.drops()[SwitchDrop::TemporalLayer], (120 - frames) * 3);
  }
}

TEST(SimulcastSwitch, TemporalLayersChangeOnlyAtFrameStarts) {
  Harness h;
  std::mt19937 rng(10);
  Vp8TestStream s(0, rng, 3);
  h.sw().setTarget(0, 2);
  auto feedFrame = [&](uint32_t f, size_t untilPacket, auto&& between) {
    const auto packets = s.frame(f, f == 0);
    std::vector<bool> forwarded;
    for (size_t i = 0; i < packets.size(); ++i) {
      if (i == untilPacket) between();
      forwarded.push_back(h.feed(packets[i], f * kFrameMicros).forward);
    }
    return forwarded;
  };
  auto none = [] {};
  for (uint32_t f = 0; f < 5; ++f) feedFrame(f, 9, none);  // TID 0 2 1 2 0
  // Down to TL0 in the middle of frame 5 (TID 2): the frame is completed.
  EXPECT_EQ(feedFrame(5, 1, [&] { h.sw().setTarget(0, 0); }), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(feedFrame(6, 9, none), (std::vector<bool>{false, false, false}));  // TID 1
  // Up in the middle of frame 7 (TID 2, not a layer sync): that frame stays dropped.
  EXPECT_EQ(feedFrame(7, 1, [&] { h.sw().setTarget(0, 2); }), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(h.sw().currentTemporal(), 0);
  EXPECT_EQ(feedFrame(8, 9, none), (std::vector<bool>{true, true, true}));  // TL0: up
  EXPECT_EQ(h.sw().currentTemporal(), 2);
  EXPECT_EQ(feedFrame(9, 9, none), (std::vector<bool>{true, true, true}));
  // Frame 14 (TID 1) has Y=1: the layer sync that lets TL1 in.
  h.sw().setTarget(0, 0);
  for (uint32_t f = 10; f < 14; ++f) feedFrame(f, 9, none);  // TID 1 2 0 2: only frame 12
  h.sw().setTarget(0, 1);
  EXPECT_EQ(feedFrame(14, 9, none), (std::vector<bool>{true, true, true}));  // TID 1, Y=1
  EXPECT_EQ(h.sw().currentTemporal(), 1);
  EXPECT_EQ(feedFrame(15, 9, none), (std::vector<bool>{false, false, false}));  // TID 2
  expectContinuous(h.sent());
}

TEST(SimulcastSwitch, WithoutTemporalLayersEveryFrameIsTl0) {
  Harness h;
  Simulcast sim(11, false);  // as Firefox sends: no TID, no TL0PICIDX
  h.sw().setTarget(0, 0);
  sim.run(h, 0, 30);
  h.sw().setTarget(1, 0);
  sim.run(h, 30, 60);
  EXPECT_EQ(switchOrder(h.sent()), (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(h.drops()[SwitchDrop::TemporalLayer], 0);
  int frames = 0;
  for (const auto& s : h.sent()) frames += s.in.firstOfFrame;
  EXPECT_EQ(frames, 33 + 28);  // frames 0-32 of encoding 0 (32 precedes the keyframe), 32-59 of 1
  expectContinuous(h.sent());
}

TEST(SimulcastSwitch, SequenceNumbersWrapAt0xffff) {
  Harness h({0xfff0, 0, 0x7ff0, 0xf0});
  Simulcast sim(12);
  sim.streams[0].setSequence(0xfffa);
  sim.streams[2].setSequence(0xffe0);
  h.sw().setTarget(0, 0);
  sim.run(h, 0, 40);
  h.sw().setTarget(2, 1);
  sim.run(h, 40, 80);
  EXPECT_EQ(switchOrder(h.sent()), (std::vector<uint8_t>{0, 2}));
  expectContinuous(h.sent());
  EXPECT_LT(h.sent().back().decision.mapping.sequence, 0x1000);  // wrapped
}

TEST(SimulcastSwitch, ReorderedPacketsTakeTheirPlace) {
  Harness h;
  std::mt19937 rng(13);
  Vp8TestStream s(0, rng, 3);
  h.sw().setTarget(0, 0);
  std::vector<TestPacket> packets;
  for (uint32_t f = 0; f < 16; ++f)
    for (auto& p : s.frame(f, f == 0)) packets.push_back(std::move(p));
  // Swap two packets inside TL0 frame 4, and hold TL0 frame 8's last packet until after the
  // dropped frames 9 and 10 (TID 2, 1).
  std::swap(packets[4 * 3 + 1], packets[4 * 3 + 2]);
  const TestPacket held = packets[8 * 3 + 2];
  packets.erase(packets.begin() + 8 * 3 + 2);
  packets.insert(packets.begin() + 10 * 3 + 2, held);
  for (const auto& p : packets) h.feed(p, 0);
  std::vector<std::pair<uint16_t, uint16_t>> byInput;  // input sequence, output sequence
  for (const auto& sent : h.sent())
    byInput.emplace_back(sent.in.view().sequence, sent.decision.mapping.sequence);
  ASSERT_EQ(byInput.size(), 4u * 3);  // TL0 frames 0, 4, 8, 12
  std::sort(byInput.begin(), byInput.end(), [](auto a, auto b) { return seqNewer(b.first, a.first); });
  for (size_t i = 1; i < byInput.size(); ++i)
    EXPECT_EQ(static_cast<uint16_t>(byInput[i].second - byInput[i - 1].second), 1) << i;
  // The held packet kept the number of its place: PictureID and timestamp of its frame.
  const auto late =
      std::find_if(h.sent().begin(), h.sent().end(), [&](const Sent& x) { return x.in.bytes == held.bytes; });
  ASSERT_NE(late, h.sent().end());
  EXPECT_EQ(idsOf(late->out).pictureId, idsOf(std::prev(late)->out).pictureId);
  EXPECT_EQ(idsOf(late->out).timestamp, idsOf(std::prev(late)->out).timestamp);
  EXPECT_EQ(h.drops()[SwitchDrop::Refused], 0);
}

TEST(SimulcastSwitch, ANewStreamInTheCurrentEncodingWaitsForItsKeyframe) {
  Harness h;
  Simulcast sim(14);
  h.sw().setTarget(1, 2);
  sim.run(h, 0, 10);
  sim.streams[1].setSsrc(0x0badcafe);  // the publisher restarted this encoding
  sim.streams[1].setSequence(7);
  const auto inter = sim.streams[1].frame(10, false);
  EXPECT_EQ(h.feed(inter[0], 10 * kFrameMicros).drop, SwitchDrop::WaitingKeyframe);
  EXPECT_EQ(h.sw().keyframeWanted(), 1);
  // No sender report of the new stream yet: placed by arrival time (20 frames later).
  const auto key = sim.streams[1].frame(30, true);
  const uint32_t last = h.sent().back().decision.mapping.timestamp;
  const auto d = h.feed(key[0], 30 * kFrameMicros);
  ASSERT_TRUE(d.switched);
  EXPECT_NEAR(static_cast<double>(d.mapping.timestamp - last), 21 * test::kFrameTicks, 10);
}

TEST(SimulcastSwitch, PaddingAndForeignPacketsAreDroppedByReason) {
  Harness h;
  Simulcast sim(15);
  h.sw().setTarget(0, 2);
  sim.run(h, 0, 2);
  const uint16_t last = h.sent().back().decision.mapping.sequence;
  auto frame = sim.streams[0].frame(2, false);
  frame[0].bytes.resize(12);  // a padding-only probe in the place of the first packet
  EXPECT_EQ(h.feed(frame[0], 0).drop, SwitchDrop::Padding);
  EXPECT_EQ(h.sw().onPacket(3, frame[1].view(), 0, h.clocks()).drop, SwitchDrop::BadEncoding);
  EXPECT_EQ(h.feed(frame[1], 0).mapping.sequence, static_cast<uint16_t>(last + 1));  // compacted
}

}  // namespace
}  // namespace vicos::sfu
