// Integration tests over real UDP of what NACKs may make the media worker resend
// (retransmit_guard.hpp): a flood of repeated NACKs, a budget per downlink, honest repair of a
// lossy link, and retransmissions as RTX (RFC 4588) where the subscriber takes it.
#include <gtest/gtest.h>

#include <set>

#include "rtcp/feedback_nack.hpp"
#include "sfu/media_worker_fixture.hpp"
#include "sfu/retransmit_guard.hpp"

namespace vicos::sfu::test {
namespace {

// Sends `count` of alice's video packets and waits until bob has them all; returns the first
// one's sequence number on bob's downlink.
uint16_t sendVideo(MediaWorkerTest& t, size_t count) {
  const size_t had = t.b->recorder.of(t.b->videoDownlink).size();
  for (size_t i = 0; i < count; ++i) sendFrom(*t.a, MediaKind::Video);
  t.a->client->flush();
  EXPECT_TRUE(t.pumpUntil([&] { return t.b->recorder.of(t.b->videoDownlink).size() == had + count; }));
  const auto received = t.b->recorder.of(t.b->videoDownlink);
  return received.size() > had ? received[had].sequence : 0;
}

// Sends an audio packet from bob and waits until the worker has received it: everything bob
// sent before it has been handled.
void barrier(MediaWorkerTest& t) {
  const uint64_t received = t.counters().rtpReceived;
  sendFrom(*t.b, MediaKind::Audio);
  t.b->client->flush();
  ASSERT_TRUE(t.pumpUntil([&] { return t.counters().rtpReceived == received + 1; }));
}

// The audit's attack: one 1,372-byte NACK (1,392 bytes with SRTCP) whose 340 entries each ask
// for the same 17 packets. Unlimited, it brought back 5,780 packets; each packet is now sent
// once and the rest of the NACK is refused and counted.
TEST_F(MediaWorkerTest, FloodNackResendsEachPacketOnce) {
  const uint16_t first = sendVideo(*this, 17);
  // Bob already has these packets: SRTP replay protection would drop the copies, so count
  // them as they arrive.
  size_t copies = 0;
  b->client->setReceiveFilter([&](Bytes packet) {
    copies += packet.size() >= 12 && loadBe32(packet.data() + 8) == b->videoDownlink;
    return false;
  });
  const WorkerCounters before = counters();
  std::vector<rtcp::NackItem> items(340, rtcp::NackItem{first, 0xffff});
  std::vector<uint8_t> nack(rtcp::kFeedbackHeaderSize + 4 * items.size());
  ASSERT_EQ(rtcp::writeNackItems(nack, 1, b->videoDownlink, items), nack.size());
  ASSERT_TRUE(b->client->sendRtcp(nack));
  b->client->flush();
  barrier(*this);
  ASSERT_TRUE(pumpUntil([&] { return copies >= 17; }));
  pumpFor(100 * kMs);

  const WorkerCounters after = counters();
  EXPECT_EQ(after.retransmitted - before.retransmitted, 17u);
  EXPECT_EQ(copies, 17u);
  // Of 5,780 listed: 64 read (17 sent, 47 repeats), 5,716 beyond the cap.
  EXPECT_EQ(after.nackRepeats - before.nackRepeats, RetransmitGuard::kMaxPerNack - 17);
  EXPECT_EQ(after.nackOverCap - before.nackOverCap, 340u * 17 - RetransmitGuard::kMaxPerNack);
  EXPECT_EQ(after.nackOverBudget, before.nackOverBudget);
}

// NACKs sent again and again, each after the repeat interval, get no more than the budget:
// the burst, the floor over the time taken, and a share of what bob was forwarded.
TEST_F(MediaWorkerTest, RepeatedNacksStayWithinTheBudget) {
  constexpr size_t kPackets = 60;
  constexpr int kRounds = 8;
  const uint16_t first = sendVideo(*this, kPackets);
  uint64_t forwardedBytes = 0;
  for (const auto& packet : b->recorder.of(b->videoDownlink)) forwardedBytes += packet.packet.size();
  std::vector<uint16_t> lost;
  for (size_t i = 0; i < kPackets; ++i) lost.push_back(static_cast<uint16_t>(first + i));

  const WorkerCounters before = counters();
  const Micros begin = nowMicros();
  uint64_t firstRound = 0;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_TRUE(b->client->sendNack(b->videoDownlink, lost));
    b->client->flush();
    barrier(*this);
    if (round == 0) firstRound = counters().retransmitted - before.retransmitted;
    pumpFor(RetransmitGuard::kRepeatInterval + 20 * kMs);
  }
  const Micros elapsed = nowMicros() - begin;
  const WorkerCounters after = counters();

