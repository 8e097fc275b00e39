// CRC-32 by table and HMAC-SHA1 through OpenSSL's EVP_MAC, for STUN integrity checks.
#include "stun/stun_crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

namespace vicos::stun {
namespace {

// Reflected polynomial 0xEDB88320, the table built at compile time.
constexpr std::array<uint32_t, 256> makeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr auto kCrcTable = makeCrcTable();

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// One fetched HMAC implementation per process, one context per thread (each media worker
// owns its own): EVP_MAC_init re-keys it, so no packet allocates a context.
EVP_MAC_CTX* threadHmacContext() {
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return nullptr;
  thread_local const std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(mac.get()));
  return ctx.get();
}

}  // namespace

uint32_t crc32Update(uint32_t crc, Bytes data) {
  crc = ~crc;
  for (uint8_t b : data) crc = kCrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t crc32(Bytes data) { return crc32Update(0, data); }

bool hmacSha1(Bytes key, std::initializer_list<Bytes> parts, Sha1Digest& out) {
  EVP_MAC_CTX* ctx = threadHmacContext();
  if (ctx == nullptr) return false;
  char digest[] = "SHA1";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  // An empty key is legal for HMAC but OpenSSL wants a non-null pointer for it.
  static const uint8_t kNoKey = 0;
  const uint8_t* keyData = key.empty() ? &kNoKey : key.data();
  if (EVP_MAC_init(ctx, keyData, key.size(), params) != 1) return false;
  for (Bytes part : parts) {
    if (!part.empty() && EVP_MAC_update(ctx, part.data(), part.size()) != 1) return false;
  }
  size_t written = 0;
  if (EVP_MAC_final(ctx, out.data(), &written, out.size()) != 1) return false;
  return written == out.size();
}

bool macEqual(Bytes a, Bytes b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace vicos::stun
