// TransportRegistry without sockets: STUN checks as browsers send them find their peer by
// username fragment, bind their tuple, and removal clears every table.
#include "sfu/transport_registry.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "dtls/dtls_certificate.hpp"
#include "dtls/dtls_context.hpp"
#include "stun/stun_builder.hpp"

namespace vicos::sfu {
namespace {

constexpr Micros kSecond = 1'000'000;
constexpr const char* kBrowserUfrag = "brWs";
constexpr const char* kBrowserPwd = "browser-password-22-chars";

struct NoHost final : PeerHost {
  void sendDatagram(Peer&, Bytes) override {}
  void onPeerConnected(Peer&) override {}
  void onPeerFailed(Peer&, const char*) override {}
};

// A check as Chromium and Firefox send it (USERNAME, PRIORITY, ICE-CONTROLLING, MI, FP).
std::vector<uint8_t> check(const ice::IceCredentials& server, uint8_t transaction = 1,
                           const std::string& password = "") {
  std::vector<uint8_t> buf(256);
  stun::StunBuilder b(buf, stun::kBindingRequest, {transaction, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  b.addUsername(server.ufrag + ":" + kBrowserUfrag).addPriority(1845501695).addIceControlling(0x1122334455667788);
  b.addMessageIntegrity(password.empty() ? server.pwd : password).addFingerprint();
  EXPECT_TRUE(b.ok());
  buf.resize(b.size());
  return buf;
}

class TransportRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certificate = dtls::DtlsCertificate::generate();
    ASSERT_TRUE(certificate);
    context = dtls::DtlsContext::create(*certificate);
    ASSERT_TRUE(context);
  }
  Peer* add(const std::string& id, const ice::IceCredentials& credentials) {
    auto peer = std::make_unique<Peer>("room", id, media::PeerId{++nextId}, credentials, *context, host, 0);
    peer->ice().setRemoteCredentials(kBrowserUfrag, kBrowserPwd);
    return registry.add(std::move(peer));
  }
  TransportRegistry::StunOutcome send(const std::vector<uint8_t>& packet, const ice::Endpoint& from,
                                      Micros now = kSecond) {
    return registry.onStun(packet, from, local, now, response);
  }

  std::optional<dtls::DtlsCertificate> certificate;
  std::unique_ptr<dtls::DtlsContext> context;
  NoHost host;
  TransportRegistry registry;
  sockaddr_storage local{};
  std::array<uint8_t, ice::IceLiteServer::kMaxResponseSize> response{};
  uint64_t nextId = 0;
  const ice::IceCredentials ada{"adaUfrag", "ada-password-of-22chars+"};
  const ice::IceCredentials ben{"benUfrag", "ben-password-of-22chars+"};
  const ice::Endpoint browserA = *ice::Endpoint::parse("127.0.0.1", 50000);
  const ice::Endpoint browserB = *ice::Endpoint::parse("127.0.0.1", 50001);
};

TEST_F(TransportRegistryTest, APassedCheckBindsItsTupleToThePeerItNames) {
  Peer* a = add("ada", ada);
  Peer* b = add("ben", ben);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(registry.byTuple(browserA), nullptr);  // nothing before a check
  const auto outcome = send(check(ada), browserA);
  EXPECT_FALSE(outcome.drop);
  EXPECT_GT(outcome.responseLength, 0u);
  const auto answer = stun::parseStun(Bytes(response.data(), outcome.responseLength));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->type, stun::kBindingSuccess);
  EXPECT_EQ(registry.byTuple(browserA), a);
  EXPECT_FALSE(send(check(ben), browserB).drop);
  EXPECT_EQ(registry.byTuple(browserB), b);
  EXPECT_EQ(registry.tupleCount(), 2u);
}

TEST_F(TransportRegistryTest, RefusedChecksBindNothingAndSayWhy) {
  add("ada", ada);
  EXPECT_EQ(send(check({"nobody12", ada.pwd}), browserA).drop, Drop::StunUnknownUser);
  EXPECT_EQ(send(check(ada, 1, "wrong-password-of-22chr"), browserA).drop, Drop::StunRejected);
  const std::vector<uint8_t> garbage{0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3};
  EXPECT_EQ(send(garbage, browserA).drop, Drop::BadStun);
  EXPECT_EQ(registry.byTuple(browserA), nullptr);
  EXPECT_EQ(registry.tupleCount(), 0u);
}

TEST_F(TransportRegistryTest, ATupleMovesToThePeerWhoseCheckCameLast) {
  Peer* a = add("ada", ada);
  Peer* b = add("ben", ben);
  send(check(ada), browserA);
  send(check(ben, 2), browserA, 2 * kSecond);  // e.g. a NAT binding reused by another browser
  EXPECT_EQ(registry.byTuple(browserA), b);
  registry.forgetTuple(*a, browserA);  // ada's forgetting does not take it from ben
  EXPECT_EQ(registry.byTuple(browserA), b);
  registry.forgetTuple(*b, browserA);
  EXPECT_EQ(registry.byTuple(browserA), nullptr);
}

TEST_F(TransportRegistryTest, RemovalClearsEveryTableAndTheDoomedList) {
  Peer* a = add("ada", ada);
  EXPECT_EQ(add("ada", ben), nullptr);  // one peer per participant
  send(check(ada), browserA);
  registry.doom(*a);
  registry.doom(*a);
  auto removed = registry.remove("room", "ada");
  ASSERT_EQ(removed.get(), a);
  EXPECT_EQ(registry.find("room", "ada"), nullptr);
  EXPECT_EQ(registry.byTuple(browserA), nullptr);
  EXPECT_EQ(send(check(ada, 3), browserA).drop, Drop::StunUnknownUser);
  EXPECT_TRUE(registry.takeDoomed().empty());
  EXPECT_EQ(registry.remove("room", "ada"), nullptr);
  EXPECT_EQ(registry.size(), 0u);
}

TEST_F(TransportRegistryTest, DoomedPeersAreTakenOnce) {
  Peer* a = add("ada", ada);
  Peer* b = add("ben", ben);
  registry.doom(*a);
  registry.doom(*b);
  registry.doom(*a);
  EXPECT_EQ(registry.takeDoomed(), (std::vector<Peer*>{a, b}));
  EXPECT_TRUE(registry.takeDoomed().empty());
}

}  // namespace
}  // namespace vicos::sfu
