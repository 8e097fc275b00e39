// Random handles and challenges from the OpenSSL generator.
#include "app/pending_logins.hpp"

#include <openssl/rand.h>

namespace vicos::app {

std::vector<uint8_t> randomBytes(size_t n) {
  std::vector<uint8_t> out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) return {};
  return out;
}

std::string newPendingToken() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  const auto random = randomBytes(32);
  if (random.empty()) return token;
  for (uint8_t b : random) {
    token.push_back(kHex[b >> 4]);
    token.push_back(kHex[b & 0xf]);
  }
  return token;
}

}  // namespace vicos::app
