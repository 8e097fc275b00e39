// Tests of the RFC 5764 4.2 keying-material split.
#include "dtls/srtp_keys.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace vicos::dtls {
namespace {

std::vector<uint8_t> counting(size_t n) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), uint8_t{0});
  return v;
}

std::vector<uint8_t> range(uint8_t from, size_t n) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), from);
  return v;
}

TEST(SrtpKeys, GcmSplitsClientKeyServerKeyClientSaltServerSalt) {
  // 16 + 16 + 12 + 12 = 56 bytes: 0..15 client key, 16..31 server key, 32..43 client salt,
  // 44..55 server salt.
  const auto material = counting(56);
  auto client = splitSrtpKeyingMaterial(kSrtpAeadAes128Gcm, material, true);
  ASSERT_TRUE(client);
  EXPECT_EQ(client->profileId, kSrtpAeadAes128Gcm);
  EXPECT_EQ(client->localKey, range(0, 16));
  EXPECT_EQ(client->remoteKey, range(16, 16));
  EXPECT_EQ(client->localSalt, range(32, 12));
  EXPECT_EQ(client->remoteSalt, range(44, 12));

  auto server = splitSrtpKeyingMaterial(kSrtpAeadAes128Gcm, material, false);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->localKey, client->remoteKey);
  EXPECT_EQ(server->remoteKey, client->localKey);
  EXPECT_EQ(server->localSalt, client->remoteSalt);
  EXPECT_EQ(server->remoteSalt, client->localSalt);
}

TEST(SrtpKeys, CmSha1UsesFourteenByteSalts) {
  const auto material = counting(60);  // 16 + 16 + 14 + 14
  auto server = splitSrtpKeyingMaterial(kSrtpAes128CmSha1_80, material, false);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->localKey, range(16, 16));
  EXPECT_EQ(server->remoteKey, range(0, 16));
  EXPECT_EQ(server->localSalt, range(46, 14));
  EXPECT_EQ(server->remoteSalt, range(32, 14));
}

TEST(SrtpKeys, RejectsWrongLengthsAndUnknownProfiles) {
  EXPECT_FALSE(splitSrtpKeyingMaterial(kSrtpAeadAes128Gcm, counting(55), true));
  EXPECT_FALSE(splitSrtpKeyingMaterial(kSrtpAeadAes128Gcm, counting(60), true));
  EXPECT_FALSE(splitSrtpKeyingMaterial(kSrtpAes128CmSha1_80, counting(56), true));
  EXPECT_FALSE(splitSrtpKeyingMaterial(kSrtpAes128CmSha1_80, {}, true));
  EXPECT_FALSE(splitSrtpKeyingMaterial(0x0002, counting(60), true));  // SHA1_32: not offered
  EXPECT_FALSE(srtpKeyLengths(0x0008));
}

}  // namespace
}  // namespace vicos::dtls
