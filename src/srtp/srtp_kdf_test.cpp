// Tests of the SRTP key derivation against RFC 3711 Appendix B.3, and of profile lookup.
#include "srtp/srtp_kdf.hpp"

#include <gtest/gtest.h>

#include "srtp/test_util.hpp"

namespace vicos::srtp {
namespace {

using test::hex;
using test::toHex;

// RFC 3711 B.3: master key and salt, packet index 0, kdr 0.
const auto kMasterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
const auto kMasterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");

TEST(SrtpKdf, Rfc3711B3CipherKey) {
  uint8_t out[16];
  ASSERT_TRUE(deriveKey(kMasterKey, kMasterSalt, KdfLabel::RtpEncryption, out));
  EXPECT_EQ(toHex(out, 16), "c61e7a93744f39ee10734afe3ff7a087");
}

TEST(SrtpKdf, Rfc3711B3CipherSalt) {
  uint8_t out[14];
  ASSERT_TRUE(deriveKey(kMasterKey, kMasterSalt, KdfLabel::RtpSalt, out));
  EXPECT_EQ(toHex(out, 14), "30cbbc08863d8c85d49db34a9ae1");
}

TEST(SrtpKdf, Rfc3711B3AuthKeyFirst32Bytes) {
  uint8_t out[32];
  ASSERT_TRUE(deriveKey(kMasterKey, kMasterSalt, KdfLabel::RtpAuth, out));
  EXPECT_EQ(toHex(out, 32),
            "cebe321f6ff7716b6fd4ab49af256a15"
            "6d38baa48f0a0acf3c34e2359e6cdbce");
}

TEST(SrtpKdf, SessionKeysOfTheHmacProfile) {
  auto keys = deriveSessionKeys(SrtpProfile::Aes128CmHmacSha1_80, kMasterKey, kMasterSalt);
  ASSERT_TRUE(keys);
  EXPECT_EQ(toHex(keys->rtp.key), "c61e7a93744f39ee10734afe3ff7a087");
  EXPECT_EQ(toHex(keys->rtp.salt), "30cbbc08863d8c85d49db34a9ae1");
  EXPECT_EQ(toHex(keys->rtp.auth), "cebe321f6ff7716b6fd4ab49af256a156d38baa4");
  // SRTCP keys use labels 3..5 and so differ from the SRTP ones.
  uint8_t rtcpKey[16];
  ASSERT_TRUE(deriveKey(kMasterKey, kMasterSalt, KdfLabel::RtcpEncryption, rtcpKey));
  EXPECT_EQ(toHex(keys->rtcp.key), toHex(rtcpKey, 16));
  EXPECT_NE(keys->rtcp.key, keys->rtp.key);
  EXPECT_NE(keys->rtcp.auth, keys->rtp.auth);
}

TEST(SrtpKdf, GcmUsesTwelveByteSaltAndNoAuthKey) {
  const auto salt12 = hex("0EC675AD498AFEEBB6960B3A");
  auto keys = deriveSessionKeys(SrtpProfile::AeadAes128Gcm, kMasterKey, salt12);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->rtp.salt[12], 0);
  EXPECT_EQ(keys->rtp.salt[13], 0);
  EXPECT_EQ(keys->rtp.auth, (std::array<uint8_t, 20>{}));
  // The label sits at salt byte 7 whatever the salt length, so the 12-byte salt padded with
  // zeros gives the same key as the 14-byte one with zero tail.
  auto padded = salt12;
  padded.push_back(0);
  padded.push_back(0);
  uint8_t viaPadded[16];
  ASSERT_TRUE(deriveKey(kMasterKey, padded, KdfLabel::RtpEncryption, viaPadded));
  EXPECT_EQ(toHex(keys->rtp.key), toHex(viaPadded, 16));
}

TEST(SrtpKdf, RejectsWrongLengths) {
  uint8_t out[16];
  EXPECT_FALSE(deriveKey(Bytes(kMasterKey).first(15), kMasterSalt, KdfLabel::RtpEncryption, out));
  EXPECT_FALSE(deriveKey(kMasterKey, Bytes(kMasterSalt).first(13), KdfLabel::RtpEncryption, out));
  uint8_t tooLong[33];
  EXPECT_FALSE(deriveKey(kMasterKey, kMasterSalt, KdfLabel::RtpEncryption, tooLong));
  // Each profile wants its own salt length.
  EXPECT_FALSE(deriveSessionKeys(SrtpProfile::AeadAes128Gcm, kMasterKey, kMasterSalt));
  EXPECT_FALSE(deriveSessionKeys(SrtpProfile::Aes128CmHmacSha1_80, kMasterKey,
                                 Bytes(kMasterSalt).first(12)));
}

TEST(SrtpProfile, DtlsIds) {
  EXPECT_EQ(profileFromDtlsId(0x0001), SrtpProfile::Aes128CmHmacSha1_80);
  EXPECT_EQ(profileFromDtlsId(0x0007), SrtpProfile::AeadAes128Gcm);
  EXPECT_FALSE(profileFromDtlsId(0x0002));  // SHA1_32: not supported
  EXPECT_FALSE(profileFromDtlsId(0x0008));  // AES-256-GCM: not supported
  EXPECT_EQ(dtlsIdOf(SrtpProfile::AeadAes128Gcm), 0x0007);
  EXPECT_EQ(dtlsIdOf(SrtpProfile::Aes128CmHmacSha1_80), 0x0001);
  EXPECT_EQ(saltLength(SrtpProfile::AeadAes128Gcm), 12u);
  EXPECT_EQ(saltLength(SrtpProfile::Aes128CmHmacSha1_80), 14u);
  EXPECT_EQ(tagLength(SrtpProfile::AeadAes128Gcm), 16u);
  EXPECT_EQ(tagLength(SrtpProfile::Aes128CmHmacSha1_80), 10u);
}

}  // namespace
}  // namespace vicos::srtp
