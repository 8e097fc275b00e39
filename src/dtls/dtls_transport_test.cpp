// Tests of DtlsTransport: two transports wired to each other in memory.
#include "dtls/dtls_transport.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <thread>

namespace vicos::dtls {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Endpoint : DtlsListener {
  std::deque<std::vector<uint8_t>> outbox;
  size_t sent = 0;
  size_t largestDatagram = 0;
  std::optional<SrtpKeys> keys;
  int connectedCalls = 0;
  std::vector<std::string> failures;
  int closedCalls = 0;

  void onDtlsSend(Bytes datagram) override {
    outbox.emplace_back(datagram.begin(), datagram.end());
    ++sent;
    largestDatagram = std::max(largestDatagram, datagram.size());
  }
  void onDtlsConnected(const SrtpKeys& k) override {
    keys = k;
    ++connectedCalls;
  }
  void onDtlsFailed(const char* reason) override { failures.emplace_back(reason); }
  void onDtlsClosed() override { ++closedCalls; }
};

class DtlsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mClientCert = DtlsCertificate::generate();
    mServerCert = DtlsCertificate::generate();
    ASSERT_TRUE(mClientCert && mServerCert);
  }

  // Builds both transports; the client context offers `clientProfiles`.
  void build(const std::string& clientProfiles = kDefaultSrtpProfiles,
             const std::string& serverProfiles = kDefaultSrtpProfiles) {
    mClientCtx = DtlsContext::create(*mClientCert, {clientProfiles});
    mServerCtx = DtlsContext::create(*mServerCert, {serverProfiles});
    ASSERT_TRUE(mClientCtx && mServerCtx);
    client = std::make_unique<DtlsTransport>(*mClientCtx, DtlsRole::Client, clientEnd);
    server = std::make_unique<DtlsTransport>(*mServerCtx, DtlsRole::Server, serverEnd);
  }

  void exchangeFingerprints() {
    // The client side gets it in lower case: comparison must ignore case.
    client->setRemoteFingerprint("sha-256", lower(mServerCert->fingerprintSha256()));
    server->setRemoteFingerprint("sha-256", mClientCert->fingerprintSha256());
  }

  // Delivers queued datagrams both ways until both are quiet. `dropFromServer` may discard
  // a server datagram (by its index among all the server sent).
  void pump(const std::function<bool(size_t)>& dropFromServer = {}) {
    for (int round = 0; round < 50; ++round) {
      if (clientEnd.outbox.empty() && serverEnd.outbox.empty()) return;
      while (!clientEnd.outbox.empty()) {
        auto d = std::move(clientEnd.outbox.front());
        clientEnd.outbox.pop_front();
        server->feed(d);
      }
      while (!serverEnd.outbox.empty()) {
        auto d = std::move(serverEnd.outbox.front());
        serverEnd.outbox.pop_front();
        if (dropFromServer && dropFromServer(mServerIndex++)) continue;
        client->feed(d);
      }
    }
    FAIL() << "datagrams still flowing after 50 rounds";
  }

  void handshake() {
    server->start();
    client->start();
    pump();
  }

  std::optional<DtlsCertificate> mClientCert, mServerCert;
  std::unique_ptr<DtlsContext> mClientCtx, mServerCtx;
  Endpoint clientEnd, serverEnd;
  std::unique_ptr<DtlsTransport> client, server;
  size_t mServerIndex = 0;
};

TEST_F(DtlsTransportTest, HandshakeDeliversCrosswiseGcmKeys) {
  build();
  exchangeFingerprints();
  handshake();
  ASSERT_TRUE(client->connected());
  ASSERT_TRUE(server->connected());
  ASSERT_EQ(clientEnd.connectedCalls, 1);
  ASSERT_EQ(serverEnd.connectedCalls, 1);
  EXPECT_TRUE(clientEnd.failures.empty());
  EXPECT_TRUE(serverEnd.failures.empty());

  const SrtpKeys& c = *clientEnd.keys;
  const SrtpKeys& s = *serverEnd.keys;
  EXPECT_EQ(c.profileId, kSrtpAeadAes128Gcm);
  EXPECT_EQ(s.profileId, kSrtpAeadAes128Gcm);
  EXPECT_EQ(c.localKey.size(), 16u);
  EXPECT_EQ(c.localSalt.size(), 12u);
  EXPECT_EQ(c.localKey, s.remoteKey);
  EXPECT_EQ(c.localSalt, s.remoteSalt);
  EXPECT_EQ(c.remoteKey, s.localKey);
  EXPECT_EQ(c.remoteSalt, s.localSalt);
  EXPECT_NE(c.localKey, c.remoteKey);

  EXPECT_LE(clientEnd.largestDatagram, DtlsTransport::kMtu);
  EXPECT_LE(serverEnd.largestDatagram, DtlsTransport::kMtu);
}

