// Integration tests over real UDP of where the media worker sends a peer's media
// (ice/candidate_pairs.hpp): one authenticated check from another address does not redirect
// it, a browser that keeps nominating a new address does move it, and the addresses kept per
// peer are bounded.
#include <gtest/gtest.h>

#include "ice/candidate_pairs.hpp"
#include "sfu/media_worker_fixture.hpp"

namespace vicos::sfu::test {
namespace {

// A socket elsewhere that holds a valid check for one peer, as someone who captured the
// browser's check or a browser that moved to another network would. It counts what the
// worker sends it.
class OtherAddress {
 public:
  explicit OtherAddress(uint16_t workerPort)
      : mSocket("127.0.0.1", 0), mRecv(std::make_unique<net::RecvBatch>()) {
    EXPECT_TRUE(net::makeAddress("127.0.0.1", workerPort, mWorker));
  }

  // An authenticated Binding request for `p`'s peer, as a controlling browser sends it.
  void sendCheck(const Participant& p, uint8_t transaction, bool useCandidate = true) {
    std::array<uint8_t, 256> buf{};
    const stun::TransactionId tid{transaction, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
    stun::StunBuilder b(buf, stun::kBindingRequest, tid);
    b.addUsername(p.serverCredentials.ufrag + ":" + p.client->iceCredentials().ufrag)
        .addPriority(1845501695)
        .addIceControlling(0x0102030405060708);
    if (useCandidate) b.addUseCandidate();
    b.addMessageIntegrity(p.serverCredentials.pwd).addFingerprint();
    ASSERT_TRUE(b.ok());
    const Bytes check = b.message();
    ASSERT_EQ(::sendto(mSocket.fd(), check.data(), check.size(), 0, reinterpret_cast<sockaddr*>(&mWorker),
                       net::addressLength(mWorker)),
              static_cast<ssize_t>(check.size()));
  }

  // Reads what has arrived: STUN success responses, and SRTP packets of `ssrc`.
  void drain(uint32_t ssrc) {
    while (size_t n = mSocket.receive(*mRecv)) {
      for (size_t i = 0; i < n; ++i) {
        const Bytes d((*mRecv)[i].data, (*mRecv)[i].size);
        if (d.size() >= 2 && loadBe16(d.data()) == stun::kBindingSuccess) ++answers;
        if (d.size() >= 12 && (d[0] & 0xc0) == 0x80 && loadBe32(d.data() + 8) == ssrc) ++media;
      }
    }
  }

  size_t answers = 0;
  size_t media = 0;

 private:
  net::UdpSocket mSocket;
  std::unique_ptr<net::RecvBatch> mRecv;
  sockaddr_storage mWorker{};
};

// Sends alice's next `count` video packets.
void sendVideo(MediaWorkerTest& t, size_t count) {
  for (size_t i = 0; i < count; ++i) sendFrom(*t.a, MediaKind::Video);
  t.a->client->flush();
}

// The audit's finding: one authenticated USE-CANDIDATE check from another address moved
// bob's media there, while bob's own checks kept his consent fresh. Sent three times (a
// replay), it still does not.
TEST_F(MediaWorkerTest, OneCheckFromElsewhereDoesNotRedirectMedia) {
  OtherAddress other(worker->port());
  for (int i = 0; i < 3; ++i) other.sendCheck(*b, 1);
  ASSERT_TRUE(pumpUntil([&] {
    other.drain(b->videoDownlink);
    return other.answers == 3;
  }));
  sendVideo(*this, 3);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == 3; }));
  pumpFor(50 * kMs);
  other.drain(b->videoDownlink);
  EXPECT_EQ(other.media, 0u);
  EXPECT_TRUE(b->client->connected());
}

// A browser that moved to another network nominates the new pair again and again; the
// second nomination in another transaction moves the media, and bob's old address gets no
// more of it.
TEST_F(MediaWorkerTest, RepeatedNominationsFromANewAddressMoveMedia) {
  OtherAddress mobile(worker->port());
  mobile.sendCheck(*b, 1);
  ASSERT_TRUE(pumpUntil([&] {
    mobile.drain(b->videoDownlink);
    return mobile.answers == 1;
  }));
  mobile.sendCheck(*b, 2);
  ASSERT_TRUE(pumpUntil([&] {
    mobile.drain(b->videoDownlink);
    return mobile.answers == 2;
  }));
  sendVideo(*this, 3);
  ASSERT_TRUE(pumpUntil([&] {
    mobile.drain(b->videoDownlink);
    return mobile.media == 3;
  }));
  EXPECT_TRUE(b->recorder.of(b->videoDownlink).empty());
  // Alice's media still reaches her.
  send(*b, MediaKind::Audio);
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.of(a->audioDownlink).size() == 1; }));
}

// Checks from many addresses (someone holding bob's credentials) do not grow the worker's
// address table beyond CandidatePairs::kMaxPairs for bob, and do not take his media.
TEST_F(MediaWorkerTest, AddressesPerPeerAreBounded) {
  std::vector<std::unique_ptr<OtherAddress>> others;
  for (int i = 0; i < 20; ++i) {
    others.push_back(std::make_unique<OtherAddress>(worker->port()));
    others.back()->sendCheck(*b, static_cast<uint8_t>(i), i % 2 == 0);
  }
  ASSERT_TRUE(pumpUntil([&] {
    size_t answered = 0;
    for (auto& o : others) {
      o->drain(b->videoDownlink);
      answered += o->answers;
    }
    return answered == others.size();
  }));
  // alice's one address, and at most kMaxPairs of bob's.
  EXPECT_LE(onWorker([&] { return worker->tupleCount(); }), 1 + ice::CandidatePairs::kMaxPairs);
  sendVideo(*this, 2);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == 2; }));
  // Bob's own address is still known: his media reaches alice.
  send(*b, MediaKind::Audio);
  b->client->flush();
  ASSERT_TRUE(pumpUntil([&] { return a->recorder.of(a->audioDownlink).size() == 1; }));
}

// A worker bound to 0.0.0.0 whose browsers reach it at 127.0.0.2 (a server with several
// addresses). The kernel's route back prefers 127.0.0.1, and the clients, like browsers, drop
// whatever comes from an address they did not send to: without answering from the arrival
// address, ICE never completes (issue 11, servers with several addresses).
class WildcardWorkerTest : public MediaWorkerTest {
 public:
  WildcardWorkerTest() {
    bindIp = "0.0.0.0";
    serverIp = "127.0.0.2";
  }
};

TEST_F(WildcardWorkerTest, ChecksAnswersAndMediaLeaveFromTheAddressTheBrowserSentTo) {
  // SetUp has connected both (ICE, DTLS): the answers came from 127.0.0.2.
  sendVideo(*this, 3);
  ASSERT_TRUE(pumpUntil([&] { return b->recorder.of(b->videoDownlink).size() == 3; }));
}

}  // namespace
}  // namespace vicos::sfu::test
