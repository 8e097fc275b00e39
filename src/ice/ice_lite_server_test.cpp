// Tests of IceLiteServer with checks built as a browser sends them, and RFC 5769's request.
#include "ice/ice_lite_server.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "stun/stun_builder.hpp"
#include "stun/stun_test_vectors.hpp"

namespace vicos::ice {
namespace {

using stun::StunBuilder;
using stun::StunMessage;

constexpr const char* kServerUfrag = "Srv1ufrg";
constexpr const char* kServerPwd = "ServerPassword+of/24char";
constexpr const char* kBrowserUfrag = "brWs";
constexpr Micros kSecond = 1'000'000;

struct Check {
  std::string username = std::string(kServerUfrag) + ":" + kBrowserUfrag;
  std::string password = kServerPwd;
  bool useCandidate = false;
  bool integrity = true;
  bool fingerprint = true;
  uint16_t type = stun::kBindingRequest;
  stun::TransactionId tid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
};

// What Chrome and Firefox send: USERNAME, PRIORITY, ICE-CONTROLLING, [USE-CANDIDATE], MI, FP.
std::vector<uint8_t> buildCheck(const Check& c) {
  std::vector<uint8_t> buf(256);
  StunBuilder b(buf, c.type, c.tid);
  b.addUsername(c.username).addPriority(1845501695).addIceControlling(0x1122334455667788);
  if (c.useCandidate) b.addUseCandidate();
  if (c.integrity) b.addMessageIntegrity(c.password);
  if (c.fingerprint) b.addFingerprint();
  EXPECT_TRUE(b.ok());
  buf.resize(b.size());
  return buf;
}

struct Fixture : ::testing::Test {
  Fixture() {
    server.setRemoteCredentials(kBrowserUfrag, "browser-password-22-chars");
    server.setStartTime(0);
  }

  IceCheckResult send(const std::vector<uint8_t>& packet, const Endpoint& from, Micros now) {
    StunMessage msg;
    EXPECT_EQ(stun::parseStun(packet, msg), stun::StunError::None);
    const IceCheckResult result = server.handleBindingRequest(packet, msg, from, now, response);
    EXPECT_LE(result.responseLength, response.size());
    return result;
  }
  Bytes answer(const IceCheckResult& r) const { return Bytes(response.data(), r.responseLength); }

