// The organizer decision from group or role claims, and display names from claims.
#include "oidc/organizer_claim.hpp"

#include <gtest/gtest.h>

namespace vicos::oidc {
namespace {

TEST(OrganizerClaim, MatchesStringsArraysAndNestedClaims) {
  const auto claims = nlohmann::json::parse(
      R"({"groups":["staff","teachers"],"role":"organizer","realm_access":{"roles":["vicos-organizer"]}})");
  EXPECT_TRUE(hasOrganizerClaim(claims, "groups", {"teachers"}));
  EXPECT_FALSE(hasOrganizerClaim(claims, "groups", {"students"}));
  EXPECT_TRUE(hasOrganizerClaim(claims, "role", {"organizer"}));
  EXPECT_TRUE(hasOrganizerClaim(claims, "realm_access.roles", {"vicos-organizer"}));
  EXPECT_FALSE(hasOrganizerClaim(claims, "missing", {"staff"}));
  EXPECT_FALSE(hasOrganizerClaim(nlohmann::json::parse(R"({"groups":[["staff"]]})"), "groups", {"staff"}));
  EXPECT_TRUE(hasOrganizerClaim(claims, "missing", {}));  // no values configured: everyone
}

TEST(OrganizerClaim, DisplayNameIsCleanedAndCut) {
  const auto claims = nlohmann::json{{"name", "Ada\nLovelace"}, {"long", std::string(99, 'a') + "\xc3\xa4"}};
  EXPECT_EQ(displayNameFrom(claims, "name", "x"), "AdaLovelace");
  EXPECT_EQ(displayNameFrom(claims, "long", "x"), std::string(99, 'a'));  // not mid-character
  EXPECT_EQ(displayNameFrom(claims, "missing", "fallback"), "fallback");
}

}  // namespace
}  // namespace vicos::oidc
