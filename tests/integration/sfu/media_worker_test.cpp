// Integration tests of the media worker over real UDP: forwarding, malformed input, and
// removing a peer.
#include <gtest/gtest.h>

#include "sfu/media_worker_fixture.hpp"

namespace vicos::sfu::test {
namespace {

// (a) Forwarding: consumer SSRC and mid, payload, sequence numbers and timestamps.
TEST_F(MediaWorkerTest, ForwardsBothWaysWithConsumerSsrcAndMid) {
  std::vector<std::vector<uint8_t>> fromA, fromB;
  for (int i = 0; i < 6; ++i) {
    fromA.push_back(send(*a, MediaKind::Audio));
    fromA.push_back(send(*a, MediaKind::Video));
    fromB.push_back(send(*b, MediaKind::Audio));
    fromB.push_back(send(*b, MediaKind::Video));
  }
  a->client->flush();
  b->client->flush();
  auto received = [](Participant& p) { return p.recorder.of(p.audioDownlink).size() + p.recorder.of(p.videoDownlink).size(); };
  ASSERT_TRUE(pumpUntil([&] { return received(*a) == 12 && received(*b) == 12; }));

  for (auto [sent, to] : {std::pair{&fromA, b.get()}, std::pair{&fromB, a.get()}}) {
    // Both are renumbered from a random start, in order: video by its consumer, audio by the
    // audio slot that carries the publisher.
    const auto video = to->recorder.of(to->videoDownlink);
    const auto audio = to->recorder.of(to->audioDownlink);
    size_t videoIndex = 0;
    size_t audioIndex = 0;
    std::optional<uint32_t> timestampOffset;
    std::optional<uint32_t> audioOffset;
    for (const auto& plain : *sent) {
      const auto original = rtp::parseRtp(plain);
      ASSERT_TRUE(original);
      if (midOf(*original) != "0") {
        ASSERT_LT(videoIndex, video.size());
        const auto& got = video[videoIndex];
        EXPECT_EQ(got.sequence, static_cast<uint16_t>(video.front().sequence + videoIndex));
        if (!timestampOffset) timestampOffset = got.timestamp - original->timestamp;
        EXPECT_EQ(got.timestamp - original->timestamp, *timestampOffset);
        EXPECT_EQ(got.marker, original->marker);
        EXPECT_EQ(got.payloadType, original->payloadType);
        EXPECT_EQ(midOf(got), "3");
        EXPECT_TRUE(sameVideoPayload(got, *original));
        ++videoIndex;
        continue;
      }
      ASSERT_LT(audioIndex, audio.size());
      const auto& got = audio[audioIndex];
      EXPECT_EQ(got.sequence, static_cast<uint16_t>(audio.front().sequence + audioIndex));
      if (!audioOffset) audioOffset = got.timestamp - original->timestamp;
      EXPECT_EQ(got.timestamp - original->timestamp, *audioOffset);
      EXPECT_EQ(midOf(got), "2");
      EXPECT_TRUE(std::equal(got.payload.begin(), got.payload.end(), original->payload.begin(), original->payload.end()));
      const auto level = rtp::findExtension(got, media::kExtAudioLevel.id);
      ASSERT_TRUE(level);
      EXPECT_EQ(rtp::readAudioLevel(*level)->level, 30);
      ++audioIndex;
    }
    EXPECT_EQ(videoIndex, video.size());
    EXPECT_EQ(audioIndex, audio.size());
  }
  const auto c = counters();
  EXPECT_EQ(c.rtpReceived, 24u);
  EXPECT_EQ(c.rtpForwarded, 24u);
  EXPECT_EQ(drops().total(), 0u);
}


// (e) Malformed and unauthenticated input is dropped and counted; the clients keep working.
TEST_F(MediaWorkerTest, DropsAndCountsGarbage) {
  const DropCounters before = drops();
  // From a known tuple (bob's).
  const uint8_t unknownKind[] = {0xFF, 1, 2, 3};
  const uint8_t shortStun[] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2};
  const uint8_t shortRtp[] = {0x80, 96, 0x00, 0x01, 0, 0};
  const uint8_t shortRtcp[] = {0x80, 200, 0x00, 0x01};
  const uint8_t shortDtls[] = {22, 0xFE, 0xFD};
  b->client->sendRaw(unknownKind);
  b->client->sendRaw(shortStun);
  b->client->sendRaw(shortRtp);
  b->client->sendRaw(shortRtcp);
  b->client->sendRaw(shortDtls);  // the DTLS transport drops it (its own counter)
  // A full-size SRTP packet with a forged tag.
  std::vector<uint8_t> forged = send(*b, MediaKind::Video);
  forged.resize(forged.size() + 16, 0xAB);
  b->client->sendRaw(forged);
  // STUN checks that do not authenticate: unknown USERNAME, and alice's with a wrong key.
  std::array<uint8_t, 256> buf{};
  const stun::TransactionId tid{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
  stun::StunBuilder nobody(buf, stun::kBindingRequest, tid);
  nobody.addUsername("nobody00:x").addMessageIntegrity("whatever-password-here").addFingerprint();
  b->client->sendRaw(nobody.message());
  stun::StunBuilder wrongKey(buf, stun::kBindingRequest, tid);
  wrongKey.addUsername(a->serverCredentials.ufrag + ":" + a->client->iceCredentials().ufrag)
      .addMessageIntegrity("not-the-right-password!!")
      .addFingerprint();
  b->client->sendRaw(wrongKey.message());
  b->client->flush();
  // From an address that passed no check.
  net::UdpSocket stranger("127.0.0.1", 0);
  sockaddr_storage to{};
  ASSERT_TRUE(net::makeAddress("127.0.0.1", worker->port(), to));
  const uint8_t rtpLike[] = {0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xAA, 0xBB};
  const uint8_t dtlsLike[] = {22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (Bytes d : {Bytes(rtpLike), Bytes(dtlsLike)})
    ASSERT_EQ(::sendto(stranger.fd(), d.data(), d.size(), 0, reinterpret_cast<sockaddr*>(&to), net::addressLength(to)),
              static_cast<ssize_t>(d.size()));

  auto grew = [&](const DropCounters& now, Drop d) { return now[d] - before[d]; };
  DropCounters after;
  ASSERT_TRUE(pumpUntil([&] {
    after = drops();
    return after.total() - before.total() >= 9;
  }));
  EXPECT_EQ(grew(after, Drop::UnknownKind), 1u);
  EXPECT_EQ(grew(after, Drop::BadStun), 1u);
  EXPECT_EQ(grew(after, Drop::StunUnknownUser), 1u);
  EXPECT_EQ(grew(after, Drop::StunRejected), 1u);
  EXPECT_EQ(grew(after, Drop::SrtpAuth), 3u);
  EXPECT_EQ(grew(after, Drop::UnknownTuple), 2u);

  // Both directions still work.
  const size_t atA = a->recorder.rtp.size(), atB = b->recorder.rtp.size();
  send(*a, MediaKind::Audio);
  send(*b, MediaKind::Audio);
  a->client->flush();
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.rtp.size() > atA && b->recorder.rtp.size() > atB; }));
  EXPECT_TRUE(a->client->connected());
  EXPECT_TRUE(b->client->connected());
}