  IceLiteServer server{kServerUfrag, kServerPwd};
  std::array<uint8_t, IceLiteServer::kMaxResponseSize> response{};
  Endpoint browserA = *Endpoint::parse("192.168.1.20", 50000);
  Endpoint browserB = *Endpoint::parse("2001:db8::20", 50001);
};

void expectSuccessResponse(Bytes raw, const stun::TransactionId& tid, const Endpoint& mapped) {
  StunMessage msg;
  ASSERT_EQ(stun::parseStun(raw, msg), stun::StunError::None);
  EXPECT_EQ(msg.type, stun::kBindingSuccess);
  EXPECT_EQ(msg.transactionId, tid);
  ASSERT_TRUE(msg.xorMappedAddress);
  EXPECT_EQ(Endpoint::fromStun(*msg.xorMappedAddress), mapped);
  EXPECT_TRUE(stun::verifyIntegrity(raw, msg, kServerPwd));
  EXPECT_TRUE(stun::verifyFingerprint(raw, msg));
}

uint16_t errorCodeOf(Bytes raw) {
  StunMessage msg;
  if (stun::parseStun(raw, msg) != stun::StunError::None || msg.type != stun::kBindingError ||
      !msg.errorCode || msg.integrityOffset || !stun::verifyFingerprint(raw, msg)) {
    return 0;
  }
  return msg.errorCode->code;
}

// RFC 5769 2.1 is itself a check: ufrag "evtj" receiving from "h6vY" (it claims the
// controlled role, which a lite server accepts).
TEST(IceLiteServerRfc5769, AnswersTheSampleRequest) {
  IceLiteServer server("evtj", std::string(stun::test::kRfc5769Password));
  server.setRemoteCredentials("h6vY", "");
  const auto packet = stun::test::hex(stun::test::kSampleRequest);
  StunMessage msg;
  ASSERT_EQ(stun::parseStun(packet, msg), stun::StunError::None);
  const Endpoint from = *Endpoint::parse("192.0.2.1", 32853);
  std::array<uint8_t, IceLiteServer::kMaxResponseSize> response{};
  const IceCheckResult r = server.handleBindingRequest(packet, msg, from, 5, response);
  EXPECT_EQ(r.error, IceCheckError::None);
  EXPECT_FALSE(r.nominated);
  EXPECT_FALSE(server.selectedTuple());

  const Bytes raw(response.data(), r.responseLength);
  StunMessage answer;
  ASSERT_EQ(stun::parseStun(raw, answer), stun::StunError::None);
  EXPECT_EQ(answer.type, stun::kBindingSuccess);
  EXPECT_EQ(answer.transactionId, msg.transactionId);
  // The XOR-MAPPED-ADDRESS bytes RFC 5769 2.2 shows for this address and transaction.
  EXPECT_EQ(std::vector<uint8_t>(raw.begin() + 20, raw.begin() + 32),
            stun::test::hex("00 20 00 08  00 01 a1 47  e1 12 a6 43"));
  EXPECT_TRUE(stun::verifyIntegrity(raw, answer, stun::test::kRfc5769Password));
  EXPECT_TRUE(stun::verifyFingerprint(raw, answer));
}

TEST_F(Fixture, CheckWithoutNominationAnswersButSelectsNothing) {
  Check c;
  const IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::None);
  EXPECT_FALSE(r.nominated);
  EXPECT_FALSE(server.selectedTuple());
  // Before any nomination, the first checked pair carries DTLS.
  EXPECT_TRUE(r.sendTupleChanged);
  EXPECT_EQ(server.sendTuple(), browserA);
  expectSuccessResponse(answer(r), c.tid, browserA);
}

TEST_F(Fixture, NominationSelectsAndSwitchesTheTuple) {
  Check c;
  c.useCandidate = true;
  IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::None);
  EXPECT_TRUE(r.nominated);
  EXPECT_TRUE(r.sendTupleChanged);
  ASSERT_TRUE(server.selectedTuple());
  EXPECT_EQ(*server.selectedTuple(), browserA);
  EXPECT_EQ(server.sendTuple(), browserA);
  expectSuccessResponse(answer(r), c.tid, browserA);

  c.tid[0] = 99;
  r = send(buildCheck(c), browserA, 2 * kSecond);
  EXPECT_TRUE(r.nominated);
  EXPECT_FALSE(r.sendTupleChanged);

  // A plain check from elsewhere does not move the selection...
  c.useCandidate = false;
  c.tid[0] = 100;
  r = send(buildCheck(c), browserB, 3 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::None);
  EXPECT_FALSE(r.sendTupleChanged);
  EXPECT_EQ(*server.selectedTuple(), browserA);
  expectSuccessResponse(answer(r), c.tid, browserB);

  // ...nor does one nominating check while browserA's pair has consent (candidate_pairs.hpp),
  // however often it is sent again...
  c.useCandidate = true;
  c.tid[0] = 101;
  for (int i = 0; i < 3; ++i) {
    r = send(buildCheck(c), browserB, 4 * kSecond);
    EXPECT_TRUE(r.nominated);
    EXPECT_FALSE(r.sendTupleChanged);
  }
  EXPECT_EQ(*server.selectedTuple(), browserA);
  // ...but a second one in another transaction does.
  c.tid[0] = 102;
  r = send(buildCheck(c), browserB, 5 * kSecond);
  EXPECT_TRUE(r.sendTupleChanged);
  EXPECT_EQ(*server.selectedTuple(), browserB);
}

