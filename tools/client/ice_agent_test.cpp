// Tests of the client's controlling ICE agent against the server's IceLiteServer, and of the
// consent expiry both sides apply (RFC 7675) on a virtual clock.
#include "client/ice_agent.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "ice/ice_lite_server.hpp"
#include "stun/stun_builder.hpp"

namespace vicos::client {
namespace {

constexpr const char* kServerUfrag = "Srv1ufrg";
constexpr const char* kServerPwd = "ServerPassword+of/24char";
constexpr const char* kClientUfrag = "cLnt";
constexpr const char* kClientPwd = "client-password-22-chars";
constexpr Micros kMs = 1'000;
constexpr Micros kSecond = 1'000'000;

struct AgentFixture : ::testing::Test {
  AgentFixture() {
    server.setRemoteCredentials(kClientUfrag, kClientPwd);
    server.setStartTime(0);
  }

  // The request due at `now`, parsed; empty when none is due.
  std::optional<stun::StunMessage> pollRequest(Micros now) {
    const size_t n = agent.poll(now, request);
    if (n == 0) return std::nullopt;
    requestSize = n;
    stun::StunMessage msg;
    EXPECT_EQ(stun::parseStun(Bytes(request.data(), n), msg), stun::StunError::None);
    return msg;
  }

  // Hands the last request to the server; returns the server's answer.
  Bytes serve(const stun::StunMessage& msg, Micros now) {
    const Bytes raw(request.data(), requestSize);
    const auto result = server.handleBindingRequest(raw, msg, from, now, response);
    EXPECT_EQ(result.error, ice::IceCheckError::None);
    return Bytes(response.data(), result.responseLength);
  }

  IceResponseError deliver(Bytes answer, Micros now) {
    stun::StunMessage msg;
    EXPECT_EQ(stun::parseStun(answer, msg), stun::StunError::None);
    return agent.onStun(answer, msg, now);
  }

  IceAgent agent{kClientUfrag, kServerUfrag, kServerPwd};
  ice::IceLiteServer server{kServerUfrag, kServerPwd};
  ice::Endpoint from = *ice::Endpoint::parse("192.0.2.7", 50000);
  std::array<uint8_t, IceAgent::kMaxRequestSize> request{};
  size_t requestSize = 0;
  std::array<uint8_t, ice::IceLiteServer::kMaxResponseSize> response{};
};

TEST_F(AgentFixture, NothingBeforeStart) {
  EXPECT_FALSE(agent.nextTimeout());
  EXPECT_FALSE(pollRequest(0));
}

// RFC 8445 7.1 / 7.2.2: what a controlling agent's check carries.
TEST_F(AgentFixture, RequestCarriesIceAttributes) {
  agent.start(0);
  const auto msg = pollRequest(0);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->type, stun::kBindingRequest);
  ASSERT_TRUE(msg->username);
  EXPECT_EQ(*msg->username, std::string(kServerUfrag) + ":" + kClientUfrag);
  ASSERT_TRUE(msg->priority);
  EXPECT_EQ(*msg->priority >> 24, 110u);  // peer-reflexive type preference
  EXPECT_TRUE(msg->iceControlling);
  EXPECT_FALSE(msg->iceControlled);
  EXPECT_TRUE(msg->useCandidate);
  const Bytes raw(request.data(), requestSize);
  EXPECT_TRUE(stun::verifyFingerprint(raw, *msg));
  EXPECT_TRUE(stun::verifyIntegrity(raw, *msg, kServerPwd));
  EXPECT_FALSE(stun::verifyIntegrity(raw, *msg, kClientPwd));
}

TEST_F(AgentFixture, RetransmitsSameTransactionWithDoublingInterval) {
  agent.start(0);
  const auto first = pollRequest(0);
  ASSERT_TRUE(first);
  EXPECT_FALSE(pollRequest(99 * kMs));
  const auto second = pollRequest(100 * kMs);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->transactionId, first->transactionId);
  EXPECT_EQ(agent.nextTimeout(), 300 * kMs);
  EXPECT_FALSE(pollRequest(299 * kMs));
  ASSERT_TRUE(pollRequest(300 * kMs));
  EXPECT_EQ(agent.nextTimeout(), 700 * kMs);
  // The interval stops doubling at kMaxRto.
  Micros now = 700 * kMs;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(pollRequest(now));
    now = *agent.nextTimeout();
  }
  ASSERT_TRUE(pollRequest(now));
  EXPECT_EQ(*agent.nextTimeout() - now, IceAgent::kMaxRto);
}

TEST_F(AgentFixture, ConnectsOnServersAnswerThenSendsConsentChecks) {
  agent.start(0);
  const auto msg = pollRequest(0);
  ASSERT_TRUE(msg);
  const Bytes answer = serve(*msg, 10 * kMs);
  EXPECT_EQ(server.selectedTuple(), from);  // USE-CANDIDATE nominated
  EXPECT_EQ(deliver(answer, 20 * kMs), IceResponseError::None);
  EXPECT_TRUE(agent.connected());
  ASSERT_TRUE(agent.mappedAddress());
  EXPECT_EQ(*agent.mappedAddress(), from.toStun());
  // The same answer again is no longer for an open transaction.
  EXPECT_EQ(deliver(answer, 30 * kMs), IceResponseError::UnknownTransaction);
  EXPECT_EQ(agent.nextTimeout(), 20 * kMs + IceAgent::kConsentInterval);
  EXPECT_FALSE(pollRequest(20 * kMs + IceAgent::kConsentInterval - 1));
  const auto consent = pollRequest(20 * kMs + IceAgent::kConsentInterval);
  ASSERT_TRUE(consent);
  EXPECT_NE(consent->transactionId, msg->transactionId);
}

