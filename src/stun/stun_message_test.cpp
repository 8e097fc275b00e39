// Tests of STUN parsing, FINGERPRINT and MESSAGE-INTEGRITY against RFC 5769 and malformed input.
#include "stun/stun_message.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>

#include "stun/stun_crypto.hpp"
#include "stun/stun_test_vectors.hpp"

namespace vicos::stun {
namespace {

using test::hex;
using test::kRfc5769Password;

const TransactionId kSampleTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                                  0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

StunError parseError(const std::vector<uint8_t>& packet) {
  StunMessage msg;
  return parseStun(packet, msg);
}

TEST(StunCrc32, KnownCheckValue) {
  const std::string s = "123456789";
  EXPECT_EQ(crc32(Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size())), 0xCBF43926u);
  EXPECT_EQ(crc32(Bytes()), 0u);
}

TEST(StunHmac, Rfc2202Case2) {
  const std::string key = "Jefe";
  const std::string data = "what do ya want for nothing?";
  Sha1Digest mac;
  ASSERT_TRUE(hmacSha1(Bytes(reinterpret_cast<const uint8_t*>(key.data()), key.size()),
                       {Bytes(reinterpret_cast<const uint8_t*>(data.data()), 10),
                        Bytes(reinterpret_cast<const uint8_t*>(data.data()) + 10, data.size() - 10)},
                       mac));
  EXPECT_EQ(std::vector<uint8_t>(mac.begin(), mac.end()),
            hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
}

TEST(StunMessageType, EncodesAndDecodesClassAndMethod) {
  EXPECT_EQ(kBindingRequest, 0x0001);
  EXPECT_EQ(kBindingSuccess, 0x0101);
  EXPECT_EQ(kBindingError, 0x0111);
  EXPECT_EQ(stunMessageType(kMethodBinding, StunClass::Indication), 0x0011);
  for (uint16_t method : {0x001, 0x003, 0x00F, 0x070, 0xF80, 0xFFF}) {
    for (auto cls : {StunClass::Request, StunClass::Indication, StunClass::SuccessResponse,
                     StunClass::ErrorResponse}) {
      const uint16_t type = stunMessageType(method, cls);
      EXPECT_EQ(stunMethod(type), method);
      EXPECT_EQ(stunClass(type), cls);
    }
  }
}

// RFC 5769 2.1.
TEST(StunParse, Rfc5769SampleRequest) {
  const auto packet = hex(test::kSampleRequest);
  ASSERT_EQ(packet.size(), 108u);
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_EQ(msg.type, kBindingRequest);
  EXPECT_EQ(msg.cls, StunClass::Request);
  EXPECT_EQ(msg.method, kMethodBinding);
  EXPECT_EQ(msg.transactionId, kSampleTid);
  ASSERT_TRUE(msg.username);
  EXPECT_EQ(*msg.username, "evtj:h6vY");
  EXPECT_EQ(msg.priority, 0x6e0001ffu);
  EXPECT_EQ(msg.iceControlled, 0x932ff9b151263b36u);
  EXPECT_FALSE(msg.iceControlling);
  EXPECT_FALSE(msg.useCandidate);
  EXPECT_EQ(msg.integrityOffset, 76u);
  EXPECT_EQ(msg.fingerprintOffset, 100u);
  EXPECT_EQ(msg.fingerprint, 0xe57a3bcfu);
  EXPECT_FALSE(msg.unknownRequired);
  EXPECT_TRUE(verifyFingerprint(packet, msg));
  EXPECT_TRUE(verifyIntegrity(packet, msg, kRfc5769Password));
  EXPECT_FALSE(verifyIntegrity(packet, msg, "VOkJxbRl1RmTxUk/WvJxBT"));
  EXPECT_FALSE(verifyIntegrity(packet, msg, ""));
}

// RFC 5769 2.2.
TEST(StunParse, Rfc5769SampleIpv4Response) {
  const auto packet = hex(test::kSampleIpv4Response);
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_EQ(msg.type, kBindingSuccess);
  EXPECT_EQ(msg.cls, StunClass::SuccessResponse);
  EXPECT_EQ(msg.transactionId, kSampleTid);
  ASSERT_TRUE(msg.xorMappedAddress);
  EXPECT_EQ(msg.xorMappedAddress->family, StunAddress::Family::V4);
  EXPECT_EQ(msg.xorMappedAddress->port, 32853);
  EXPECT_EQ(std::vector<uint8_t>(msg.xorMappedAddress->address.begin(),
                                 msg.xorMappedAddress->address.begin() + 4),
            hex("c0 00 02 01"));
  EXPECT_TRUE(verifyFingerprint(packet, msg));
  EXPECT_TRUE(verifyIntegrity(packet, msg, kRfc5769Password));
}

// RFC 5769 2.3.
TEST(StunParse, Rfc5769SampleIpv6Response) {
  const auto packet = hex(test::kSampleIpv6Response);
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_EQ(msg.type, kBindingSuccess);
  ASSERT_TRUE(msg.xorMappedAddress);
  EXPECT_EQ(msg.xorMappedAddress->family, StunAddress::Family::V6);
  EXPECT_EQ(msg.xorMappedAddress->port, 32853);
  EXPECT_EQ(std::vector<uint8_t>(msg.xorMappedAddress->address.begin(),
                                 msg.xorMappedAddress->address.end()),
            hex("20 01 0d b8 12 34 56 78 00 11 22 33 44 55 66 77"));
  EXPECT_TRUE(verifyFingerprint(packet, msg));
  EXPECT_TRUE(verifyIntegrity(packet, msg, kRfc5769Password));
}

// RFC 5769 2.4: long-term credentials, key = MD5(username ":" realm ":" password) (RFC 8489 9.2.2).
TEST(StunParse, Rfc5769SampleLongTermRequest) {
  const auto packet = hex(test::kSampleLongTermRequest);
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_EQ(msg.type, kBindingRequest);
  ASSERT_TRUE(msg.username);
  EXPECT_EQ(*msg.username, "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9");
  EXPECT_EQ(msg.integrityOffset, 92u);
  EXPECT_FALSE(msg.fingerprintOffset);
  EXPECT_FALSE(verifyFingerprint(packet, msg));

  const std::string input = std::string(*msg.username) + ":example.org:TheMatrIX";
  uint8_t key[16];
  unsigned int keySize = 0;
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), key, &keySize, EVP_md5(), nullptr), 1);
  EXPECT_TRUE(verifyIntegrity(packet, msg,
                              std::string_view(reinterpret_cast<const char*>(key), keySize)));
  EXPECT_FALSE(verifyIntegrity(packet, msg, "TheMatrIX"));
}

