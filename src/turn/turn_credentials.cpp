// TURN REST credentials, the RFC 8489 long-term key and the server's stateless nonces.
#include "turn/turn_credentials.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <cstdio>

#include "stun/stun_crypto.hpp"

namespace vicos::turn {
namespace {

Bytes asBytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

constexpr size_t kNonceTimeDigits = 16;
constexpr size_t kNonceMacBytes = 12;

std::string hexOf(Bytes bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

}  // namespace

std::string restUsername(int64_t expiresAtUnix, std::string_view tag) {
  return std::to_string(expiresAtUnix) + ":" + std::string(tag);
}

std::string restPassword(std::string_view secret, std::string_view username) {
  stun::Sha1Digest mac{};
  if (!stun::hmacSha1(asBytes(secret), {asBytes(username)}, mac)) return {};
  std::array<unsigned char, 4 * ((stun::kSha1Size + 2) / 3) + 1> text{};
  const int n = EVP_EncodeBlock(text.data(), mac.data(), static_cast<int>(mac.size()));
  return {reinterpret_cast<const char*>(text.data()), static_cast<size_t>(n)};
}

std::optional<int64_t> restExpiry(std::string_view username) {
  const size_t colon = username.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 19) return std::nullopt;
  int64_t value = 0;
  const char* end = username.data() + colon;
  const auto [ptr, ec] = std::from_chars(username.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

std::optional<LongTermKey> longTermKey(std::string_view username, std::string_view realm,
                                       std::string_view password) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return std::nullopt;
  LongTermKey key{};
  unsigned int size = 0;
  const bool ok =
      EVP_DigestInit_ex(ctx, EVP_md5(), nullptr) == 1 &&
      EVP_DigestUpdate(ctx, username.data(), username.size()) == 1 && EVP_DigestUpdate(ctx, ":", 1) == 1 &&
      EVP_DigestUpdate(ctx, realm.data(), realm.size()) == 1 && EVP_DigestUpdate(ctx, ":", 1) == 1 &&
      EVP_DigestUpdate(ctx, password.data(), password.size()) == 1 &&
      EVP_DigestFinal_ex(ctx, key.data(), &size) == 1 && size == key.size();
  EVP_MD_CTX_free(ctx);
  if (!ok) return std::nullopt;
  return key;
}

NonceSource::NonceSource(std::string key, int64_t lifetimeSeconds)
    : mKey(std::move(key)), mLifetime(lifetimeSeconds) {}

std::string NonceSource::mac(uint64_t issued, Bytes clientAddress) const {
  std::array<uint8_t, 8> time{};
  storeBe64(time.data(), issued);
  stun::Sha1Digest digest{};
  if (!stun::hmacSha1(asBytes(mKey), {Bytes(time), clientAddress}, digest)) return {};
  return hexOf(Bytes(digest).first(kNonceMacBytes));
}

std::string NonceSource::issue(int64_t nowUnix, Bytes clientAddress) const {
  char time[kNonceTimeDigits + 1];
  std::snprintf(time, sizeof time, "%016llx", static_cast<unsigned long long>(nowUnix));
  return std::string(time, kNonceTimeDigits) + mac(static_cast<uint64_t>(nowUnix), clientAddress);
}

NonceSource::Check NonceSource::check(std::string_view nonce, int64_t nowUnix, Bytes clientAddress) const {
  if (nonce.size() != kNonceTimeDigits + 2 * kNonceMacBytes) return Check::Forged;
  uint64_t issued = 0;
  const char* end = nonce.data() + kNonceTimeDigits;
  const auto [ptr, ec] = std::from_chars(nonce.data(), end, issued, 16);
  if (ec != std::errc() || ptr != end) return Check::Forged;
  const std::string expected = mac(issued, clientAddress);
  if (expected.empty() || !stun::macEqual(asBytes(expected), asBytes(nonce.substr(kNonceTimeDigits)))) {
    return Check::Forged;
  }
  const auto age = nowUnix - static_cast<int64_t>(issued);
  if (age < 0 || age >= mLifetime) return Check::Stale;
  return Check::Valid;
}

}  // namespace vicos::turn