TEST_F(AgentFixture, RejectsWhatIsNotAnAuthenticAnswer) {
  agent.start(0);
  const auto msg = pollRequest(0);
  ASSERT_TRUE(msg);
  const Bytes answer = serve(*msg, 0);
  std::vector<uint8_t> copy(answer.begin(), answer.end());

  // Our own request is not an answer.
  EXPECT_EQ(deliver(Bytes(request.data(), requestSize), 0), IceResponseError::NotResponse);

  // Another transaction.
  std::vector<uint8_t> other = copy;
  other[8] ^= 0x01;
  stun::StunMessage parsed;
  ASSERT_EQ(stun::parseStun(other, parsed), stun::StunError::None);
  EXPECT_EQ(agent.onStun(other, parsed, 0), IceResponseError::UnknownTransaction);

  // A flipped byte inside XOR-MAPPED-ADDRESS breaks the fingerprint.
  std::vector<uint8_t> tampered = copy;
  tampered[stun::kHeaderSize + 6] ^= 0x01;
  EXPECT_EQ(deliver(tampered, 0), IceResponseError::BadFingerprint);

  // A success keyed with another password.
  std::array<uint8_t, 128> buf{};
  stun::StunBuilder forged(buf, stun::kBindingSuccess, msg->transactionId);
  forged.addXorMappedAddress(from.toStun()).addMessageIntegrity("not-the-server-password").addFingerprint();
  EXPECT_EQ(deliver(forged.message(), 0), IceResponseError::BadIntegrity);

  // A success without MESSAGE-INTEGRITY.
  stun::StunBuilder bare(buf, stun::kBindingSuccess, msg->transactionId);
  bare.addXorMappedAddress(from.toStun()).addFingerprint();
  EXPECT_EQ(deliver(bare.message(), 0), IceResponseError::BadIntegrity);

  // An authentic error response (487 Role Conflict) does not connect either.
  stun::StunBuilder error(buf, stun::kBindingError, msg->transactionId);
  error.addErrorCode(487, "Role Conflict").addMessageIntegrity(kServerPwd).addFingerprint();
  EXPECT_EQ(deliver(error.message(), 0), IceResponseError::ErrorResponse);
  EXPECT_FALSE(agent.connected());

  // The genuine answer still works after all of that.
  EXPECT_EQ(deliver(copy, 0), IceResponseError::None);
  EXPECT_TRUE(agent.connected());
}

TEST_F(AgentFixture, ServerUnauthenticatedRejectionIsNotTaken) {
  ice::IceLiteServer wrong{kServerUfrag, "a-different-password-24c"};
  wrong.setRemoteCredentials(kClientUfrag, kClientPwd);
  agent.start(0);
  const auto msg = pollRequest(0);
  ASSERT_TRUE(msg);
  const auto result = wrong.handleBindingRequest(Bytes(request.data(), requestSize), *msg, from, 0, response);
  EXPECT_EQ(result.error, ice::IceCheckError::BadIntegrity);
  ASSERT_GT(result.responseLength, 0u);  // a 401 without MESSAGE-INTEGRITY
  EXPECT_EQ(deliver(Bytes(response.data(), result.responseLength), 0), IceResponseError::BadIntegrity);
  EXPECT_FALSE(agent.connected());
}

TEST_F(AgentFixture, TooSmallBufferWritesNothing) {
  agent.start(0);
  std::array<uint8_t, 40> small{};
  EXPECT_EQ(agent.poll(0, small), 0u);
}

// RFC 7675 5.1, checked on both ends with a virtual clock (the media worker reads the real
// clock, so the worker-level removal after expiry is not tested here): while the agent's
// consent checks are answered, consent holds on both sides; once they stop, the server's
// consent expires 30 s after the last valid check and the agent's 30 s after the last answer.
TEST_F(AgentFixture, ConsentExpiresThirtySecondsAfterChecksStop) {
  agent.start(0);
  Micros now = 0;
  Micros lastCheck = 0;
  while (now < 60 * kSecond) {
    if (const auto msg = pollRequest(now)) {
      lastCheck = now;
      EXPECT_EQ(deliver(serve(*msg, now), now), IceResponseError::None);
    }
    EXPECT_FALSE(server.consentExpired(now));
    EXPECT_FALSE(agent.consentExpired(now));
    now = *agent.nextTimeout();
  }
  EXPECT_GE(agent.successes(), 12u);  // one about every 5 s

  agent.stop();
  EXPECT_FALSE(agent.nextTimeout());
  EXPECT_FALSE(pollRequest(lastCheck + 10 * kSecond));
  EXPECT_FALSE(server.consentExpired(lastCheck + ice::IceLiteServer::kConsentTimeout - 1));
  EXPECT_TRUE(server.consentExpired(lastCheck + ice::IceLiteServer::kConsentTimeout));
  EXPECT_FALSE(agent.consentExpired(lastCheck + IceAgent::kConsentTimeout - 1));
  EXPECT_TRUE(agent.consentExpired(lastCheck + IceAgent::kConsentTimeout));
}

TEST_F(AgentFixture, ConsentExpiresWhenServerNeverAnswers) {
  agent.start(5 * kSecond);
  EXPECT_FALSE(agent.consentExpired(5 * kSecond + IceAgent::kConsentTimeout - 1));
  EXPECT_TRUE(agent.consentExpired(5 * kSecond + IceAgent::kConsentTimeout));
}

}  // namespace
}  // namespace vicos::client