// Consent is per pair: checks from browserB do not keep media going to browserA, though the
// peer as a whole keeps its consent.
TEST_F(Fixture, ConsentOfOnePairDoesNotCoverAnother) {
  Check c;
  c.useCandidate = true;
  send(buildCheck(c), browserA, 1 * kSecond);
  c.useCandidate = false;
  for (int i = 1; i <= 8; ++i) {
    c.tid[0] = static_cast<uint8_t>(i);
    send(buildCheck(c), browserB, i * 5 * kSecond);
  }
  std::vector<Endpoint> forgotten;
  server.expirePairs(31 * kSecond, [&](const Endpoint& e) { forgotten.push_back(e); });
  EXPECT_EQ(forgotten, std::vector<Endpoint>{browserA});
  EXPECT_FALSE(server.sendTuple());
  EXPECT_FALSE(server.consentExpired(41 * kSecond));
}

TEST_F(Fixture, WrongPasswordIsRefusedWith401) {
  Check c;
  c.useCandidate = true;
  c.password = "ServerPassword+of/24chaR";
  const IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::BadIntegrity);
  EXPECT_FALSE(r.nominated);
  EXPECT_EQ(errorCodeOf(answer(r)), 401);
  EXPECT_FALSE(server.selectedTuple());
}

TEST_F(Fixture, WrongUsernameIsRefusedWith401) {
  for (std::string username :
       {"Srv1ufrX:brWs", "Srv1ufrg:brWX", "Srv1ufrg", "Srv1ufrg:", "Srv1ufrgbrWs", ":brWs",
        "Srv1ufrg:brWs:x"}) {
    Check c;
    c.useCandidate = true;
    c.username = username;
    const IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
    EXPECT_EQ(r.error, IceCheckError::BadUsername) << username;
    EXPECT_EQ(errorCodeOf(answer(r)), 401) << username;
  }
  EXPECT_FALSE(server.selectedTuple());
}

TEST(IceLiteServer, RemoteUfragIsOnlyCheckedOnceKnown) {
  IceLiteServer server(kServerUfrag, kServerPwd);
  std::array<uint8_t, IceLiteServer::kMaxResponseSize> response{};
  Check c;
  c.username = std::string(kServerUfrag) + ":anyPeer";
  const auto packet = buildCheck(c);
  const auto msg = stun::parseStun(Bytes(packet));
  ASSERT_TRUE(msg);
  const Endpoint from = *Endpoint::parse("10.1.1.1", 4000);
  EXPECT_EQ(server.handleBindingRequest(packet, *msg, from, 0, response).error,
            IceCheckError::None);
  server.setRemoteCredentials(kBrowserUfrag, "x");
  EXPECT_EQ(server.remoteUfrag(), kBrowserUfrag);
  EXPECT_EQ(server.handleBindingRequest(packet, *msg, from, 0, response).error,
            IceCheckError::BadUsername);
}

TEST_F(Fixture, MissingIntegrityIsABadRequest) {
  Check c;
  c.integrity = false;
  const IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::MissingAttributes);
  EXPECT_EQ(errorCodeOf(answer(r)), 400);
}

TEST_F(Fixture, BadFingerprintIsDroppedSilently) {
  Check c;
  auto packet = buildCheck(c);
  packet.back() ^= 0x01;
  const IceCheckResult r = send(packet, browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::BadFingerprint);
  EXPECT_EQ(r.responseLength, 0u);
}

TEST_F(Fixture, CheckWithoutFingerprintIsAccepted) {
  Check c;
  c.fingerprint = false;
  EXPECT_EQ(send(buildCheck(c), browserA, 1 * kSecond).error, IceCheckError::None);
}

