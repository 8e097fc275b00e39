// Tests of the TURN server's rules: every authentication failure, every refusal (403 for any
// peer other than vicos's media addresses), quotas, relaying both ways and expiry.
#include "turn/turn_server.hpp"

#include <gtest/gtest.h>

#include <set>

#include "turn/turn_test_client.hpp"

namespace vicos::turn {
namespace {

using test::build;
using test::RequestSpec;
using test::v4;

constexpr int64_t kUnix = 1'800'000'000;
const std::string kSecret = "server-secret";
const StunAddress kMedia = v4(10, 1, 0, 1, 40000);        // a vicos media worker
const StunAddress kStranger = v4(203, 0, 113, 7, 40000);  // anyone else on the internet

// The I/O seam: hands out relayed addresses until `capacity` are open.
class CountingRelays : public RelayPorts {
 public:
  std::optional<StunAddress> open(AllocationId id) override {
    if (open_.size() >= capacity) return std::nullopt;
    open_.insert(id);
    return v4(10, 1, 0, 1, static_cast<uint16_t>(50000 + id));
  }
  void close(AllocationId id) override { open_.erase(id); }
  size_t capacity = 100;
  std::set<AllocationId> open_;
};

class TurnServerTest : public ::testing::Test {
 protected:
  TurnServerTest() : server("vicos", kSecret, "nonce-key", PeerPolicy({kMedia}), relays, limits()) {}

  static TurnLimits limits() {
    TurnLimits l;
    l.maxAllocationsPerUser = 2;
    l.maxAllocations = 3;
    l.bytesPerSecondPerUser = 1000;
    return l;
  }

  TurnNow now() const { return {kUnix + elapsed, elapsed * 1'000'000}; }

  // The outcome's payload points into the packet, so the packet is kept until the next one.
  ClientOutcome sendRaw(std::vector<uint8_t> packet, const ClientKey& from) {
    lastPacket = std::move(packet);
    return server.fromClient(from, lastPacket, now(), out);
  }

  // Sends `spec` as `from`; fills credentials (fresh nonce via a 401 first) unless `anonymous`.
  TurnMessage request(RequestSpec spec, const ClientKey& from, std::string tag = "alice") {
    if (spec.username.empty()) spec.username = restUsername(kUnix + 3600, tag);
    if (spec.realm.empty()) spec.realm = "vicos";
    if (spec.nonce.empty()) spec.nonce = freshNonce(from);
    if (spec.password.empty()) spec.password = restPassword(kSecret, spec.username);
    return parseReply(sendRaw(build(spec), from));
  }

  std::string freshNonce(const ClientKey& from) {
    RequestSpec bare;
    bare.tidSeed = 9;
    const TurnMessage challenge = parseReply(sendRaw(build(bare), from));
    return std::string(challenge.nonce.value_or(""));
  }

  TurnMessage parseReply(const ClientOutcome& outcome) {
    TurnMessage reply;
    lastReply.assign(outcome.reply.begin(), outcome.reply.end());
    EXPECT_EQ(parseTurn(lastReply, reply), TurnError::None);
    return reply;
  }

  static uint16_t code(const TurnMessage& m) { return m.stun.errorCode ? m.stun.errorCode->code : 0; }

  TurnMessage allocate(const ClientKey& from, std::string tag = "alice") {
    return request(RequestSpec{}, from, std::move(tag));
  }

  RequestSpec permission(StunAddress peer) {
    RequestSpec spec;
    spec.method = kMethodCreatePermission;
    spec.peers = {peer};
    return spec;
  }

  RequestSpec channel(uint16_t number, StunAddress peer) {
    RequestSpec spec;
    spec.method = kMethodChannelBind;
    spec.channel = number;
    spec.peers = {peer};
    return spec;
  }

  std::vector<uint8_t> sendIndication(StunAddress peer, std::string data) {
    RequestSpec spec;
    spec.method = kMethodSend;
    spec.cls = StunClass::Indication;
    spec.peers = {peer};
    spec.data = std::move(data);
    return build(spec);
  }

  uint64_t drops(TurnDrop reason) const { return server.counters().drops[static_cast<size_t>(reason)]; }

