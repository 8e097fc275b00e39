// Tests of the client's ICE agent towards a full agent (RFC 8445 7.3): answering the peer's
// checks, the controlled role and its nomination, and two agents reaching each other.
#include <gtest/gtest.h>

#include <array>

#include "client/ice_agent.hpp"
#include "stun/stun_builder.hpp"

namespace vicos::client {
namespace {

constexpr const char* kPeerUfrag = "JnsU";
constexpr const char* kPeerPwd = "janus-password-of-22ch";
constexpr const char* kOurUfrag = "cLnt";
constexpr const char* kOurPwd = "client-password-22-chars";

stun::StunAddress address(uint8_t last, uint16_t port) {
  stun::StunAddress a;
  a.address = {127, 0, 0, last};
  a.port = port;
  return a;
}

// A check as the peer (libnice) writes it: USERNAME "<our ufrag>:<its ufrag>", keyed with
// our password.
struct Check {
  std::string username = std::string(kOurUfrag) + ":" + kPeerUfrag;
  std::string key = kOurPwd;
  bool controlling = true;
  bool useCandidate = false;
  bool fingerprint = true;
  uint16_t type = stun::kBindingRequest;
};

struct PeerFixture : ::testing::Test {
  Bytes write(const Check& c) {
    stun::StunBuilder b(request, c.type, tid);
    b.addUsername(c.username).addPriority(1845501695);
    if (c.controlling) {
      b.addIceControlling(42);
    } else {
      b.addIceControlled(42);
    }
    if (c.useCandidate) b.addUseCandidate();
    b.addMessageIntegrity(c.key);
    if (c.fingerprint) b.addFingerprint();
    EXPECT_TRUE(b.ok());
    return b.message();
  }

  IceRequestError answer(IceAgent& agent, Bytes raw) {
    stun::StunMessage msg;
    EXPECT_EQ(stun::parseStun(raw, msg), stun::StunError::None);
    return agent.onRequest(raw, msg, address(2, 40001), response, responseSize);
  }

