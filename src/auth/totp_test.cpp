// TOTP against the SHA-1 test vectors of RFC 6238 Appendix B, and the window and replay rules.
#include "auth/totp.hpp"

#include <gtest/gtest.h>

namespace vicos::auth {
namespace {

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const std::vector<uint8_t> kRfcSeed = {'1', '2', '3', '4', '5', '6', '7', '8', '9', '0',
                                       '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'};

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  struct Vector {
    int64_t time;
    const char* code;  // 8 digits, as the RFC lists them
  };
  const Vector vectors[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                            {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& v : vectors) {
    EXPECT_EQ(formatCode(hotp(kRfcSeed, static_cast<uint64_t>(totpStep(v.time)), 8), 8), v.code) << v.time;
    // Six digits are the last six of the eight (the same value modulo 10^6).
    EXPECT_EQ(formatCode(hotp(kRfcSeed, static_cast<uint64_t>(totpStep(v.time)))), std::string(v.code + 2));
  }
}

TEST(Totp, AcceptsOneStepEitherSideAndNothingFurther) {
  const int64_t now = 1111111111;
  const int64_t step = totpStep(now);
  for (int64_t offset = -3; offset <= 3; ++offset) {
    const std::string code = formatCode(hotp(kRfcSeed, static_cast<uint64_t>(step + offset)));
    const auto match = matchTotp(kRfcSeed, code, now, 0);
    if (offset >= -1 && offset <= 1) {
      ASSERT_TRUE(match) << offset;
      EXPECT_EQ(*match, step + offset);
    } else {
      EXPECT_FALSE(match) << offset;
    }
  }
}

TEST(Totp, RefusesAStepAlreadyAcceptedAndMalformedInput) {
  const int64_t now = 1234567890;
  const int64_t step = totpStep(now);
  const std::string code = formatCode(hotp(kRfcSeed, static_cast<uint64_t>(step)));
  EXPECT_TRUE(matchTotp(kRfcSeed, code, now, step - 1));
  EXPECT_FALSE(matchTotp(kRfcSeed, code, now, step));  // used already
  EXPECT_TRUE(matchTotp(kRfcSeed, code.substr(0, 3) + " " + code.substr(3), now, 0));
  EXPECT_FALSE(matchTotp(kRfcSeed, code + "0", now, 0));
  EXPECT_FALSE(matchTotp(kRfcSeed, "12a456", now, 0));
  EXPECT_FALSE(matchTotp(kRfcSeed, "", now, 0));
}

TEST(Totp, Base32AndUri) {
  EXPECT_EQ(base32(kRfcSeed), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");  // RFC 4648 section 10 style
  const std::vector<uint8_t> f = {'f', 'o', 'o', 'b', 'a', 'r'};
  EXPECT_EQ(base32(f), "MZXW6YTBOI");  // RFC 4648 section 10, without padding
  EXPECT_EQ(otpauthUri("vicos example", "anna", kRfcSeed),
            "otpauth://totp/vicos%20example:anna?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=vicos%20example&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace vicos::auth
