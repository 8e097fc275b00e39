// Known-answer tests of the packet transforms: RFC 3711 B.2 (AES-CM keystream), RFC 7714
// 16 (AEAD_AES_128_GCM SRTP) and 17 (SRTCP), and the AES-CM/HMAC packet of libsrtp's driver.
#include "srtp/srtp_cipher.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "srtp/test_util.hpp"

namespace vicos::srtp {
namespace {

using test::hex;
using test::toHex;

SessionKeys sessionKeys(const std::vector<uint8_t>& key, const std::vector<uint8_t>& salt,
                        const std::vector<uint8_t>& auth = {}) {
  SessionKeys keys;
  std::copy(key.begin(), key.end(), keys.key.begin());
  std::copy(salt.begin(), salt.end(), keys.salt.begin());
  std::copy(auth.begin(), auth.end(), keys.auth.begin());
  return keys;
}

// RFC 3711 B.2: session key and salt, SSRC 0, index 0; a zero payload becomes the keystream.
TEST(SrtpCipher, Rfc3711B2AesCmKeystream) {
  auto cipher = SrtpCipher::create(
      SrtpProfile::Aes128CmHmacSha1_80,
      sessionKeys(hex("2B7E151628AED2A6ABF7158809CF4F3C"), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD")));
  ASSERT_TRUE(cipher);
  std::vector<uint8_t> packet(12 + 48 + 10, 0);
  packet[0] = 0x80;
  ASSERT_TRUE(cipher->protectRtp(packet.data(), 12, 60, 0, 0));
  EXPECT_EQ(toHex(packet.data() + 12, 48),
            "e03ead0935c95e80e166b16dd92b4eb4"    // counter F0F1...FCFD0000
            "d23513162b02d0f72a43a2fe4a5f97ab"    // ...0001
            "41e95b3bb0a2e8dd477901e4fca894c0");  // ...0002
}

// RFC 7714 16.1: AEAD_AES_128_GCM, session key and salt given directly.
const auto kGcmKey = hex("000102030405060708090a0b0c0d0e0f");
const auto kGcmSalt = hex("517569642070726f2071756f");  // "Quid pro quo"
// RTP header 8040f17b 8041f8d3 5501a0b2 (SEQ 0xf17b, SSRC 0x5501a0b2, ROC 0), payload
// "Gallia est omnis divisa in partes tres".
const auto kGcmRtpPlain = hex(
    "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
    "20646976 69736120 696e2070 61727465 73207472 6573");
const auto kGcmRtpProtected = hex(
    "8040f17b 8041f8d3 5501a0b2"
    "f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
    "899d7f27 beb16a91 52cf765e e4390cce");

TEST(SrtpCipher, Rfc7714Section16RtpProtect) {
  auto cipher = SrtpCipher::create(SrtpProfile::AeadAes128Gcm, sessionKeys(kGcmKey, kGcmSalt));
  ASSERT_TRUE(cipher);
  std::vector<uint8_t> buf(kGcmRtpPlain);
  buf.resize(buf.size() + 16);
  ASSERT_TRUE(cipher->protectRtp(buf.data(), 12, kGcmRtpPlain.size(), 0x5501a0b2, 0xf17b));
  EXPECT_EQ(toHex(buf), toHex(kGcmRtpProtected));
}

TEST(SrtpCipher, Rfc7714Section16RtpUnprotectAndTamper) {
  auto cipher = SrtpCipher::create(SrtpProfile::AeadAes128Gcm, sessionKeys(kGcmKey, kGcmSalt));
  ASSERT_TRUE(cipher);
  std::vector<uint8_t> buf(kGcmRtpProtected);
  ASSERT_TRUE(cipher->unprotectRtp(buf.data(), 12, buf.size(), 0x5501a0b2, 0xf17b));
  buf.resize(buf.size() - 16);
  EXPECT_EQ(toHex(buf), toHex(kGcmRtpPlain));

  // Any flipped bit (header, ciphertext, tag) or a wrong index fails, and the buffer
  // stays as it was.
  for (size_t at : {size_t{1}, size_t{20}, kGcmRtpProtected.size() - 1}) {
    buf = kGcmRtpProtected;
    buf[at] ^= 0x01;
    const auto before = buf;
    EXPECT_FALSE(cipher->unprotectRtp(buf.data(), 12, buf.size(), 0x5501a0b2, 0xf17b)) << at;
    EXPECT_EQ(buf, before);
  }
  buf = kGcmRtpProtected;
  EXPECT_FALSE(cipher->unprotectRtp(buf.data(), 12, buf.size(), 0x5501a0b2, 0x1f17b));
  EXPECT_EQ(buf, kGcmRtpProtected);
}

// RFC 7714 17.1: SRTCP sender report, SSRC "Mars", SRTCP index 0x5d4, E = 1.
const auto kGcmRtcpPlain = hex(
    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef deadbeef");
const auto kGcmRtcpProtected = hex(
    "81c8000d 4d617273"
    "63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda"
    "4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

TEST(SrtpCipher, Rfc7714Section17RtcpProtect) {
  auto cipher = SrtpCipher::create(SrtpProfile::AeadAes128Gcm, sessionKeys(kGcmKey, kGcmSalt));
  ASSERT_TRUE(cipher);
  std::vector<uint8_t> buf(kGcmRtcpPlain);
  buf.resize(buf.size() + cipher->rtcpOverhead());
  ASSERT_TRUE(cipher->protectRtcp(buf.data(), kGcmRtcpPlain.size(), 0x4d617273, 0x5d4));
  EXPECT_EQ(toHex(buf), toHex(kGcmRtcpProtected));
}

TEST(SrtpCipher, Rfc7714Section17RtcpUnprotect) {
  auto cipher = SrtpCipher::create(SrtpProfile::AeadAes128Gcm, sessionKeys(kGcmKey, kGcmSalt));
  ASSERT_TRUE(cipher);
  std::vector<uint8_t> buf(kGcmRtcpProtected);
  const uint32_t eIndex = loadBe32(buf.data() + cipher->srtcpIndexOffset(buf.size()));
  EXPECT_EQ(eIndex, 0x800005d4u);
  ASSERT_TRUE(cipher->unprotectRtcp(buf.data(), buf.size(), 0x4d617273, eIndex));
  buf.resize(buf.size() - cipher->rtcpOverhead());
  EXPECT_EQ(toHex(buf), toHex(kGcmRtcpPlain));

  // The E|index word is authenticated (it is AAD): claiming another index fails.
  buf = kGcmRtcpProtected;
  EXPECT_FALSE(cipher->unprotectRtcp(buf.data(), buf.size(), 0x4d617273, 0x800005d5));
  EXPECT_EQ(buf, kGcmRtcpProtected);
}

// AES_CM_128_HMAC_SHA1_80 packet from libsrtp's srtp_driver (master key of RFC 3711 B.3,
// SSRC 0xcafebabe, SEQ 0x1234), session keys as the KDF gives them.
TEST(SrtpCipher, AesCmHmacSha1Packet) {
  auto keys = deriveSessionKeys(SrtpProfile::Aes128CmHmacSha1_80,
                                hex("e1f97a0d3e018be0d64fa32c06de4139"),
                                hex("0ec675ad498afeebb6960b3aabe6"));
  ASSERT_TRUE(keys);
  auto cipher = SrtpCipher::create(SrtpProfile::Aes128CmHmacSha1_80, keys->rtp);
  ASSERT_TRUE(cipher);
  const auto plain = hex("800f1234decafbadcafebabe abababababababababababababababab");
  const auto expected = hex(
      "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
  std::vector<uint8_t> buf(plain);
  buf.resize(plain.size() + 10);
  ASSERT_TRUE(cipher->protectRtp(buf.data(), 12, plain.size(), 0xcafebabe, 0x1234));
  EXPECT_EQ(toHex(buf), toHex(expected));

  ASSERT_TRUE(cipher->unprotectRtp(buf.data(), 12, buf.size(), 0xcafebabe, 0x1234));
  EXPECT_EQ(toHex(buf.data(), plain.size()), toHex(plain));

  // The ROC is authenticated: the same bytes under ROC 1 fail, and nothing changes.
  buf = expected;
  EXPECT_FALSE(cipher->unprotectRtp(buf.data(), 12, buf.size(), 0xcafebabe, 0x11234));
  EXPECT_EQ(buf, expected);
}

TEST(SrtpCipher, RejectsImpossibleLengths) {
  auto cipher = SrtpCipher::create(SrtpProfile::AeadAes128Gcm, sessionKeys(kGcmKey, kGcmSalt));
  ASSERT_TRUE(cipher);
  uint8_t buf[64] = {0x80};
  EXPECT_FALSE(cipher->unprotectRtp(buf, 12, 15, 1, 1));   // shorter than the tag
  EXPECT_FALSE(cipher->unprotectRtp(buf, 20, 30, 1, 1));   // header runs into the tag
  EXPECT_FALSE(cipher->protectRtp(buf, 13, 12, 1, 1));     // header past the end
  EXPECT_FALSE(cipher->unprotectRtcp(buf, 27, 1, 0x80000001));  // < 8 + 20
  EXPECT_FALSE(cipher->protectRtcp(buf, 8, 1, 0x80000000));  // index needs 31 bits
}

}  // namespace
}  // namespace vicos::srtp