  IceAgent controlled{kOurUfrag, kPeerUfrag, kPeerPwd, kOurPwd, IceRole::Controlled};
  stun::TransactionId tid{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::array<uint8_t, 600> request{};
  std::array<uint8_t, IceAgent::kMaxResponseSize> response{};
  size_t responseSize = 0;
};

TEST_F(PeerFixture, AnswersAuthenticCheckWithMappedAddressAndOurIntegrity) {
  ASSERT_EQ(answer(controlled, write(Check{})), IceRequestError::None);
  ASSERT_GT(responseSize, 0u);
  const Bytes raw(response.data(), responseSize);
  stun::StunMessage msg;
  ASSERT_EQ(stun::parseStun(raw, msg), stun::StunError::None);
  EXPECT_EQ(msg.type, stun::kBindingSuccess);
  EXPECT_EQ(msg.transactionId, tid);
  ASSERT_TRUE(msg.xorMappedAddress);
  EXPECT_EQ(*msg.xorMappedAddress, address(2, 40001));
  ASSERT_TRUE(msg.integrityOffset);
  EXPECT_TRUE(stun::verifyIntegrity(raw, msg, kOurPwd));
  EXPECT_FALSE(stun::verifyIntegrity(raw, msg, kPeerPwd));
  ASSERT_TRUE(msg.fingerprintOffset);
  EXPECT_TRUE(stun::verifyFingerprint(raw, msg));
  EXPECT_EQ(controlled.requestsAnswered(), 1u);
  EXPECT_FALSE(controlled.nominated());
}

TEST_F(PeerFixture, UseCandidateNominatesWhenControlled) {
  Check c;
  c.useCandidate = true;
  ASSERT_EQ(answer(controlled, write(c)), IceRequestError::None);
  EXPECT_TRUE(controlled.nominated());
}

TEST_F(PeerFixture, RefusesWhatIsNotAnAuthenticCheck) {
  Check wrongKey;
  wrongKey.key = kPeerPwd;
  EXPECT_EQ(answer(controlled, write(wrongKey)), IceRequestError::BadIntegrity);
  Check swapped;
  swapped.username = std::string(kPeerUfrag) + ":" + kOurUfrag;
  EXPECT_EQ(answer(controlled, write(swapped)), IceRequestError::BadUsername);
  Check prefixOnly;
  prefixOnly.username = std::string(kOurUfrag) + ":" + kPeerUfrag + "x";
  EXPECT_EQ(answer(controlled, write(prefixOnly)), IceRequestError::BadUsername);
  Check noColon;
  noColon.username = std::string(kOurUfrag) + "-" + kPeerUfrag;
  EXPECT_EQ(answer(controlled, write(noColon)), IceRequestError::BadUsername);
  Check sameRole;
  sameRole.controlling = false;
  EXPECT_EQ(answer(controlled, write(sameRole)), IceRequestError::RoleConflict);
  Check indication;
  indication.type = stun::stunMessageType(stun::kMethodBinding, stun::StunClass::Indication);
  EXPECT_EQ(answer(controlled, write(indication)), IceRequestError::NotRequest);
  EXPECT_EQ(controlled.requestsAnswered(), 0u);
  EXPECT_EQ(responseSize, 0u);
}

TEST_F(PeerFixture, CorruptedFingerprintIsRefused) {
  const Bytes raw = write(Check{});
  request[raw.size() - 1] ^= 0x01;
  EXPECT_EQ(answer(controlled, raw), IceRequestError::BadFingerprint);
}

TEST_F(PeerFixture, AgentWithoutPasswordAnswersNothing) {
  IceAgent lite{kOurUfrag, kPeerUfrag, kPeerPwd};
  EXPECT_EQ(answer(lite, write(Check{})), IceRequestError::NoCredentials);
}

TEST_F(PeerFixture, ControlledChecksCarryIceControlledWithoutNomination) {
  controlled.start(0);
  std::array<uint8_t, IceAgent::kMaxRequestSize> out{};
  const size_t n = controlled.poll(0, out);
  ASSERT_GT(n, 0u);
  stun::StunMessage msg;
  ASSERT_EQ(stun::parseStun(Bytes(out.data(), n), msg), stun::StunError::None);
  EXPECT_TRUE(msg.iceControlled);
  EXPECT_FALSE(msg.iceControlling);
  EXPECT_FALSE(msg.useCandidate);
  ASSERT_TRUE(msg.username);
  EXPECT_EQ(*msg.username, std::string(kPeerUfrag) + ":" + kOurUfrag);
  EXPECT_TRUE(stun::verifyIntegrity(Bytes(out.data(), n), msg, kPeerPwd));
}

// Two instances of the agent as offerer (controlling) and answerer (controlled): each answers
// the other's check, both connect, and the controlled one sees the nomination.
TEST_F(PeerFixture, ControllingAndControlledAgentsReachEachOther) {
  IceAgent offerer{kPeerUfrag, kOurUfrag, kOurPwd, kPeerPwd, IceRole::Controlling};
  offerer.start(0);
  controlled.start(0);
  std::array<uint8_t, IceAgent::kMaxRequestSize> out{};
  auto exchange = [&](IceAgent& from, IceAgent& to) {
    const size_t n = from.poll(0, out);
    ASSERT_GT(n, 0u);
    stun::StunMessage req;
    ASSERT_EQ(stun::parseStun(Bytes(out.data(), n), req), stun::StunError::None);
    size_t size = 0;
    ASSERT_EQ(to.onRequest(Bytes(out.data(), n), req, address(1, 5000), response, size), IceRequestError::None);
    stun::StunMessage res;
    ASSERT_EQ(stun::parseStun(Bytes(response.data(), size), res), stun::StunError::None);
    EXPECT_EQ(from.onStun(Bytes(response.data(), size), res, 1000), IceResponseError::None);
  };
  exchange(offerer, controlled);
  exchange(controlled, offerer);
  EXPECT_TRUE(offerer.connected());
  EXPECT_TRUE(controlled.connected());
  EXPECT_TRUE(controlled.nominated());
  EXPECT_FALSE(offerer.nominated());
}

}  // namespace
}  // namespace vicos::client
