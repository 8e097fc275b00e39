// TOTP: HMAC-SHA-1 from OpenSSL, truncation as RFC 4226 section 5.3 describes it.
#include "auth/totp.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace vicos::auth {

uint32_t hotp(std::span<const uint8_t> key, uint64_t counter, unsigned digits) {
  uint8_t message[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) message[i] = static_cast<uint8_t>(counter);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac, &macLength);
  // Dynamic truncation: the low 4 bits of the last byte pick 4 bytes, the top bit is masked.
  const unsigned offset = mac[macLength - 1] & 0x0f;
  const uint32_t binary = (uint32_t{mac[offset]} & 0x7f) << 24 | uint32_t{mac[offset + 1]} << 16 |
                          uint32_t{mac[offset + 2]} << 8 | uint32_t{mac[offset + 3]};
  uint32_t modulus = 1;
  for (unsigned i = 0; i < digits; ++i) modulus *= 10;
  return binary % modulus;
}

int64_t totpStep(int64_t unixSeconds) { return unixSeconds / kTotpStepSeconds; }

std::string formatCode(uint32_t code, unsigned digits) {
  std::string out(digits, '0');
  for (unsigned i = digits; i-- > 0; code /= 10) out[i] = static_cast<char>('0' + code % 10);
  return out;
}

std::optional<int64_t> matchTotp(std::span<const uint8_t> key, std::string_view typed, int64_t unixSeconds,
                                 int64_t lastAccepted) {
  std::string digits;
  for (char c : typed) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != kTotpDigits) return std::nullopt;
  const int64_t now = totpStep(unixSeconds);
  std::optional<int64_t> match;
  // Every step of the window is computed, so the time does not tell which one matched.
  for (int64_t step = now - kTotpWindowSteps; step <= now + kTotpWindowSteps; ++step) {
    const std::string expected = formatCode(hotp(key, static_cast<uint64_t>(step)));
    if (CRYPTO_memcmp(expected.data(), digits.data(), kTotpDigits) == 0 && step > lastAccepted) match = step;
  }
  return match;
}

std::string base32(std::span<const uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

namespace {
std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}
}  // namespace

std::string otpauthUri(std::string_view issuer, std::string_view account, std::span<const uint8_t> key) {
  const std::string i = percentEncode(issuer);
  return "otpauth://totp/" + i + ":" + percentEncode(account) + "?secret=" + base32(key) + "&issuer=" + i +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace vicos::auth
