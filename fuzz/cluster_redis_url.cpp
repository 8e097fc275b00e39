// Fuzzes cluster.redis_url's parser: it never crashes, an accepted URL has a host and a port,
// and no error message repeats an input that holds user information (it may hold a password).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cluster/redis_url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = vicos::cluster::parseRedisUrl(text);
  if (parsed.index() == 0) {
    const auto& url = std::get<0>(parsed);
    if (url.host.empty() || url.port == 0) std::abort();
  } else if (text.find('@') != std::string::npos && std::get<1>(parsed).find(text) != std::string::npos) {
    // An input with user information (where a password would be) is never repeated; inputs
    // without '@' may be part of a fixed message (the corpus holds one such text).
    std::abort();
  }
  return 0;
}
