// Tests of StunBuilder: round trips through parseStun, RFC 5769 reproduction, overflow.
#include "stun/stun_builder.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "stun/stun_test_vectors.hpp"

namespace vicos::stun {
namespace {

using test::hex;
using test::kRfc5769Password;

const TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

StunAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  StunAddress address;
  address.family = StunAddress::Family::V4;
  address.address = {a, b, c, d};
  address.port = port;
  return address;
}

// Rebuilding RFC 5769 2.2 (with zero padding, which the RFC's space padding differs from only
// in the SOFTWARE value) gives the same XOR-MAPPED-ADDRESS bytes.
TEST(StunBuilder, XorMappedAddressMatchesRfc5769) {
  std::array<uint8_t, 128> buf{};
  StunBuilder b(buf, kBindingSuccess, kTid);
  b.addXorMappedAddress(v4(192, 0, 2, 1, 32853));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(std::vector<uint8_t>(b.message().begin() + 20, b.message().end()),
            hex("00 20 00 08  00 01 a1 47  e1 12 a6 43"));

  StunAddress six;
  six.family = StunAddress::Family::V6;
  const auto ip = hex("20 01 0d b8 12 34 56 78 00 11 22 33 44 55 66 77");
  std::copy(ip.begin(), ip.end(), six.address.begin());
  six.port = 32853;
  StunBuilder b6(buf, kBindingSuccess, kTid);
  b6.addXorMappedAddress(six);
  ASSERT_TRUE(b6.ok());
  EXPECT_EQ(std::vector<uint8_t>(b6.message().begin() + 20, b6.message().end()),
            hex("00 20 00 14  00 02 a1 47  01 13 a9 fa  a5 d3 f1 79  bc 25 f4 b5  be d2 b9 d9"));
}

// Rebuilding RFC 5769 2.1 attribute by attribute gives the RFC's bytes up to the USERNAME
// padding (the RFC pads with spaces, we with zeros, so MI and FINGERPRINT differ after it),
// and a message that verifies under the same password.
TEST(StunBuilder, ReproducesRfc5769SampleRequestLayout) {
  const auto expected = hex(test::kSampleRequest);
  std::array<uint8_t, 256> buf{};
  StunBuilder b(buf, kBindingRequest, kTid);
  b.addSoftware("STUN test client").addPriority(0x6e0001ff).addIceControlled(0x932ff9b151263b36);
  b.addUsername("evtj:h6vY").addMessageIntegrity(kRfc5769Password).addFingerprint();
  ASSERT_TRUE(b.ok());
  const Bytes out = b.message();
  ASSERT_EQ(out.size(), expected.size());
  EXPECT_TRUE(std::equal(out.begin(), out.begin() + 73, expected.begin()));
  auto parsed = parseStun(out);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(verifyIntegrity(out, *parsed, kRfc5769Password));
  EXPECT_TRUE(verifyFingerprint(out, *parsed));
}

TEST(StunBuilder, BindingRequestRoundTrip) {
  std::array<uint8_t, 256> buf{};
  StunBuilder b(buf, kBindingRequest, kTid);
  b.addUsername("abcd1234:wxyz")
      .addPriority(1853824767)
      .addIceControlling(0x0102030405060708)
      .addUseCandidate()
      .addMessageIntegrity("a-password-of-24-chars!!")
      .addFingerprint();
  ASSERT_TRUE(b.ok());
  const Bytes out = b.message();
  EXPECT_EQ(out.size() % 4, 0u);
  EXPECT_EQ(loadBe16(out.data() + 2), out.size() - 20);
  StunMessage msg;
  ASSERT_EQ(parseStun(out, msg), StunError::None);
  EXPECT_EQ(msg.type, kBindingRequest);
  EXPECT_EQ(msg.transactionId, kTid);
  EXPECT_EQ(msg.username, "abcd1234:wxyz");
  EXPECT_EQ(msg.priority, 1853824767u);
  EXPECT_EQ(msg.iceControlling, 0x0102030405060708u);
  EXPECT_FALSE(msg.iceControlled);
  EXPECT_TRUE(msg.useCandidate);
  EXPECT_TRUE(verifyIntegrity(out, msg, "a-password-of-24-chars!!"));
  EXPECT_FALSE(verifyIntegrity(out, msg, "a-password-of-24-chars!?"));
  EXPECT_TRUE(verifyFingerprint(out, msg));
}

TEST(StunBuilder, ErrorResponseRoundTrip) {
  std::array<uint8_t, 128> buf{};
  StunBuilder b(buf, kBindingError, kTid);
  b.addErrorCode(401, "Unauthenticated").addFingerprint();
  ASSERT_TRUE(b.ok());
  StunMessage msg;
  ASSERT_EQ(parseStun(b.message(), msg), StunError::None);
  EXPECT_EQ(msg.cls, StunClass::ErrorResponse);
  ASSERT_TRUE(msg.errorCode);
  EXPECT_EQ(msg.errorCode->code, 401);
  EXPECT_EQ(msg.errorCode->reason, "Unauthenticated");
  EXPECT_TRUE(verifyFingerprint(b.message(), msg));
  EXPECT_FALSE(msg.integrityOffset);
}

TEST(StunBuilder, Ipv6AddressRoundTrip) {
  std::array<uint8_t, 128> buf{};
  StunAddress six;
  six.family = StunAddress::Family::V6;
  for (size_t i = 0; i < 16; ++i) six.address[i] = static_cast<uint8_t>(0xF0 + i);
  six.port = 443;
  StunBuilder b(buf, kBindingSuccess, kTid);
  b.addXorMappedAddress(six).addXorMappedAddress(v4(10, 0, 0, 1, 9));
  ASSERT_TRUE(b.ok());
  const auto msg = parseStun(b.message());
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->xorMappedAddress, six);  // only the first occurrence counts
}

