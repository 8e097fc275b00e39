// HMAC-SHA256 through OpenSSL's one-shot HMAC(), cut to 128 bits and written in hex.
#include "cluster/keyed_hash.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace vicos::cluster {

std::string KeyedHash::operator()(std::string_view kind, std::string_view value) const {
  std::string message;
  message.reserve(kind.size() + 1 + value.size());
  message.append(kind).push_back('\n');
  message.append(value);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), mSecret.data(), static_cast<int>(mSecret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < 16; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
  return out;
}

}  // namespace vicos::cluster
