// Integration tests of one room spread over two media workers (room split 1), over real UDP
// with synthetic browsers: packets cross between the workers' relay rings and are forwarded
// from mirror producers; NACKs are answered from the mirror's cache, PLIs reach the publisher
// on the other worker, and a departed publisher leaves nothing behind.
#include <gtest/gtest.h>

#include "sfu/media_worker_fixture.hpp"
#include "sfu/worker_media_plane.hpp"

namespace vicos::sfu::test {
namespace {

class SpreadRoomTest : public ::testing::Test {
 public:
  void SetUp() override {
    plane = std::make_unique<WorkerMediaPlane>(WorkerOptions{"127.0.0.1", 0}, 2, std::vector<std::string>{"127.0.0.1"},
                                               [](std::function<void()>) {}, 1);
    plane->start();
    a = join("alice", 0xA0000001, 0xA0000002);
    b = join("bob", 0xB0000001, 0xB0000002);
    subscribe(*b, *a);
    subscribe(*a, *b);
    for (Participant* p : {a.get(), b.get()}) setRemote(*p);
    for (Participant* p : {a.get(), b.get()}) connect(*p);
    ASSERT_TRUE(pumpUntil([&] { return a->client->connected() && b->client->connected(); }));
  }

  void TearDown() override { plane->stop(); }

  // Runs `f` on worker `index`'s thread and returns its result.
  template <typename F>
  auto onWorker(size_t index, F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    plane->worker(index).post([&task] { task(); });
    return result.get();
  }

  std::unique_ptr<Participant> join(const std::string& id, uint32_t audioSsrc, uint32_t videoSsrc) {
    auto p = makeClient(id, audioSsrc, videoSsrc);
    p->serverCredentials = plane->addPeer(kRoom, id).ice;
    return p;
  }

  void subscribe(Participant& subscriber, const Participant& publisher) {
    subscriber.audioDownlink = subscriber.client->audioSsrc() ^ 0x0F0F0000;
    subscriber.videoDownlink = subscriber.client->videoSsrc() ^ 0x0F0F0000;
    // The publisher's audio, heard through the subscriber's audio slot on mid 3 (audio_slot.hpp).
    plane->addDownlink(kRoom, {subscriber.id, publisher.id, MediaKind::Audio, "~" + publisher.id, 0});
    plane->addDownlink(kRoom, {subscriber.id, "", MediaKind::Audio, "3", subscriber.audioDownlink});
    plane->addDownlink(kRoom, {subscriber.id, publisher.id, MediaKind::Video, "4", subscriber.videoDownlink});
  }

  void setRemote(Participant& p) { plane->setRemote(kRoom, p.id, remoteParamsOf(p)); }

  void connect(Participant& p) {
    const auto local = plane->localInfo(kRoom, p.id);
    ASSERT_EQ(local.candidates.size(), 1u);
    client::ServerParams server{"127.0.0.1", local.candidates[0].second, p.serverCredentials.ufrag,
                                p.serverCredentials.pwd, local.fingerprintSha256};
    ASSERT_TRUE(p.client->connect(server));
  }

  bool pumpUntil(const std::function<bool()>& done, Micros timeout = kDeadline) {
    return pumpClients({a.get(), b.get()}, done, timeout);
  }
  std::vector<uint8_t> send(Participant& p, MediaKind kind) { return sendFrom(p, kind); }

  WorkerCounters counters(size_t index) {
    return onWorker(index, [&] { return plane->worker(index).counters(); });
  }
  DropCounters drops(size_t index) {
    return onWorker(index, [&] { return plane->worker(index).drops(); });
  }