// (g) After removePeer nothing is forwarded to or from the removed participant.
// Events name the peer (the id given at addPeer), so the room can tell a replaced peer's late
// events from its successor's (RoomManager::onPeerEvent).
TEST_F(MediaWorkerTest, EventsNameThePeerTheyComeFrom) {
  std::lock_guard lock(eventsMutex);
  ASSERT_EQ(events.size(), 2u);
  for (const auto& [id, peer, event] : events) {
    EXPECT_EQ(event, PeerEvent::Connected);
    EXPECT_EQ(peer.value, id == "alice" ? 1u : 2u) << id;
  }
}

TEST_F(MediaWorkerTest, RemovedPeerNeitherSendsNorReceives) {
  onWorker([&] { worker->removePeer(kRoom, a->id); return 0; });
  EXPECT_EQ(onWorker([&] { return worker->peerCount(); }), 1u);
  // The server's close_notify reaches alice's DTLS.
  ASSERT_TRUE(pumpUntil([&] { return a->client->state() == client::ClientState::Closed; }));

  const WorkerCounters before = counters();
  const DropCounters dropsBefore = drops();
  const size_t atA = a->recorder.rtp.size(), atB = b->recorder.rtp.size();
  for (int i = 0; i < 3; ++i) {
    send(*b, MediaKind::Audio);
    send(*b, MediaKind::Video);
    send(*a, MediaKind::Audio);
  }
  a->client->flush();
  b->client->flush();
  // The worker has taken bob's packets and dropped alice's (her tuple is gone).
  ASSERT_TRUE(pumpUntil([&] {
    return counters().rtpReceived - before.rtpReceived == 6 &&
           drops()[Drop::UnknownTuple] - dropsBefore[Drop::UnknownTuple] == 3;
  }));
  pumpFor(100 * kMs);
  EXPECT_EQ(counters().rtpForwarded, before.rtpForwarded);
  EXPECT_EQ(a->recorder.rtp.size(), atA);
  EXPECT_EQ(b->recorder.rtp.size(), atB);
}

// A publisher's new peer sends a new RTP stream (new sequence numbers and timestamps). Its
// subscribers' audio slot goes on with it as with a new source: their stream stays one, with
// consecutive numbers, instead of jumping where SRTP could not index it (RFC 3711 3.3.1).
TEST_F(MediaWorkerTest, ANewPeersAudioContinuesTheSubscribersSlot) {
  auto sendAudioAt = [](Participant& p, uint16_t sequence) {
    std::vector<uint8_t> buf(net::kMaxDatagram);
    buf.resize(p.client->audio().writeNext(buf));
    buf[2] = static_cast<uint8_t>(sequence >> 8);
    buf[3] = static_cast<uint8_t>(sequence);
    EXPECT_TRUE(p.client->sendRtp(buf));
    p.client->flush();
  };
  sendAudioAt(*a, 0x1000);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->audioDownlink).size() == 1; }));
  const uint16_t first = b->recorder.of(b->audioDownlink).front().sequence;
  // Alice's new peer keeps her SSRCs, and bob's consumer of her is fed from it (Router::addPeer).
  onWorker([&] {
    worker->removePeer(kRoom, a->id);
    return 0;
  });
  a = makeParticipant("alice", a->client->audioSsrc(), a->client->videoSsrc());
  setRemote(*a);
  connect(*a);
  ASSERT_TRUE(pumpUntil([&] { return a->client->connected(); }));
  // 0x9000 ahead of 0x1000: in the old numbering SRTP could not have indexed it.
  sendAudioAt(*a, 0xA000);
  sendAudioAt(*a, 0xA001);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->audioDownlink).size() == 3; }));
  const auto got = b->recorder.of(b->audioDownlink);
  EXPECT_EQ(got[1].sequence, static_cast<uint16_t>(first + 1));
  EXPECT_EQ(got[2].sequence, static_cast<uint16_t>(first + 2));
  EXPECT_EQ(drops()[Drop::SrtpProtect], 0u);
  EXPECT_EQ(counters().rtpForwarded, 3u);
}

}  // namespace
}  // namespace vicos::sfu::test