TEST_F(DtlsTransportTest, ClientOfferingOnlyCmSha1GetsProfileOne) {
  build("SRTP_AES128_CM_SHA1_80");
  exchangeFingerprints();
  handshake();
  ASSERT_TRUE(clientEnd.keys && serverEnd.keys);
  EXPECT_EQ(clientEnd.keys->profileId, kSrtpAes128CmSha1_80);
  EXPECT_EQ(serverEnd.keys->profileId, kSrtpAes128CmSha1_80);
  EXPECT_EQ(serverEnd.keys->localSalt.size(), 14u);
  EXPECT_EQ(serverEnd.keys->localKey, clientEnd.keys->remoteKey);
  EXPECT_EQ(serverEnd.keys->remoteSalt, clientEnd.keys->localSalt);
}

TEST_F(DtlsTransportTest, NoCommonSrtpProfileFails) {
  build("SRTP_AES128_CM_SHA1_80", "SRTP_AEAD_AES_128_GCM");
  exchangeFingerprints();
  handshake();
  EXPECT_FALSE(clientEnd.keys);
  EXPECT_FALSE(serverEnd.keys);
  ASSERT_EQ(serverEnd.failures.size(), 1u);
  EXPECT_EQ(serverEnd.failures[0], "no SRTP profile negotiated");
}

TEST_F(DtlsTransportTest, WrongRemoteFingerprintFailsWithoutKeys) {
  build();
  auto other = DtlsCertificate::generate();
  ASSERT_TRUE(other);
  client->setRemoteFingerprint("sha-256", mServerCert->fingerprintSha256());
  server->setRemoteFingerprint("sha-256", other->fingerprintSha256());
  handshake();
  EXPECT_FALSE(server->connected());
  EXPECT_EQ(server->state(), DtlsTransport::State::Failed);
  EXPECT_FALSE(serverEnd.keys);
  EXPECT_EQ(serverEnd.connectedCalls, 0);
  ASSERT_EQ(serverEnd.failures.size(), 1u);
  EXPECT_EQ(serverEnd.failures[0], "certificate fingerprint mismatch");
  // The server told the client, which had nothing to complain about, with close_notify.
  EXPECT_EQ(clientEnd.closedCalls, 1);
  EXPECT_FALSE(client->connected());
}

TEST_F(DtlsTransportTest, UnsupportedFingerprintAlgorithmFails) {
  build();
  exchangeFingerprints();
  server->setRemoteFingerprint("md5", "00:11");
  handshake();
  EXPECT_FALSE(serverEnd.keys);
  ASSERT_EQ(serverEnd.failures.size(), 1u);
  EXPECT_EQ(serverEnd.failures[0], "unsupported fingerprint algorithm");
}

TEST_F(DtlsTransportTest, FingerprintArrivingAfterTheHandshakeReleasesTheKeys) {
  build();
  client->setRemoteFingerprint("sha-256", mServerCert->fingerprintSha256());
  handshake();
  EXPECT_TRUE(client->connected());
  EXPECT_EQ(server->state(), DtlsTransport::State::AwaitingFingerprint);
  EXPECT_FALSE(serverEnd.keys);
  server->setRemoteFingerprint("SHA-256", lower(mClientCert->fingerprintSha256()));
  EXPECT_TRUE(server->connected());
  ASSERT_TRUE(serverEnd.keys);
  EXPECT_EQ(serverEnd.keys->remoteKey, clientEnd.keys->localKey);
}

TEST_F(DtlsTransportTest, GarbageDatagramsAreDroppedBeforeOpenSsl) {
  build();
  exchangeFingerprints();
  server->start();
  const std::vector<std::vector<uint8_t>> garbage = {
      {},
      {0x16},                                                  // a lone content type
      {0x16, 0xfe, 0xfd, 0x00, 0x00},                          // truncated record header
      {0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff},  // length beyond the datagram
      {0x15, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2, 2, 40}, // 2-byte alert in epoch 1
      std::vector<uint8_t>(3000, 0x3f),
  };
  for (const auto& g : garbage) server->feed(g);
  EXPECT_EQ(server->droppedDatagrams(), garbage.size());
  EXPECT_TRUE(serverEnd.failures.empty());
  EXPECT_EQ(serverEnd.sent, 0u);
  EXPECT_EQ(server->state(), DtlsTransport::State::Connecting);
  client->start();
  pump();
  EXPECT_TRUE(server->connected());
  EXPECT_TRUE(client->connected());
}

TEST_F(DtlsTransportTest, WellFramedJunkIsHarmless) {
  build();
  exchangeFingerprints();
  server->start();
  const std::vector<std::vector<uint8_t>> junk = {
      // application data in epoch 1 before any keys exist
      {0x17, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
       12, 13, 14, 15},
      // handshake record with a zero-length fragment, sequence 7
      {0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0},
  };
  for (const auto& j : junk) server->feed(j);
  EXPECT_EQ(server->droppedDatagrams(), 0u);
  EXPECT_TRUE(serverEnd.failures.empty());
  client->start();
  pump();
  EXPECT_TRUE(server->connected());
  EXPECT_TRUE(client->connected());
}

