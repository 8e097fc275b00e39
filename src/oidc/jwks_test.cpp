// JWK Set parsing: usable keys kept, everything else skipped without failing the set.
#include "oidc/jwks.hpp"

#include <gtest/gtest.h>

#include "oidc/test_signer.hpp"

namespace vicos::oidc {
namespace {

TEST(Jwks, KeepsRsaAndP256SigningKeysAndSkipsTheRest) {
  const test::TestSigner rsa(Alg::RS256, "r"), ec(Alg::ES256, "e");
  auto encryption = rsa.jwk();
  encryption["kid"] = "enc";
  encryption["use"] = "enc";
  auto lying = ec.jwk();
  lying["kid"] = "lying";
  lying["alg"] = "RS256";
  auto offCurve = ec.jwk();
  offCurve["kid"] = "off";
  offCurve["y"] = offCurve["x"];
  const nlohmann::json set{
      {"keys", {rsa.jwk(), ec.jwk(), encryption, lying, offCurve, {{"kty", "oct"}, {"k", "AAAA"}}, 7}}};
  const auto keys = parseJwks(set.dump());
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(findKey(*keys, "r")->alg, Alg::RS256);
  EXPECT_EQ(findKey(*keys, "e")->alg, Alg::ES256);
  EXPECT_EQ(findKey(*keys, "enc"), nullptr);
  EXPECT_EQ(findKey(*keys, ""), nullptr);  // two keys: a token must name one
}

TEST(Jwks, RefusesShortRsaKeysAndNonSets) {
  nlohmann::json weak{
      {"kty", "RSA"}, {"kid", "w"}, {"n", base64UrlEncode(std::string(128, '\xff'))}, {"e", "AQAB"}};
  EXPECT_TRUE(parseJwks(nlohmann::json{{"keys", {weak}}}.dump())->empty());
  EXPECT_FALSE(parseJwks("[]"));
  EXPECT_FALSE(parseJwks(R"({"keys":{}})"));
  EXPECT_FALSE(parseJwks("{"));
}

}  // namespace
}  // namespace vicos::oidc
