// ID token verification against real RS256 and ES256 signatures: each refusal reason of
// OpenID Connect Core 3.1.3.7 with a token that differs from a good one in that point only.
#include "oidc/id_token.hpp"

#include <gtest/gtest.h>

#include "oidc/test_signer.hpp"

namespace vicos::oidc {
namespace {

constexpr int64_t kNow = 1'800'000'000;
const char* const kIssuer = "https://id.example.test/realm";

class IdTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sRsa = new test::TestSigner(Alg::RS256, "rsa-1");
    sEc = new test::TestSigner(Alg::ES256, "ec-1");
    sOther = new test::TestSigner(Alg::RS256, "rsa-1");  // same kid, another key
  }
  static void TearDownTestSuite() {
    delete sRsa;
    delete sEc;
    delete sOther;
  }

  std::vector<PublicKey> keys() const {
    const nlohmann::json set{{"keys", {sRsa->jwk(), sEc->jwk()}}};
    return *parseJwks(set.dump());
  }
  static nlohmann::json claims() {
    return {{"iss", kIssuer},    {"aud", "vicos"},  {"sub", "user-42"}, {"nonce", "n-0S6_WzA2Mj"},
            {"exp", kNow + 300}, {"iat", kNow - 5}, {"name", "Ada"}};
  }
  Checked<IdToken> verify(const std::string& token) const {
    return verifyIdToken(token, keys(), TokenExpectation{kIssuer, "vicos", "n-0S6_WzA2Mj", kNow});
  }
  static TokenError errorOf(const Checked<IdToken>& r) {
    EXPECT_TRUE(std::holds_alternative<TokenError>(r)) << "the token was accepted";
    return std::holds_alternative<TokenError>(r) ? std::get<TokenError>(r) : TokenError::Malformed;
  }

  static test::TestSigner* sRsa;
  static test::TestSigner* sEc;
  static test::TestSigner* sOther;
};
test::TestSigner* IdTokenTest::sRsa = nullptr;
test::TestSigner* IdTokenTest::sEc = nullptr;
test::TestSigner* IdTokenTest::sOther = nullptr;

TEST_F(IdTokenTest, AcceptsGoodRs256AndEs256Tokens) {
  for (const auto* signer : {sRsa, sEc}) {
    const auto r = verify(signer->token(claims()));
    ASSERT_TRUE(std::holds_alternative<IdToken>(r)) << tokenErrorName(std::get<TokenError>(r));
    EXPECT_EQ(std::get<IdToken>(r).subject, "user-42");
    EXPECT_EQ(std::get<IdToken>(r).claims["name"], "Ada");
  }
}

TEST_F(IdTokenTest, RefusesWrongSignature) {
  EXPECT_EQ(errorOf(verify(sOther->token(claims()))), TokenError::BadSignature);
  // A valid token whose payload was changed after signing.
  std::string token = sRsa->token(claims());
  auto changed = claims();
  changed["sub"] = "admin";
  const size_t a = token.find('.'), b = token.rfind('.');
  token = token.substr(0, a + 1) + base64UrlEncode(changed.dump()) + token.substr(b);
  EXPECT_EQ(errorOf(verify(token)), TokenError::BadSignature);
}

TEST_F(IdTokenTest, RefusesWrongAudienceAndAuthorizedParty) {
  auto c = claims();
  c["aud"] = "other-client";
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongAudience);
  c["aud"] = nlohmann::json::array({"other-client", "vicos"});
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongAuthorizedParty);  // no azp
  c["azp"] = "other-client";
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongAuthorizedParty);
  c["azp"] = "vicos";
  EXPECT_TRUE(std::holds_alternative<IdToken>(verify(sRsa->token(c))));
}

TEST_F(IdTokenTest, RefusesWrongIssuer) {
  auto c = claims();
  c["iss"] = "https://id.example.test/realm/";  // one character off is another issuer
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongIssuer);
  c.erase("iss");
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongIssuer);
}

TEST_F(IdTokenTest, RefusesAnotherLoginsNonce) {
  auto c = claims();
  c["nonce"] = "from-an-earlier-login";
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongNonce);
  c.erase("nonce");
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::WrongNonce);
}

TEST_F(IdTokenTest, RefusesExpiredOldAndFutureTokens) {
  auto c = claims();
  c["exp"] = kNow - kClockSkewSeconds;
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::Expired);
  c["exp"] = kNow - kClockSkewSeconds + 1;  // within the skew
  EXPECT_TRUE(std::holds_alternative<IdToken>(verify(sRsa->token(c))));
  c = claims();
  c["iat"] = kNow - kMaxTokenAgeSeconds - kClockSkewSeconds - 1;
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::Expired);
  c["iat"] = kNow + kClockSkewSeconds + 1;
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::NotYetValid);
  c.erase("iat");
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::Malformed);
}

TEST_F(IdTokenTest, RefusesAlgNoneAndOtherAlgorithms) {
  const std::string unsigned_ =
      base64UrlEncode(R"({"alg":"none"})") + "." + base64UrlEncode(claims().dump()) + ".";
  EXPECT_EQ(errorOf(verify(unsigned_)), TokenError::UnsupportedAlg);
  // HS256 keyed with public data is the classic confusion attack (RFC 8725 2.1).
  EXPECT_EQ(errorOf(verify(sRsa->sign({{"alg", "HS256"}, {"kid", "rsa-1"}}, claims()))),
            TokenError::UnsupportedAlg);
  // The header names ES256 while the key with this kid is an RSA key.
  EXPECT_EQ(errorOf(verify(sRsa->sign({{"alg", "ES256"}, {"kid", "rsa-1"}}, claims()))),
            TokenError::AlgMismatch);
}

TEST_F(IdTokenTest, RefusesUnknownKid) {
  EXPECT_EQ(errorOf(verify(sRsa->sign({{"alg", "RS256"}, {"kid", "rotated-away"}}, claims()))),
            TokenError::UnknownKey);
  // Without a kid only a set of exactly one key is unambiguous.
  EXPECT_EQ(errorOf(verify(sRsa->sign({{"alg", "RS256"}}, claims()))), TokenError::UnknownKey);
}

TEST_F(IdTokenTest, RefusesMalformedTokensAndMissingSubject) {
  for (const char* bad : {"", "a.b", "a.b.c.d", "!!.e30.", "e30.e30.e30"})
    EXPECT_EQ(errorOf(verify(bad)), TokenError::Malformed) << bad;
  EXPECT_EQ(errorOf(verify(std::string(kMaxTokenBytes + 1, 'a'))), TokenError::Malformed);
  EXPECT_EQ(errorOf(verify(sRsa->sign({{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", {"exp"}}}, claims()))),
            TokenError::Malformed);
  auto c = claims();
  c.erase("sub");
  EXPECT_EQ(errorOf(verify(sRsa->token(c))), TokenError::MissingSubject);
}

}  // namespace
}  // namespace vicos::oidc
