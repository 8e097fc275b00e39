// Discovery document and token response checks (OpenID Connect Discovery 4.3, RFC 6749 5.1).
#include "oidc/discovery.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vicos::oidc {
namespace {

const std::string kIssuer = "https://id.example.test";

nlohmann::json document() {
  return {{"issuer", kIssuer},
          {"authorization_endpoint", kIssuer + "/auth"},
          {"token_endpoint", kIssuer + "/token"},
          {"jwks_uri", kIssuer + "/jwks"}};
}

TEST(Discovery, AcceptsAGoodDocument) {
  const auto d = parseDiscovery(document().dump(), kIssuer);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->tokenEndpoint, kIssuer + "/token");
}

TEST(Discovery, RefusesAnotherIssuerAndPlainHttpEndpoints) {
  EXPECT_FALSE(parseDiscovery(document().dump(), "https://evil.example.test"));
  auto doc = document();
  doc["token_endpoint"] = "http://id.example.test/token";
  EXPECT_FALSE(parseDiscovery(doc.dump(), kIssuer));
  doc = document();
  doc.erase("jwks_uri");
  EXPECT_FALSE(parseDiscovery(doc.dump(), kIssuer));
  EXPECT_FALSE(parseDiscovery("[]", kIssuer));
}

TEST(Discovery, TokenResponseNeedsABearerIdToken) {
  EXPECT_EQ(parseTokenResponse(R"({"token_type":"bearer","id_token":"a.b.c"})"), "a.b.c");
  EXPECT_FALSE(parseTokenResponse(R"({"token_type":"mac","id_token":"a.b.c"})"));
  EXPECT_FALSE(parseTokenResponse(R"({"token_type":"Bearer"})"));
  EXPECT_FALSE(parseTokenResponse("nonsense"));
}

TEST(Discovery, HttpsUrlShape) {
  EXPECT_TRUE(isHttpsUrl("https://a.test/x?y=1"));
  for (const char* bad :
       {"https://", "http://a.test", "https:///x", "https://a.test/#f", "https://a b", "javascript:1"})
    EXPECT_FALSE(isHttpsUrl(bad)) << bad;
}

}  // namespace
}  // namespace vicos::oidc