TEST_F(Fixture, UnknownComprehensionRequiredAttributeGets420) {
  std::vector<uint8_t> buf(256);
  const stun::TransactionId tid = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
  StunBuilder b(buf, stun::kBindingRequest, tid);
  const std::array<uint8_t, 2> value = {1, 2};
  b.addUsername(std::string(kServerUfrag) + ":" + kBrowserUfrag)
      .addAttribute(0x7777, value)
      .addMessageIntegrity(kServerPwd)
      .addFingerprint();
  ASSERT_TRUE(b.ok());
  buf.resize(b.size());
  const IceCheckResult r = send(buf, browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::UnknownAttribute);
  StunMessage msg;
  ASSERT_EQ(stun::parseStun(answer(r), msg), stun::StunError::None);
  ASSERT_TRUE(msg.errorCode);
  EXPECT_EQ(msg.errorCode->code, 420);
  EXPECT_TRUE(stun::verifyIntegrity(answer(r), msg, kServerPwd));
  EXPECT_TRUE(server.consentExpired(30 * kSecond));
}

TEST_F(Fixture, IgnoresWhatIsNotABindingRequest) {
  Check c;
  c.type = stun::stunMessageType(stun::kMethodBinding, stun::StunClass::Indication);
  IceCheckResult r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::NotBindingRequest);
  EXPECT_EQ(r.responseLength, 0u);
  c.type = stun::kBindingSuccess;
  r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::NotBindingRequest);
  c.type = stun::stunMessageType(0x003, stun::StunClass::Request);  // TURN Allocate
  r = send(buildCheck(c), browserA, 1 * kSecond);
  EXPECT_EQ(r.error, IceCheckError::NotBindingRequest);
  EXPECT_FALSE(server.consentExpired(29 * kSecond));
  EXPECT_TRUE(server.consentExpired(30 * kSecond));  // none of these was consent
}

TEST_F(Fixture, ResponseBufferTooSmallChangesNothing) {
  Check c;
  c.useCandidate = true;
  const auto packet = buildCheck(c);
  const auto msg = stun::parseStun(Bytes(packet));
  ASSERT_TRUE(msg);
  std::array<uint8_t, 40> small{};
  const IceCheckResult r = server.handleBindingRequest(packet, *msg, browserA, 1, small);
  EXPECT_EQ(r.error, IceCheckError::ResponseTooSmall);
  EXPECT_EQ(r.responseLength, 0u);
  EXPECT_FALSE(server.selectedTuple());
  EXPECT_STREQ(toString(r.error), "response-too-small");
}

TEST_F(Fixture, ConsentExpiresThirtySecondsAfterStartWithoutChecks) {
  EXPECT_FALSE(server.consentExpired(0));
  EXPECT_FALSE(server.consentExpired(30 * kSecond - 1));
  EXPECT_TRUE(server.consentExpired(30 * kSecond));
}

TEST_F(Fixture, ValidChecksRefreshConsentInvalidOnesDoNot) {
  Check c;
  send(buildCheck(c), browserA, 10 * kSecond);
  EXPECT_FALSE(server.consentExpired(39 * kSecond));
  Check bad = c;
  bad.password = "wrong-wrong-wrong-wrong!";
  EXPECT_EQ(send(buildCheck(bad), browserA, 35 * kSecond).error, IceCheckError::BadIntegrity);
  EXPECT_FALSE(server.consentExpired(40 * kSecond - 1));
  EXPECT_TRUE(server.consentExpired(40 * kSecond));
  send(buildCheck(c), browserA, 45 * kSecond);
  EXPECT_FALSE(server.consentExpired(74 * kSecond));
  EXPECT_TRUE(server.consentExpired(75 * kSecond));
}

TEST(IceLiteServer, NoClockNoExpiry) {
  IceLiteServer server(kServerUfrag, kServerPwd);
  EXPECT_FALSE(server.consentExpired(1'000'000 * kSecond));
  EXPECT_EQ(server.localUfrag(), kServerUfrag);
  EXPECT_EQ(server.localPwd(), kServerPwd);
}

}  // namespace
}  // namespace vicos::ice
