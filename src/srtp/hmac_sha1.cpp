// HMAC-SHA1 over precomputed inner/outer states (RFC 2104 2).
// The SHA1_* functions are deprecated in OpenSSL 3 but kept, and are the only way to copy a
// keyed SHA1 state without an allocation (see hmac_sha1.hpp).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "srtp/hmac_sha1.hpp"

#include <openssl/crypto.h>

namespace vicos::srtp {

HmacSha1::~HmacSha1() {
  OPENSSL_cleanse(&mInner, sizeof(mInner));
  OPENSSL_cleanse(&mOuter, sizeof(mOuter));
}

bool HmacSha1::setKey(Bytes key) {
  if (key.size() > kMaxKeyLength) return false;
  uint8_t ipad[kMaxKeyLength];
  uint8_t opad[kMaxKeyLength];
  for (size_t i = 0; i < kMaxKeyLength; ++i) {
    const uint8_t k = i < key.size() ? key[i] : 0;
    ipad[i] = k ^ 0x36;
    opad[i] = k ^ 0x5c;
  }
  SHA1_Init(&mInner);
  SHA1_Update(&mInner, ipad, sizeof(ipad));
  SHA1_Init(&mOuter);
  SHA1_Update(&mOuter, opad, sizeof(opad));
  OPENSSL_cleanse(ipad, sizeof(ipad));
  OPENSSL_cleanse(opad, sizeof(opad));
  return true;
}

void HmacSha1::compute(Bytes first, Bytes second, uint8_t out[kDigestLength]) const {
  SHA_CTX ctx = mInner;
  SHA1_Update(&ctx, first.data(), first.size());
  if (!second.empty()) SHA1_Update(&ctx, second.data(), second.size());
  uint8_t inner[kDigestLength];
  SHA1_Final(inner, &ctx);
  ctx = mOuter;
  SHA1_Update(&ctx, inner, sizeof(inner));
  SHA1_Final(out, &ctx);
  OPENSSL_cleanse(&ctx, sizeof(ctx));
}

}  // namespace vicos::srtp
