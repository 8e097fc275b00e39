// Random identifiers via OpenSSL's RAND_bytes.
#include "room/random_ids.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace vicos::room {
namespace {
void fill(void* out, size_t n) {
  if (RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(n)) != 1)
    throw std::runtime_error("the random number generator failed");
}
}  // namespace

std::string randomHex(size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::vector<unsigned char> raw(bytes);
  fill(raw.data(), bytes);
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : raw) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

uint32_t randomU32() {
  uint32_t v = 0;
  while (v == 0) fill(&v, sizeof v);
  return v;
}

uint64_t randomU63() {
  uint64_t v = 0;
  fill(&v, sizeof v);
  return v >> 1;
}

}  // namespace vicos::room
