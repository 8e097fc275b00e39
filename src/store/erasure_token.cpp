// Erasure tokens from the OpenSSL random generator.
#include "store/erasure_token.hpp"

#include <openssl/rand.h>

namespace vicos::store {

Result<std::string> newErasureToken() {
  unsigned char random[16];
  if (RAND_bytes(random, sizeof random) != 1) return Error{"the random generator failed"};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "erased-";
  for (unsigned char b : random) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace vicos::store
