// base64url: RFC 4648 test vectors (section 10) in the URL alphabet, and the refusals.
#include "oidc/base64url.hpp"

#include <gtest/gtest.h>

namespace vicos::oidc {
namespace {

TEST(Base64Url, RoundTripsTheRfcVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64UrlEncode(std::string_view(plain)), encoded);
    EXPECT_EQ(base64UrlDecode(encoded), plain);
  }
}

TEST(Base64Url, RefusesPaddingOtherAlphabetsAndNonCanonicalTails) {
  for (const char* bad : {"Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zh", "Zm9"})
    EXPECT_FALSE(base64UrlDecode(bad)) << bad;
}

}  // namespace
}  // namespace vicos::oidc