TEST(StunParse, OptionalOverloadAndDemuxTest) {
  const auto packet = hex(test::kSampleRequest);
  EXPECT_TRUE(parseStun(Bytes(packet)).has_value());
  EXPECT_TRUE(looksLikeStun(packet));
  auto rtp = packet;
  rtp[0] = 0x80;
  EXPECT_FALSE(looksLikeStun(rtp));
  EXPECT_FALSE(parseStun(Bytes(rtp)).has_value());
  EXPECT_FALSE(looksLikeStun(Bytes(packet).first(19)));
}

TEST(StunParseMalformed, EveryTruncationIsRejected) {
  const auto packet = hex(test::kSampleRequest);
  for (size_t n = 0; n < packet.size(); ++n) {
    StunMessage msg;
    EXPECT_NE(parseStun(Bytes(packet).first(n), msg), StunError::None) << n;
  }
  EXPECT_EQ(parseError(std::vector<uint8_t>(packet.begin(), packet.begin() + 19)),
            StunError::TooShort);
  EXPECT_EQ(parseError(std::vector<uint8_t>(packet.begin(), packet.begin() + 100)),
            StunError::BadLength);
}

TEST(StunParseMalformed, HeaderChecks) {
  auto packet = hex(test::kSampleRequest);
  auto bad = packet;
  bad[0] |= 0x40;
  EXPECT_EQ(parseError(bad), StunError::NotStun);
  bad = packet;
  bad[7] ^= 0x01;
  EXPECT_EQ(parseError(bad), StunError::BadCookie);
  bad = packet;
  bad[3] = 0x57;  // not a multiple of 4
  EXPECT_EQ(parseError(bad), StunError::BadLength);
  bad = packet;
  bad[3] = 0x5C;  // longer than the packet
  EXPECT_EQ(parseError(bad), StunError::BadLength);
  bad = packet;
  bad.push_back(0);  // packet longer than the length says
  EXPECT_EQ(parseError(bad), StunError::BadLength);
  // A bare header with no attributes is valid.
  EXPECT_EQ(parseError(std::vector<uint8_t>(packet.begin(), packet.begin() + 20)),
            StunError::BadLength);
  std::vector<uint8_t> header(packet.begin(), packet.begin() + 20);
  header[3] = 0;
  EXPECT_EQ(parseError(header), StunError::None);
}

TEST(StunParseMalformed, AttributeOverrunsMessage) {
  // A SOFTWARE value of 5 bytes where the message leaves 4; then one claiming 65535.
  auto packet = hex("00 01 00 08  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae"
                    "80 22 00 05  61 62 63 64");
  EXPECT_EQ(parseError(packet), StunError::AttributeOverrun);
  packet = hex("00 01 00 04  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae"
               "80 22 ff ff");
  EXPECT_EQ(parseError(packet), StunError::AttributeOverrun);
}

