// Tests of the cookie helpers of the API seam.
#include "http/api.hpp"

#include <gtest/gtest.h>

namespace vicos::http {
namespace {

TEST(CookieValue, FindsTheNamedCookie) {
  EXPECT_EQ(cookieValue("vicos_session=abc", "vicos_session"), "abc");
  EXPECT_EQ(cookieValue("a=1; vicos_session=abc; b=2", "vicos_session"), "abc");
  EXPECT_EQ(cookieValue("a=1;vicos_session=\"abc\"", "vicos_session"), "abc");
  EXPECT_EQ(cookieValue("vicos_session=first; vicos_session=second", "vicos_session"), "first");
  EXPECT_EQ(cookieValue("vicos_session=", "vicos_session"), "");
}

TEST(CookieValue, IgnoresOtherAndMalformedCookies) {
  EXPECT_FALSE(cookieValue("", "vicos_session"));
  EXPECT_FALSE(cookieValue("xvicos_session=abc", "vicos_session"));
  EXPECT_FALSE(cookieValue("vicos_sessionx=abc", "vicos_session"));
  EXPECT_FALSE(cookieValue("vicos_session", "vicos_session"));
  EXPECT_FALSE(cookieValue(";;; ; =x", "vicos_session"));
}

TEST(SessionCookie, HasTheSecurityFlags) {
  EXPECT_EQ(sessionCookie("abc", 43200),
            "vicos_session=abc; Max-Age=43200; Path=/; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(sessionCookie("", 0), "vicos_session=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace vicos::http