TEST(StunBuilder, GenericAttributeIsPaddedAndParsed) {
  std::array<uint8_t, 64> buf{};
  const std::array<uint8_t, 3> value = {0xAA, 0xBB, 0xCC};
  StunBuilder b(buf, kBindingRequest, kTid);
  b.addAttribute(0x7001, value).addFingerprint();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(std::vector<uint8_t>(b.message().begin() + 20, b.message().begin() + 28),
            hex("70 01 00 03  aa bb cc 00"));
  const auto msg = parseStun(b.message());
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->unknownRequired, 0x7001);
  EXPECT_TRUE(verifyFingerprint(b.message(), *msg));
}

TEST(StunBuilder, FailsWhenBufferTooSmall) {
  for (size_t n = 0; n < 60; ++n) {
    std::vector<uint8_t> buf(n);
    StunBuilder b(buf, kBindingSuccess, kTid);
    b.addXorMappedAddress(v4(192, 0, 2, 1, 1)).addMessageIntegrity("pw").addFingerprint();
    // 20 header + 12 address + 24 MI + 8 FINGERPRINT = 64.
    EXPECT_FALSE(b.ok()) << n;
    EXPECT_TRUE(b.message().empty());
    EXPECT_EQ(b.size(), 0u);
  }
  std::vector<uint8_t> buf(64);
  StunBuilder b(buf, kBindingSuccess, kTid);
  b.addXorMappedAddress(v4(192, 0, 2, 1, 1)).addMessageIntegrity("pw").addFingerprint();
  EXPECT_TRUE(b.ok());
  EXPECT_EQ(b.size(), 64u);
}

TEST(StunBuilder, RejectsAttributesAfterIntegrityOrFingerprint) {
  std::array<uint8_t, 128> buf{};
  StunBuilder afterMi(buf, kBindingRequest, kTid);
  afterMi.addMessageIntegrity("pw").addPriority(1);
  EXPECT_FALSE(afterMi.ok());
  StunBuilder afterFp(buf, kBindingRequest, kTid);
  afterFp.addFingerprint().addFingerprint();
  EXPECT_FALSE(afterFp.ok());
  StunBuilder badCode(buf, kBindingError, kTid);
  badCode.addErrorCode(200, "OK");
  EXPECT_FALSE(badCode.ok());
  StunBuilder badType(buf, 0xC001, kTid);
  EXPECT_FALSE(badType.ok());
  StunBuilder rawMi(buf, kBindingRequest, kTid);
  rawMi.addAttribute(attr::kMessageIntegrity, Bytes(buf.data(), 20));
  EXPECT_FALSE(rawMi.ok());
  StunBuilder longName(buf, kBindingRequest, kTid);
  longName.addUsername(std::string(kMaxUsernameSize + 1, 'a'));
  EXPECT_FALSE(longName.ok());
}

}  // namespace
}  // namespace vicos::stun