TEST(StunParseMalformed, KnownAttributeWithWrongLength) {
  const char* header = "00 01 00 08  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae";
  EXPECT_EQ(parseError(hex(std::string(header) + "00 24 00 02  00 01 00 00")),
            StunError::BadAttribute);  // PRIORITY of 2 bytes
  EXPECT_EQ(parseError(hex(std::string(header) + "00 25 00 04  00 00 00 00")),
            StunError::BadAttribute);  // USE-CANDIDATE with a value
  EXPECT_EQ(parseError(hex(std::string(header) + "80 28 00 02  00 00 00 00")),
            StunError::BadAttribute);  // FINGERPRINT of 2 bytes
  EXPECT_EQ(parseError(hex(std::string(header) + "00 20 00 04  00 01 a1 47")),
            StunError::BadAttribute);  // XOR-MAPPED-ADDRESS without the address
  EXPECT_EQ(parseError(hex(std::string(header) + "00 09 00 04  00 00 07 01")),
            StunError::BadAttribute);  // ERROR-CODE class 7
  EXPECT_EQ(parseError(hex(std::string(header) + "00 09 00 04  00 00 04 64")),
            StunError::BadAttribute);  // ERROR-CODE number 100
  EXPECT_EQ(parseError(hex("00 01 00 0c  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae"
                           "00 20 00 08  00 03 a1 47  e1 12 a6 43")),
            StunError::BadAttribute);  // address family 3
}

TEST(StunParseMalformed, UnknownAttributesAreNotedNotRejected) {
  const char* header = "00 01 00 08  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae";
  StunMessage msg;
  ASSERT_EQ(parseStun(hex(std::string(header) + "7f 01 00 01  aa 00 00 00"), msg),
            StunError::None);
  EXPECT_EQ(msg.unknownRequired, 0x7f01);
  ASSERT_EQ(parseStun(hex(std::string(header) + "c0 57 00 04  00 00 00 01"), msg),
            StunError::None);  // comprehension-optional (Chrome's network cost)
  EXPECT_FALSE(msg.unknownRequired);
}

TEST(StunParseMalformed, FingerprintMustBeLast) {
  // Sample request with PRIORITY moved after FINGERPRINT (lengths unchanged).
  auto packet = hex(test::kSampleRequest);
  std::vector<uint8_t> moved(packet.begin(), packet.begin() + 40);  // header + SOFTWARE
  moved.insert(moved.end(), packet.begin() + 48, packet.end());     // skip PRIORITY
  moved.insert(moved.end(), packet.begin() + 40, packet.begin() + 48);
  ASSERT_EQ(moved.size(), packet.size());
  EXPECT_EQ(parseError(moved), StunError::AfterFingerprint);
}

TEST(StunParseMalformed, OnlyFingerprintMayFollowIntegrity) {
  auto packet = hex(test::kSampleRequest);
  // Put USERNAME (60..76) after MESSAGE-INTEGRITY (76..100).
  std::vector<uint8_t> moved(packet.begin(), packet.begin() + 60);
  moved.insert(moved.end(), packet.begin() + 76, packet.begin() + 100);
  moved.insert(moved.end(), packet.begin() + 60, packet.begin() + 76);
  moved.insert(moved.end(), packet.begin() + 100, packet.end());
  ASSERT_EQ(moved.size(), packet.size());
  EXPECT_EQ(parseError(moved), StunError::AfterIntegrity);
}

TEST(StunVerify, CorruptionBreaksIntegrityAndFingerprint) {
  const auto original = hex(test::kSampleRequest);
  for (size_t i : {0u, 2u, 8u, 30u, 60u, 72u, 80u}) {
    auto packet = original;
    packet[i] ^= 0x01;
    StunMessage msg;
    if (parseStun(packet, msg) != StunError::None) continue;  // e.g. a type bit became invalid
    EXPECT_FALSE(verifyFingerprint(packet, msg)) << i;
    EXPECT_FALSE(verifyIntegrity(packet, msg, kRfc5769Password)) << i;
  }
  // The fingerprint value itself, outside the integrity.
  auto packet = original;
  packet[107] ^= 0x01;
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_FALSE(verifyFingerprint(packet, msg));
  EXPECT_TRUE(verifyIntegrity(packet, msg, kRfc5769Password));
}

TEST(StunVerify, AbsentAttributesDoNotVerify) {
  auto packet = hex("00 01 00 00  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae");
  StunMessage msg;
  ASSERT_EQ(parseStun(packet, msg), StunError::None);
  EXPECT_FALSE(verifyFingerprint(packet, msg));
  EXPECT_FALSE(verifyIntegrity(packet, msg, kRfc5769Password));
}

TEST(StunError, HasNames) {
  EXPECT_STREQ(toString(StunError::AfterIntegrity), "after-integrity");
  EXPECT_STREQ(toString(StunError::None), "none");
}

}  // namespace
}  // namespace vicos::stun
