// HMAC-SHA1 (RFC 2104) with the inner and outer hash states precomputed once per key, so a
// packet costs two SHA1 finishes and no allocation (the SRTP auth transform, RFC 3711 4.2.1).
#pragma once

#include <openssl/sha.h>

#include <cstdint>

#include "common/byte_reader.hpp"

namespace vicos::srtp {

class HmacSha1 {
 public:
  static constexpr size_t kDigestLength = 20;
  static constexpr size_t kMaxKeyLength = 64;  // one SHA1 block; SRTP keys are 20 bytes

  HmacSha1() = default;
  ~HmacSha1();
  HmacSha1(const HmacSha1&) = delete;
  HmacSha1& operator=(const HmacSha1&) = delete;

  // False when the key is longer than one block (never the case for SRTP).
  bool setKey(Bytes key);

  // HMAC over the concatenation first || second (SRTP: packet || ROC).
  void compute(Bytes first, Bytes second, uint8_t out[kDigestLength]) const;

 private:
  // Why the legacy SHA_CTX and not EVP: copying a pre-keyed EVP_MD_CTX (or EVP_MAC_CTX) in
  // OpenSSL 3 goes through the provider's dupctx, which allocates on every packet. SHA_CTX is
  // a plain struct that copies for free and runs the same assembly as the EVP provider.
  SHA_CTX mInner{};
  SHA_CTX mOuter{};
};

}  // namespace vicos::srtp
