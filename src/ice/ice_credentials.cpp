// ICE credential generation from OpenSSL's CSPRNG and validation of the peer's.
#include "ice/ice_credentials.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace vicos::ice {
namespace {

bool allIceChars(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return kIceChars.find(c) != std::string_view::npos; });
}

}  // namespace

std::string randomIceString(size_t length) {
  std::vector<unsigned char> random(length);
  if (length > 0 && RAND_bytes(random.data(), static_cast<int>(length)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  std::string out(length, '\0');
  for (size_t i = 0; i < length; ++i) out[i] = kIceChars[random[i] & 0x3F];
  return out;
}

IceCredentials generateIceCredentials() {
  return {randomIceString(kUfragLength), randomIceString(kPwdLength)};
}

bool isValidUfrag(std::string_view ufrag) {
  return ufrag.size() >= 4 && ufrag.size() <= 256 && allIceChars(ufrag);
}

bool isValidPwd(std::string_view pwd) {
  return pwd.size() >= 22 && pwd.size() <= 256 && allIceChars(pwd);
}

}  // namespace vicos::ice