  CountingRelays relays;
  TurnServer server;
  std::array<uint8_t, 2048> out{};
  std::vector<uint8_t> lastPacket;
  std::vector<uint8_t> lastReply;
  int64_t elapsed = 0;
  const ClientKey alice{v4(192, 0, 2, 1, 5000), Transport::Udp, 0};
  const ClientKey bob{v4(192, 0, 2, 2, 5000), Transport::Tls, 7};
};

TEST_F(TurnServerTest, AllocateSucceedsWithRelayedAndMappedAddressAndIntegrity) {
  const TurnMessage reply = allocate(alice);
  ASSERT_EQ(code(reply), 0);
  EXPECT_EQ(reply.stun.cls, StunClass::SuccessResponse);
  EXPECT_EQ(reply.relayedAddress, v4(10, 1, 0, 1, 50001));
  EXPECT_EQ(reply.stun.xorMappedAddress, alice.address);
  EXPECT_EQ(reply.lifetime, 600u);
  const std::string username = restUsername(kUnix + 3600, "alice");
  const auto key = longTermKey(username, "vicos", restPassword(kSecret, username));
  EXPECT_TRUE(stun::verifyIntegrity(lastReply, reply.stun, keyView(*key)));
  EXPECT_TRUE(stun::verifyFingerprint(lastReply, reply.stun));
  EXPECT_EQ(server.allocationCount(), 1u);
}

TEST_F(TurnServerTest, NoIntegrityGets401WithRealmAndNonce) {
  const TurnMessage reply = parseReply(sendRaw(build(RequestSpec{}), alice));
  EXPECT_EQ(code(reply), error::kUnauthenticated);
  EXPECT_EQ(reply.realm, "vicos");
  EXPECT_TRUE(reply.nonce && !reply.nonce->empty());
  EXPECT_FALSE(reply.stun.integrityOffset);
  EXPECT_EQ(server.allocationCount(), 0u);
}

TEST_F(TurnServerTest, IntegrityWithoutRealmOrNonceIs400) {
  RequestSpec spec;
  spec.username = restUsername(kUnix + 60, "alice");
  spec.realm = "vicos";
  spec.password = restPassword(kSecret, spec.username);
  // The builder always writes REALM when set; drop the nonce only.
  EXPECT_EQ(code(parseReply(sendRaw(build(spec), alice))), error::kBadRequest);
}

TEST_F(TurnServerTest, StaleForgedAndOtherAddressNoncesGet438WithAFreshOne) {
  const std::string nonce = freshNonce(alice);
  RequestSpec spec;
  spec.nonce = nonce;
  elapsed = 601;
  TurnMessage reply = request(spec, alice);
  EXPECT_EQ(code(reply), error::kStaleNonce);
  EXPECT_TRUE(reply.nonce && *reply.nonce != nonce);
  elapsed = 0;
  spec.nonce = "0000000000000000aaaaaaaaaaaaaaaaaaaaaaaa";
  EXPECT_EQ(code(request(spec, alice)), error::kStaleNonce);
  spec.nonce = freshNonce(bob);
  EXPECT_EQ(code(request(spec, alice)), error::kStaleNonce);
  EXPECT_EQ(server.allocationCount(), 0u);
}

TEST_F(TurnServerTest, ExpiredUsernameWrongPasswordOrRealmGet401) {
  RequestSpec expired;
  expired.username = restUsername(kUnix - 1, "alice");
  EXPECT_EQ(code(request(expired, alice)), error::kUnauthenticated);
  RequestSpec wrongPassword;
  wrongPassword.password = restPassword("another-secret", restUsername(kUnix + 3600, "alice"));
  EXPECT_EQ(code(request(wrongPassword, alice)), error::kUnauthenticated);
  RequestSpec wrongRealm;
  wrongRealm.realm = "elsewhere";
  EXPECT_EQ(code(request(wrongRealm, alice)), error::kUnauthenticated);
  RequestSpec notRest;
  notRest.username = "alice";
  EXPECT_EQ(code(request(notRest, alice)), error::kUnauthenticated);
  EXPECT_EQ(server.allocationCount(), 0u);
}

TEST_F(TurnServerTest, AllocateRefusals) {
  RequestSpec noTransport;
  noTransport.transport.reset();
  EXPECT_EQ(code(request(noTransport, alice)), error::kBadRequest);
  RequestSpec tcp;
  tcp.transport = 6;
  EXPECT_EQ(code(request(tcp, alice)), error::kUnsupportedTransport);
  RequestSpec ipv6;
  ipv6.family = 2;
  EXPECT_EQ(code(request(ipv6, alice)), error::kAddressFamilyNotSupported);
  RequestSpec evenPort;
  evenPort.extraEmptyAttributes = {attr::kEvenPort};
  const TurnMessage reply = request(evenPort, alice);
  EXPECT_EQ(code(reply), error::kUnknownAttribute);
  EXPECT_EQ(server.allocationCount(), 0u);
  ASSERT_EQ(code(allocate(alice)), 0);
  EXPECT_EQ(code(allocate(alice)), error::kAllocationMismatch);
  EXPECT_EQ(server.allocationCount(), 1u);
}

TEST_F(TurnServerTest, QuotaPerParticipantAndCapacity) {
  const ClientKey a2{v4(192, 0, 2, 1, 5001), Transport::Udp, 0};
  const ClientKey a3{v4(192, 0, 2, 1, 5002), Transport::Udp, 0};
  ASSERT_EQ(code(allocate(alice)), 0);
  ASSERT_EQ(code(allocate(a2)), 0);
  EXPECT_EQ(code(allocate(a3)), error::kAllocationQuotaReached);
  ASSERT_EQ(code(allocate(bob, "bob")), 0);
  EXPECT_EQ(code(allocate(a3, "carol")), error::kInsufficientCapacity);  // server-wide cap of 3
  EXPECT_EQ(relays.open_.size(), 3u);
}

TEST_F(TurnServerTest, NoFreeRelayPortIs508) {
  relays.capacity = 0;
  EXPECT_EQ(code(allocate(alice)), error::kInsufficientCapacity);
  EXPECT_EQ(server.allocationCount(), 0u);
}

TEST_F(TurnServerTest, RequestsNeedTheAllocationAndItsCredentials) {
  EXPECT_EQ(code(request(permission(kMedia), alice)), error::kAllocationMismatch);
  ASSERT_EQ(code(allocate(alice)), 0);
  EXPECT_EQ(code(request(permission(kMedia), alice, "mallory")), error::kWrongCredentials);
  EXPECT_EQ(code(request(permission(kMedia), alice)), 0);
}

TEST_F(TurnServerTest, PermissionToAnyAddressButVicosIs403AndInstallsNothing) {
  ASSERT_EQ(code(allocate(alice)), 0);
  EXPECT_EQ(code(request(permission(kStranger), alice)), error::kForbidden);
  RequestSpec mixed = permission(kMedia);
  mixed.peers.push_back(kStranger);
  EXPECT_EQ(code(request(mixed, alice)), error::kForbidden);
  // The refused request installed no permission for the media address either.
  EXPECT_TRUE(sendRaw(sendIndication(kMedia, "x"), alice).payload.empty());
  EXPECT_EQ(drops(TurnDrop::NoPermission), 1u);
  EXPECT_EQ(server.counters().forbidden, 2u);
}

TEST_F(TurnServerTest, PermissionRequestShapes) {
  ASSERT_EQ(code(allocate(alice)), 0);
  RequestSpec none = permission(kMedia);
  none.peers.clear();
  EXPECT_EQ(code(request(none, alice)), error::kBadRequest);
  RequestSpec many = permission(kMedia);
  many.peers.assign(kMaxPeersPerRequest + 1, kMedia);
  EXPECT_EQ(code(request(many, alice)), error::kBadRequest);
  StunAddress v6;
  v6.family = StunAddress::Family::V6;
  v6.address[15] = 1;
  EXPECT_EQ(code(request(permission(v6), alice)), error::kPeerAddressFamilyMismatch);
}

TEST_F(TurnServerTest, ChannelBindRules) {
  ASSERT_EQ(code(allocate(alice)), 0);
  EXPECT_EQ(code(request(channel(0x4000, kStranger), alice)), error::kForbidden);
  // Same address as a worker, but a port that is not a media port: refused too.
  EXPECT_EQ(code(request(channel(0x4000, v4(10, 1, 0, 1, 22)), alice)), error::kForbidden);
  EXPECT_EQ(code(request(channel(0x3FFF, kMedia), alice)), error::kBadRequest);
  EXPECT_EQ(code(request(channel(0x5000, kMedia), alice)), error::kBadRequest);
  RequestSpec noNumber = channel(0x4000, kMedia);
  noNumber.channel.reset();
  EXPECT_EQ(code(request(noNumber, alice)), error::kBadRequest);
  ASSERT_EQ(code(request(channel(0x4000, kMedia), alice)), 0);
  EXPECT_EQ(code(request(channel(0x4001, kMedia), alice)), error::kBadRequest);  // peer taken
}

TEST_F(TurnServerTest, SendIndicationRelaysOnlyToPermittedMediaAddresses) {
  EXPECT_FALSE(sendRaw(sendIndication(kMedia, "x"), alice).relay);
  EXPECT_EQ(drops(TurnDrop::NoAllocation), 1u);
  ASSERT_EQ(code(allocate(alice)), 0);
  EXPECT_FALSE(sendRaw(sendIndication(kStranger, "x"), alice).relay);
  EXPECT_EQ(drops(TurnDrop::PeerRefused), 1u);
  EXPECT_FALSE(sendRaw(sendIndication(v4(10, 1, 0, 1, 22), "x"), alice).relay);
  EXPECT_EQ(drops(TurnDrop::PeerRefused), 2u);
  ASSERT_EQ(code(request(permission(kMedia), alice)), 0);
  const ClientOutcome relayed = sendRaw(sendIndication(kMedia, "media"), alice);
  ASSERT_TRUE(relayed.relay);
  EXPECT_EQ(relayed.peer, kMedia);
  EXPECT_EQ(std::string(relayed.payload.begin(), relayed.payload.end()), "media");
  EXPECT_TRUE(relayed.reply.empty());
  elapsed = kPermissionLifetime;
  EXPECT_FALSE(sendRaw(sendIndication(kMedia, "x"), alice).relay);
  EXPECT_EQ(drops(TurnDrop::NoPermission), 1u);
}

TEST_F(TurnServerTest, ChannelDataBothWays) {
  ASSERT_EQ(code(allocate(bob, "bob")), 0);
  ASSERT_EQ(code(request(channel(0x4001, kMedia), bob, "bob")), 0);
  // Over TLS (a stream) ChannelData is padded to 4 bytes.
  const std::vector<uint8_t> frame = {0x40, 0x01, 0x00, 0x03, 'a', 'b', 'c', 0};
  const ClientOutcome up = sendRaw(frame, bob);
  ASSERT_TRUE(up.relay);
  EXPECT_EQ(up.peer, kMedia);
  EXPECT_EQ(std::string(up.payload.begin(), up.payload.end()), "abc");
  EXPECT_FALSE(sendRaw({0x40, 0x02, 0x00, 0x00}, bob).relay);
  EXPECT_EQ(drops(TurnDrop::NoChannel), 1u);

  Bytes message;
  const std::vector<uint8_t> payload = {1, 2, 3, 4, 5};
  const auto to = server.fromPeer(up.allocation, kMedia, payload, now(), out, message);
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, bob);
  EXPECT_EQ(std::vector<uint8_t>(message.begin(), message.end()),
            (std::vector<uint8_t>{0x40, 0x01, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0}));
  EXPECT_FALSE(server.fromPeer(up.allocation, kStranger, payload, now(), out, message));
  EXPECT_FALSE(server.fromPeer(up.allocation + 100, kMedia, payload, now(), out, message));
}

TEST_F(TurnServerTest, PeerDataWithoutChannelComesAsDataIndication) {
  ASSERT_EQ(code(allocate(alice)), 0);
  Bytes message;
  const std::vector<uint8_t> payload = {9, 8, 7};
  EXPECT_FALSE(server.fromPeer(1, kMedia, payload, now(), out, message));  // no permission yet
  ASSERT_EQ(code(request(permission(kMedia), alice)), 0);
  ASSERT_TRUE(server.fromPeer(1, kMedia, payload, now(), out, message));
  TurnMessage data;
  ASSERT_EQ(parseTurn(message, data), TurnError::None);
  EXPECT_EQ(data.stun.type, turnType(kMethodData, StunClass::Indication));
  EXPECT_EQ(data.peers[0], kMedia);
  EXPECT_EQ(std::vector<uint8_t>(data.data->begin(), data.data->end()), payload);
}

TEST_F(TurnServerTest, RelayedBytesAreCappedPerParticipant) {
  ASSERT_EQ(code(allocate(alice)), 0);
  ASSERT_EQ(code(request(permission(kMedia), alice)), 0);
  const std::string big(600, 'x');
  EXPECT_TRUE(sendRaw(sendIndication(kMedia, big), alice).relay);
  EXPECT_FALSE(sendRaw(sendIndication(kMedia, big), alice).relay);  // budget 1000 B/s
  EXPECT_EQ(drops(TurnDrop::OverBandwidth), 1u);
  elapsed = 1;
  EXPECT_TRUE(sendRaw(sendIndication(kMedia, big), alice).relay);
  EXPECT_EQ(server.counters().relayedBytes, 1200u);
}

TEST_F(TurnServerTest, RefreshZeroDeletesAndExpiryEnds) {
  ASSERT_EQ(code(allocate(alice)), 0);
  RequestSpec refresh;
  refresh.method = kMethodRefresh;
  refresh.lifetime = 99999;
  TurnMessage reply = request(refresh, alice);
  EXPECT_EQ(reply.lifetime, 3600u);  // capped at the maximum
  refresh.lifetime = 0;
  reply = request(refresh, alice);
  EXPECT_EQ(code(reply), 0);
  EXPECT_EQ(server.allocationCount(), 0u);
  EXPECT_TRUE(relays.open_.empty());

  ASSERT_EQ(code(allocate(alice)), 0);
  elapsed = 599;
  server.expire(now());
  EXPECT_EQ(server.allocationCount(), 1u);
  elapsed = 600;
  server.expire(now());
  EXPECT_EQ(server.allocationCount(), 0u);
  EXPECT_TRUE(relays.open_.empty());
  EXPECT_EQ(code(allocate(alice)), 0);  // quota freed with it
}

TEST_F(TurnServerTest, ClosedConnectionEndsItsAllocation) {
  ASSERT_EQ(code(allocate(bob, "bob")), 0);
  server.connectionClosed(bob);
  EXPECT_EQ(server.allocationCount(), 0u);
  EXPECT_TRUE(relays.open_.empty());
}

TEST_F(TurnServerTest, MalformedResponsesAndBadFingerprintsAreDroppedAndCounted) {
  EXPECT_TRUE(sendRaw({0x00, 0x01, 0x00}, alice).reply.empty());
  EXPECT_EQ(drops(TurnDrop::Malformed), 1u);
  RequestSpec response;
  response.cls = StunClass::SuccessResponse;
  EXPECT_TRUE(sendRaw(build(response), alice).reply.empty());
  EXPECT_EQ(drops(TurnDrop::Unexpected), 1u);
  auto packet = build(RequestSpec{});
  packet.back() ^= 1;
  EXPECT_TRUE(sendRaw(packet, alice).reply.empty());
  EXPECT_EQ(drops(TurnDrop::BadFingerprint), 1u);
  RequestSpec unknownMethod;
  unknownMethod.method = 0x00B;
  EXPECT_EQ(code(parseReply(sendRaw(build(unknownMethod), alice))), error::kBadRequest);
}

TEST_F(TurnServerTest, BindingRequestIsAnsweredWithoutCredentials) {
  RequestSpec binding;
  binding.method = stun::kMethodBinding;
  const TurnMessage reply = parseReply(sendRaw(build(binding), alice));
  EXPECT_EQ(reply.stun.type, stun::kBindingSuccess);
  EXPECT_EQ(reply.stun.xorMappedAddress, alice.address);
}

TEST_F(TurnServerTest, TooSmallReplyBufferIsCountedNotWritten) {
  std::array<uint8_t, 24> tiny{};
  EXPECT_TRUE(server.fromClient(alice, build(RequestSpec{}), now(), tiny).reply.empty());
  EXPECT_EQ(drops(TurnDrop::ReplyTooLarge), 1u);
}

}  // namespace
}  // namespace vicos::turn
