// Tests of the TURN REST credentials, the long-term key and the server's nonces.
#include "turn/turn_credentials.hpp"

#include <gtest/gtest.h>

#include <array>

#include "stun/stun_test_vectors.hpp"

namespace vicos::turn {
namespace {

const std::array<uint8_t, 4> kClientA = {192, 0, 2, 1};
const std::array<uint8_t, 4> kClientB = {192, 0, 2, 2};

// Expected values computed independently: `printf %s 1700000000:participant | openssl dgst
// -sha1 -hmac north-wind -binary | base64` and Python's hashlib.md5.
TEST(TurnRest, PasswordIsBase64OfHmacSha1) {
  const std::string username = restUsername(1700000000, "participant");
  EXPECT_EQ(username, "1700000000:participant");
  EXPECT_EQ(restPassword("north-wind", username), "qzXeOJ1hAl2033QtmjIjkxPzQSU=");
  EXPECT_NE(restPassword("north-winD", username), restPassword("north-wind", username));
}

TEST(TurnRest, ExpiryIsTheLeadingNumber) {
  EXPECT_EQ(restExpiry("1700000000:participant"), 1700000000);
  EXPECT_EQ(restExpiry("0:x"), 0);
  EXPECT_FALSE(restExpiry("participant"));
  EXPECT_FALSE(restExpiry(":x"));
  EXPECT_FALSE(restExpiry("12a:x"));
  EXPECT_FALSE(restExpiry("-5:x"));
  EXPECT_FALSE(restExpiry("99999999999999999999:x"));  // does not fit; never "forever"
  EXPECT_FALSE(restExpiry(""));
}

TEST(TurnLongTermKey, Md5OfUsernameRealmPassword) {
  const auto key = longTermKey("1700000000:participant", "vicos", "x");
  ASSERT_TRUE(key);
  EXPECT_EQ(std::vector<uint8_t>(key->begin(), key->end()),
            stun::test::hex("00400cebe1b9ba605fbade122ebde6ce"));
}

TEST(TurnNonce, ValidThenStaleAndBoundToTheAddress) {
  const NonceSource nonces("nonce-key", 600);
  const std::string nonce = nonces.issue(1000, kClientA);
  EXPECT_EQ(nonces.check(nonce, 1000, kClientA), NonceSource::Check::Valid);
  EXPECT_EQ(nonces.check(nonce, 1599, kClientA), NonceSource::Check::Valid);
  EXPECT_EQ(nonces.check(nonce, 1600, kClientA), NonceSource::Check::Stale);
  EXPECT_EQ(nonces.check(nonce, 999, kClientA), NonceSource::Check::Stale);  // from the future
  EXPECT_EQ(nonces.check(nonce, 1000, kClientB), NonceSource::Check::Forged);
  EXPECT_EQ(NonceSource("other-key", 600).check(nonce, 1000, kClientA), NonceSource::Check::Forged);
}

TEST(TurnNonce, TamperedOrMalformedNoncesAreForged) {
  const NonceSource nonces("nonce-key", 600);
  std::string nonce = nonces.issue(1000, kClientA);
  std::string later = nonce;
  later[15] = '9';  // a newer issue time under the old MAC
  EXPECT_EQ(nonces.check(later, 1000, kClientA), NonceSource::Check::Forged);
  EXPECT_EQ(nonces.check(nonce.substr(1), 1000, kClientA), NonceSource::Check::Forged);
  std::string badHex = nonce;
  badHex[0] = 'g';
  EXPECT_EQ(nonces.check(badHex, 1000, kClientA), NonceSource::Check::Forged);
  EXPECT_EQ(nonces.check("", 1000, kClientA), NonceSource::Check::Forged);
}

}  // namespace
}  // namespace vicos::turn