TEST_F(DtlsTransportTest, MalformedClientHelloFailsCleanly) {
  build();
  exchangeFingerprints();
  server->start();
  // A well-formed record whose ClientHello body is cut short (RFC 6347 4.2.2 header only).
  const std::vector<uint8_t> record = {
      0x16, 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16,  // handshake, DTLS 1.0 record, len 16
      0x01, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 4,            // ClientHello, length 4, fragment 0..4
      0xfe, 0xfd, 0, 0};                                // version and nothing else
  server->feed(record);
  EXPECT_FALSE(server->connected());
  EXPECT_FALSE(serverEnd.keys);
  // Whatever OpenSSL decided, feeding more must be harmless.
  server->feed(record);
  server->handleTimeout(nowMicros());
}

TEST_F(DtlsTransportTest, DroppedServerFlightIsRetransmitted) {
  build();
  exchangeFingerprints();
  server->start();
  client->start();
  pump([](size_t) { return true; });  // lose everything the server sends at first
  const size_t lostSent = serverEnd.sent;
  ASSERT_GT(lostSent, 0u);
  EXPECT_FALSE(client->connected());
  EXPECT_FALSE(server->connected());

  const Micros giveUp = nowMicros() + 5'000'000;
  while (!(client->connected() && server->connected()) && nowMicros() < giveUp) {
    auto next = client->nextTimeout(nowMicros());
    ASSERT_TRUE(next);
    if (auto s = server->nextTimeout(nowMicros())) next = std::min(*next, *s);
    const Micros wait = *next - nowMicros();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::microseconds(std::min<Micros>(wait, 100'000)));
    client->handleTimeout(nowMicros());
    server->handleTimeout(nowMicros());
    pump();
  }
  EXPECT_TRUE(client->connected());
  EXPECT_TRUE(server->connected());
  EXPECT_GT(serverEnd.sent, lostSent);
  ASSERT_TRUE(clientEnd.keys && serverEnd.keys);
  EXPECT_EQ(clientEnd.keys->localKey, serverEnd.keys->remoteKey);
}

// A caller reads the clock once and asks "is the timer due?" with that reading; an expired
// retransmission timer must then say yes (it once answered with a later clock reading, so
// retransmissions never fired).
TEST_F(DtlsTransportTest, ExpiredTimerIsDueForTheCallersClockReading) {
  build();
  client->start(nowMicros());
  const size_t sentFirst = clientEnd.sent;
  std::this_thread::sleep_for(std::chrono::microseconds(DtlsTransport::kInitialRetransmitUs + 50'000));
  const Micros now = nowMicros();
  const auto due = client->nextTimeout(now);
  ASSERT_TRUE(due);
  EXPECT_LE(*due, now);
  client->handleTimeout(now);
  EXPECT_GT(clientEnd.sent, sentFirst);  // the ClientHello went out again
}

TEST_F(DtlsTransportTest, HandshakeGivesUpAfterThirtySeconds) {
  build();
  const Micros start = nowMicros();
  client->start(start);
  auto next = client->nextTimeout(nowMicros());
  ASSERT_TRUE(next);
  EXPECT_LE(*next, start + DtlsTransport::kHandshakeTimeout);
  client->handleTimeout(start + DtlsTransport::kHandshakeTimeout - 1);
  EXPECT_TRUE(clientEnd.failures.empty());
  client->handleTimeout(start + DtlsTransport::kHandshakeTimeout);
  ASSERT_EQ(clientEnd.failures.size(), 1u);
  EXPECT_EQ(clientEnd.failures[0], "handshake timed out");
  EXPECT_FALSE(client->nextTimeout(nowMicros()));
}

TEST_F(DtlsTransportTest, CloseNotifyReachesThePeer) {
  build();
  exchangeFingerprints();
  handshake();
  ASSERT_TRUE(client->connected() && server->connected());
  client->close();
  EXPECT_EQ(client->state(), DtlsTransport::State::Closed);
  pump();
  EXPECT_EQ(serverEnd.closedCalls, 1);
  EXPECT_EQ(server->state(), DtlsTransport::State::Closed);
  EXPECT_EQ(clientEnd.closedCalls, 0);  // close() itself reports nothing
  EXPECT_TRUE(serverEnd.failures.empty());
  EXPECT_TRUE(clientEnd.failures.empty());
}

TEST_F(DtlsTransportTest, DatagramsBeforeStartAreDropped) {
  build();
  exchangeFingerprints();
  client->start();
  ASSERT_FALSE(clientEnd.outbox.empty());
  server->feed(clientEnd.outbox.front());  // server not started: ignored
  EXPECT_EQ(serverEnd.sent, 0u);
  server->start();
  server->start();  // second start is a no-op
  server->feed(clientEnd.outbox.front());
  EXPECT_GT(serverEnd.sent, 0u);
}

}  // namespace
}  // namespace vicos::dtls
