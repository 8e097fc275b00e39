// Tests of TURN attribute parsing (RFC 8656 18) over real messages and malformed attributes.
#include "turn/turn_message.hpp"

#include <gtest/gtest.h>

#include "stun/stun_test_vectors.hpp"
#include "turn/turn_test_client.hpp"

namespace vicos::turn {
namespace {

using stun::test::hex;
using test::build;
using test::RequestSpec;
using test::v4;

TEST(TurnMessageType, MethodsEncodeAsRfc8656Says) {
  EXPECT_EQ(turnType(kMethodAllocate, StunClass::Request), 0x0003);
  EXPECT_EQ(turnType(kMethodAllocate, StunClass::SuccessResponse), 0x0103);
  EXPECT_EQ(turnType(kMethodAllocate, StunClass::ErrorResponse), 0x0113);
  EXPECT_EQ(turnType(kMethodSend, StunClass::Indication), 0x0016);
  EXPECT_EQ(turnType(kMethodData, StunClass::Indication), 0x0017);
  EXPECT_EQ(turnType(kMethodChannelBind, StunClass::Request), 0x0009);
}

TEST(TurnParse, AllocateRequestWithCredentials) {
  RequestSpec spec;
  spec.lifetime = 1200;
  spec.username = "1700000000:abc";
  spec.realm = "vicos";
  spec.nonce = "n0nce";
  spec.password = "pw";
  const auto packet = build(spec);
  TurnMessage msg;
  ASSERT_EQ(parseTurn(packet, msg), TurnError::None);
  EXPECT_EQ(msg.stun.method, kMethodAllocate);
  EXPECT_EQ(msg.requestedTransport, kTransportUdp);
  EXPECT_EQ(msg.lifetime, 1200u);
  EXPECT_EQ(msg.realm, "vicos");
  EXPECT_EQ(msg.nonce, "n0nce");
  EXPECT_EQ(msg.stun.username, "1700000000:abc");
  EXPECT_FALSE(msg.unknownRequired);
  EXPECT_TRUE(msg.stun.integrityOffset);
  EXPECT_TRUE(stun::verifyFingerprint(packet, msg.stun));
}

TEST(TurnParse, PeersRepeatUpToTheLimit) {
  RequestSpec spec;
  spec.method = kMethodCreatePermission;
  for (uint8_t i = 0; i < kMaxPeersPerRequest; ++i) spec.peers.push_back(v4(10, 0, 0, i, 40000));
  TurnMessage msg;
  ASSERT_EQ(parseTurn(build(spec), msg), TurnError::None);
  EXPECT_EQ(msg.peerCount, kMaxPeersPerRequest);
  EXPECT_FALSE(msg.tooManyPeers);
  EXPECT_EQ(msg.peers[3], v4(10, 0, 0, 3, 40000));

  spec.peers.push_back(v4(10, 0, 0, 99, 40000));
  ASSERT_EQ(parseTurn(build(spec), msg), TurnError::None);
  EXPECT_TRUE(msg.tooManyPeers);
}

TEST(TurnParse, SendIndicationWithIpv6PeerAndData) {
  RequestSpec spec;
  spec.method = kMethodSend;
  spec.cls = StunClass::Indication;
  StunAddress peer;
  peer.family = StunAddress::Family::V6;
  peer.address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  peer.port = 40002;
  spec.peers.push_back(peer);
  spec.data = "hello";
  const auto packet = build(spec);
  TurnMessage msg;
  ASSERT_EQ(parseTurn(packet, msg), TurnError::None);
  EXPECT_EQ(msg.stun.cls, StunClass::Indication);
  ASSERT_EQ(msg.peerCount, 1u);
  EXPECT_EQ(msg.peers[0], peer);
  ASSERT_TRUE(msg.data);
  EXPECT_EQ(std::string(msg.data->begin(), msg.data->end()), "hello");
}

// RFC 5769 2.4 carries REALM and NONCE; the long-term key verifies it.
TEST(TurnParse, Rfc5769LongTermVectorGivesRealmNonceAndKey) {
  const auto packet = hex(stun::test::kSampleLongTermRequest);
  TurnMessage msg;
  ASSERT_EQ(parseTurn(packet, msg), TurnError::None);
  EXPECT_EQ(msg.realm, "example.org");
  EXPECT_EQ(msg.nonce, "f//499k954d6OL34oL9FSTvy64sA");
  const auto key = longTermKey(*msg.stun.username, *msg.realm, "TheMatrIX");
  ASSERT_TRUE(key);
  EXPECT_TRUE(stun::verifyIntegrity(packet, msg.stun, keyView(*key)));
  const auto wrong = longTermKey(*msg.stun.username, *msg.realm, "TheMatrix");
  EXPECT_FALSE(stun::verifyIntegrity(packet, msg.stun, keyView(*wrong)));
}

TEST(TurnParse, UnknownRequiredAttributesAreNotedIncludingReservations) {
  RequestSpec spec;
  spec.extraEmptyAttributes = {0x7FFE};
  TurnMessage msg;
  ASSERT_EQ(parseTurn(build(spec), msg), TurnError::None);
  EXPECT_EQ(msg.unknownRequired, 0x7FFE);

  spec.extraEmptyAttributes = {attr::kEvenPort};
  ASSERT_EQ(parseTurn(build(spec), msg), TurnError::None);
  EXPECT_EQ(msg.unknownRequired, attr::kEvenPort);

  spec.extraEmptyAttributes = {0x8123};  // comprehension-optional: ignored
  ASSERT_EQ(parseTurn(build(spec), msg), TurnError::None);
  EXPECT_FALSE(msg.unknownRequired);
}

// A Binding request header (length patched) followed by one attribute row.
std::vector<uint8_t> withAttribute(const char* row) {
  auto packet = hex("00 03 00 00  21 12 a4 42  01 01 01 01  01 01 01 01  01 01 01 01");
  const auto attribute = hex(row);
  packet.insert(packet.end(), attribute.begin(), attribute.end());
  storeBe16(packet.data() + 2, static_cast<uint16_t>(packet.size() - stun::kHeaderSize));
  return packet;
}

TEST(TurnParseMalformed, TurnAttributesWithWrongShape) {
  struct Case {
    const char* name;
    const char* row;
  };
  const Case cases[] = {
      {"CHANNEL-NUMBER of 2 bytes", "00 0c 00 02  40 00 00 00"},
      {"LIFETIME of 8 bytes", "00 0d 00 08  00 00 00 01  00 00 00 01"},
      {"LIFETIME of 2 bytes", "00 0d 00 02  00 01 00 00"},
      {"XOR-PEER-ADDRESS family 3", "00 12 00 08  00 03 a1 47  e1 12 a6 43"},
      {"XOR-PEER-ADDRESS IPv4 too short", "00 12 00 06  00 01 a1 47  e1 12 00 00"},
      {"XOR-RELAYED-ADDRESS IPv6 with IPv4 length", "00 16 00 08  00 02 a1 47  e1 12 a6 43"},
      {"REQUESTED-TRANSPORT of 1 byte", "00 19 00 01  11 00 00 00"},
      {"REQUESTED-ADDRESS-FAMILY 3", "00 17 00 04  03 00 00 00"},
      {"DONT-FRAGMENT with a value", "00 1a 00 04  00 00 00 00"},
  };
  for (const auto& c : cases) {
    TurnMessage msg;
    EXPECT_EQ(parseTurn(withAttribute(c.row), msg), TurnError::BadAttribute) << c.name;
  }
  TurnMessage msg;
  EXPECT_EQ(parseTurn(withAttribute("00 0d 00 04  00 00 02 58"), msg), TurnError::None);
  EXPECT_EQ(msg.lifetime, 600u);
}

TEST(TurnParseMalformed, OverlongRealmAndNonceAreRejected) {
  std::vector<uint8_t> packet = withAttribute("");
  for (uint16_t type : {stun::attr::kRealm, stun::attr::kNonce}) {
    auto p = packet;
    p.push_back(static_cast<uint8_t>(type >> 8));
    p.push_back(static_cast<uint8_t>(type));
    p.push_back(0x03);
    p.push_back(0x00);  // 768 bytes
    p.insert(p.end(), 768, 'a');
    storeBe16(p.data() + 2, static_cast<uint16_t>(p.size() - stun::kHeaderSize));
    TurnMessage msg;
    EXPECT_EQ(parseTurn(p, msg), TurnError::BadAttribute) << type;
  }
}

TEST(TurnParseMalformed, NotStunIsReported) {
  TurnMessage msg;
  EXPECT_EQ(parseTurn(hex("40 00 00 04  de ad be ef"), msg), TurnError::NotStun);
  EXPECT_EQ(parseTurn({}, msg), TurnError::NotStun);
  EXPECT_STREQ(toString(TurnError::BadAttribute), "bad-turn-attribute");
}

}  // namespace
}  // namespace vicos::turn
