// Integration tests of moderation on the media worker: an uplink that is not allowed is
// received but forwarded to nobody, counted by reason, and forwarded again once allowed.
#include <gtest/gtest.h>

#include "sfu/media_worker_fixture.hpp"

namespace vicos::sfu::test {
namespace {

TEST_F(MediaWorkerTest, StoppedAudioIsNotForwardedAndCounted) {
  onWorker([&] { worker->setForwarding(kRoom, a->id, MediaKind::Audio, false); return 0; });
  const WorkerCounters before = counters();
  const DropCounters dropsBefore = drops();
  const size_t audioAtB = b->recorder.of(b->audioDownlink).size();
  const size_t videoAtB = b->recorder.of(b->videoDownlink).size();
  for (int i = 0; i < 4; ++i) {
    send(*a, MediaKind::Audio);
    send(*a, MediaKind::Video);
  }
  a->client->flush();
  // Alice's video still arrives; her audio is received, counted and dropped.
  ASSERT_TRUE(pumpUntil([&] {
    return b->recorder.of(b->videoDownlink).size() == videoAtB + 4 &&
           drops()[Drop::NotAllowed] - dropsBefore[Drop::NotAllowed] == 4;
  }));
  pumpFor(100 * kMs);
  EXPECT_EQ(b->recorder.of(b->audioDownlink).size(), audioAtB);
  const WorkerCounters after = counters();
  EXPECT_EQ(after.rtpReceived - before.rtpReceived, 8u);
  EXPECT_EQ(after.rtpForwarded - before.rtpForwarded, 4u);
  // Other drop reasons did not move.
  EXPECT_EQ(drops().total() - dropsBefore.total(), 4u);

  // Bob's own audio is untouched.
  const size_t audioAtA = a->recorder.of(a->audioDownlink).size();
  send(*b, MediaKind::Audio);
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.of(a->audioDownlink).size() == audioAtA + 1; }));
}

TEST_F(MediaWorkerTest, AllowedAgainIsForwardedAgain) {
  onWorker([&] { worker->setForwarding(kRoom, a->id, MediaKind::Video, false); return 0; });
  const size_t videoAtB = b->recorder.of(b->videoDownlink).size();
  send(*a, MediaKind::Video);
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return drops()[Drop::NotAllowed] == 1; }));
  EXPECT_EQ(b->recorder.of(b->videoDownlink).size(), videoAtB);

  // Allowed again: the worker asks alice for a keyframe, and bob's downlink starts with it.
  const size_t plis = a->recorder.plisFor(a->client->videoSsrc());
  onWorker([&] { worker->setForwarding(kRoom, a->id, MediaKind::Video, true); return 0; });
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(a->client->videoSsrc()) > plis; }));
  a->client->video().requestKeyframe();
  ASSERT_TRUE(pumpUntil([&] {
    send(*a, MediaKind::Video);
    a->client->flush();
    return b->recorder.of(b->videoDownlink).size() > videoAtB;
  }));
  EXPECT_EQ(drops()[Drop::NotAllowed], 1u);
  // Unknown peers and rooms are ignored.
  onWorker([&] {
    worker->setForwarding(kRoom, "nobody", MediaKind::Audio, false);
    worker->setForwarding("other-room", a->id, MediaKind::Audio, false);
    return 0;
  });
  const size_t audioAtB = b->recorder.of(b->audioDownlink).size();
  send(*a, MediaKind::Audio);
  a->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->audioDownlink).size() == audioAtB + 1; }));
}

}  // namespace
}  // namespace vicos::sfu::test