  std::unique_ptr<WorkerMediaPlane> plane;
  std::unique_ptr<Participant> a;
  std::unique_ptr<Participant> b;
};

TEST_F(SpreadRoomTest, ParticipantsOfOneRoomLiveOnDifferentWorkers) {
  EXPECT_EQ(plane->workerOf(kRoom, "alice"), 0u);
  EXPECT_EQ(plane->workerOf(kRoom, "bob"), 1u);
  EXPECT_NE(plane->localInfo(kRoom, "alice").candidates[0].second, plane->localInfo(kRoom, "bob").candidates[0].second);
  EXPECT_NE(plane->localInfo(kRoom, "alice").fingerprintSha256, plane->localInfo(kRoom, "bob").fingerprintSha256);
}

TEST_F(SpreadRoomTest, PacketsCrossBetweenWorkersBothWays) {
  std::vector<std::vector<uint8_t>> fromA;
  for (int i = 0; i < 6; ++i) {
    fromA.push_back(send(*a, MediaKind::Audio));
    fromA.push_back(send(*a, MediaKind::Video));
    send(*b, MediaKind::Audio);
    send(*b, MediaKind::Video);
  }
  a->client->flush();
  b->client->flush();
  auto received = [](Participant& p) { return p.recorder.of(p.audioDownlink).size() + p.recorder.of(p.videoDownlink).size(); };
  // The first packets may beat the mirror to the other worker (counted as relay-unknown): send
  // more until both directions flow.
  ASSERT_TRUE(pumpUntil([&] {
    if (received(*a) >= 12 && received(*b) >= 12) return true;
    send(*a, MediaKind::Audio);
    send(*b, MediaKind::Audio);
    a->client->flush();
    b->client->flush();
    return false;
  }));
  // Bob (worker 1) got alice's packets (worker 0) with his own SSRC and mid, payload unchanged.
  const auto gotVideo = b->recorder.of(b->videoDownlink);
  ASSERT_FALSE(gotVideo.empty());
  for (const auto& got : gotVideo) {
    EXPECT_EQ(midOf(got), "4");
    bool matched = false;
    for (const auto& plain : fromA) {
      const auto original = rtp::parseRtp(plain);
      if (original && midOf(*original) == "1" && sameVideoPayload(got, *original)) matched = true;
    }
    EXPECT_TRUE(matched) << "sequence " << got.sequence;
  }
  const auto c0 = counters(0);
  const auto c1 = counters(1);
  EXPECT_GT(c0.rtpRelayed, 0u);
  EXPECT_GT(c1.rtpRelayed, 0u);
  // Each worker forwards what it relayed in, to its one subscriber.
  EXPECT_GE(c1.rtpForwarded, 12u);
  EXPECT_GE(c0.rtpForwarded, 12u);
  EXPECT_EQ(drops(0)[Drop::RelayFull], 0u);
}

TEST_F(SpreadRoomTest, NackIsAnsweredFromTheMirrorAndPliReachesThePublisher) {
  // Video flows from alice to bob first.
  ASSERT_TRUE(pumpUntil([&] {
    send(*a, MediaKind::Video);
    a->client->flush();
    return b->recorder.of(b->videoDownlink).size() >= 3;
  }));
  const uint16_t last = b->recorder.of(b->videoDownlink).back().sequence;
  const uint16_t lost[] = {last};
  const uint64_t before = counters(1).retransmitted;
  ASSERT_TRUE(b->client->sendNack(b->videoDownlink, lost));
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return counters(1).retransmitted > before; }));
  EXPECT_EQ(counters(0).retransmitted, 0u);  // served on bob's worker, not alice's

  // Bob's PLI for alice's video, sent to worker 1, reaches alice on worker 0.
  const uint32_t aliceVideo = a->client->videoSsrc();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.plisFor(aliceVideo) >= 1; }));  // from the new downlink
  pumpUntil([] { return false; }, ProducerEncoding::kKeyframeInterval + 200 * kMs);
  const size_t settled = a->recorder.plisFor(aliceVideo);
  ASSERT_TRUE(b->client->sendPli(b->videoDownlink));
  b->client->flush();
  EXPECT_TRUE(pumpUntil([&] { return a->recorder.plisFor(aliceVideo) > settled; }));
}

TEST_F(SpreadRoomTest, APublisherThatLeavesTakesItsRelaysAlong) {
  ASSERT_TRUE(pumpUntil([&] {
    send(*a, MediaKind::Audio);
    a->client->flush();
    return !b->recorder.of(b->audioDownlink).empty();
  }));
  plane->removeDownlink(kRoom, "alice", "~bob");
  plane->removeDownlink(kRoom, "alice", "3");
  plane->removeDownlink(kRoom, "alice", "4");
  plane->removePeer(kRoom, "alice");
  // Worker 1 forgets the mirrors and still serves bob; nothing of alice is left on worker 0.
  EXPECT_EQ(onWorker(0, [&] { return plane->worker(0).peerCount(); }), 0u);
  EXPECT_EQ(onWorker(1, [&] { return plane->worker(1).peerCount(); }), 1u);
  EXPECT_FALSE(plane->workerOf(kRoom, "alice"));
  // Alice comes back with a new peer (e.g. after a reconnect) and lands on worker 0 again.
  // Her new RTP streams start at random sequence numbers, so bob gets them on new downlinks
  // (new mid and SSRC) as Room::renewMedia does: within the old SSRC his SRTP would take them
  // for replays, or the server could not index them. They are fed through a new relay.
  a->client = std::make_unique<client::ClientPeer>(client::ClientOptions{}, &a->recorder);
  a->serverCredentials = plane->addPeer(kRoom, "alice").ice;
  EXPECT_EQ(plane->workerOf(kRoom, "alice"), 0u);
  plane->removeDownlink(kRoom, "bob", "~alice");
  plane->removeDownlink(kRoom, "bob", "3");
  plane->removeDownlink(kRoom, "bob", "4");
  b->audioDownlink ^= 0x00F00000;
  b->videoDownlink ^= 0x00F00000;
  plane->addDownlink(kRoom, {"bob", "alice", MediaKind::Audio, "~alice", 0});
  plane->addDownlink(kRoom, {"bob", "", MediaKind::Audio, "5", b->audioDownlink});
  plane->addDownlink(kRoom, {"bob", "alice", MediaKind::Video, "6", b->videoDownlink});
  setRemote(*a);
  connect(*a);
  ASSERT_TRUE(pumpUntil([&] { return a->client->connected(); }));
  ASSERT_TRUE(pumpUntil([&] {
    send(*a, MediaKind::Audio);
    a->client->flush();
    return !b->recorder.of(b->audioDownlink).empty();
  }));
  EXPECT_EQ(b->client->counters().srtpFailures, 0u);
}

}  // namespace
}  // namespace vicos::sfu::test