  // The full bucket answers the first NACK almost whole (50 of 60 packets of about 1.2 kB).
  EXPECT_GE(firstRound, 45u);
  const uint64_t bytes = after.retransmittedBytes - before.retransmittedBytes;
  const uint64_t allowed = RetransmitGuard::kBurstBytes + forwardedBytes / RetransmitGuard::kShareDivisor +
                           static_cast<uint64_t>(RetransmitGuard::kFloorBytesPerSecond * elapsed / 1'000'000);
  EXPECT_LE(bytes, allowed);
  // Unlimited, every round would have brought all 60 back.
  EXPECT_LT(after.retransmitted - before.retransmitted, kPackets * kRounds / 4);
  EXPECT_GT(after.nackOverBudget - before.nackOverBudget, kPackets * kRounds / 2);
  EXPECT_EQ(after.nackRepeats, before.nackRepeats);
}

// An honest subscriber on a link that loses one video packet in six, for two seconds of
// 3 Mbit/s: every loss is asked for once and repaired, none refused. The burst and the floor
// alone would not cover it (about 120 kB resent); the share of forwarded bytes does.
TEST_F(MediaWorkerTest, LossyLinkIsRepaired) {
  constexpr int kFrames = 100;          // one every 20 ms
  constexpr size_t kPacketsPerTick = 6;  // 300 packets/s of 1.2 kB
  std::set<uint16_t> dropped;
  std::vector<uint16_t> toNack;
  size_t seen = 0;
  b->client->setReceiveFilter([&](Bytes packet) {
    if (packet.size() < 12 || loadBe32(packet.data() + 8) != b->videoDownlink) return false;
    const uint16_t sequence = loadBe16(packet.data() + 2);
    if (dropped.contains(sequence)) return false;  // the retransmission
    if (++seen % 6 != 0) return false;
    dropped.insert(sequence);
    toNack.push_back(sequence);
    return true;
  });
  const WorkerCounters before = counters();
  const Micros begin = nowMicros();
  for (int frame = 0; frame < kFrames; ++frame) {
    for (size_t i = 0; i < kPacketsPerTick; ++i) send(*a, MediaKind::Video);
    a->client->flush();
    pumpUntil([] { return false; }, begin + (frame + 1) * 20 * kMs - nowMicros());
    if (!toNack.empty()) {
      ASSERT_TRUE(b->client->sendNack(b->videoDownlink, toNack));
      b->client->flush();
      toNack.clear();
    }
  }
  const size_t sent = kFrames * kPacketsPerTick;
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == sent; }));
  const WorkerCounters after = counters();
  EXPECT_EQ(dropped.size(), sent / 6);
  EXPECT_EQ(after.retransmitted - before.retransmitted, dropped.size());
  EXPECT_EQ(after.nackOverBudget, before.nackOverBudget);
  EXPECT_GT(after.retransmittedBytes - before.retransmittedBytes,
            static_cast<uint64_t>(RetransmitGuard::kBurstBytes + 2 * RetransmitGuard::kFloorBytesPerSecond));
}

}  // namespace
}  // namespace vicos::sfu::test

namespace vicos::sfu::test {
namespace {

// RFC 4588 4: once bob's answer took RTX, a NACKed packet comes back on the RTX stream with
// payload type 97, the RTX stream's own consecutive sequence numbers, the original timestamp
// and marker, and the original sequence number (OSN) in front of the original payload.
TEST_F(MediaWorkerTest, RetransmissionsGoAsRtxOnceTheAnswerTookIt) {
  setRemote(*b, true);
  const uint16_t first = sendVideo(*this, 6);
  const auto originals = b->recorder.of(b->videoDownlink);
  ASSERT_GE(originals.size(), 6u);
  const std::vector<uint16_t> lost = {static_cast<uint16_t>(first + 1), static_cast<uint16_t>(first + 4)};
  const WorkerCounters before = counters();
  ASSERT_TRUE(b->client->sendNack(b->videoDownlink, lost));
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoRtx).size() == 2; }));
  const auto rtx = b->recorder.of(b->videoRtx);
  for (size_t i = 0; i < rtx.size(); ++i) {
    const rtp::RtpView& original = originals[originals.size() - 6 + (i == 0 ? 1 : 4)];
    EXPECT_EQ(rtx[i].payloadType, media::kVp8Rtx.payloadType);
    ASSERT_GE(rtx[i].payload.size(), 2u);
    EXPECT_EQ(loadBe16(rtx[i].payload.data()), lost[i]) << "OSN";
    EXPECT_TRUE(std::equal(rtx[i].payload.begin() + 2, rtx[i].payload.end(), original.payload.begin(),
                           original.payload.end()));
    EXPECT_EQ(rtx[i].timestamp, original.timestamp);
    EXPECT_EQ(rtx[i].marker, original.marker);
  }
  EXPECT_EQ(static_cast<uint16_t>(rtx[1].sequence - rtx[0].sequence), 1);
  EXPECT_EQ(counters().retransmitted - before.retransmitted, 2u);
  // Nothing was sent again on the media stream itself.
  pumpFor(50 * kMs);
  EXPECT_EQ(b->recorder.of(b->videoDownlink).size(), originals.size());
}

}  // namespace
}  // namespace vicos::sfu::test
