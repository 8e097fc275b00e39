// Reads or makes the TURN secret file in the data directory.
#include "relay/turn_secret.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/base64url.hpp"

namespace vicos::relay {

std::optional<std::string> loadOrCreateTurnSecret(const std::string& dataDir, std::string& error) {
  const std::filesystem::path path = std::filesystem::path(dataDir) / kTurnSecretFile;
  if (std::ifstream in(path); in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() < 16) {
      error = path.string() + " holds fewer than 16 characters";
      return std::nullopt;
    }
    return secret;
  }
  std::array<uint8_t, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    error = "no random bytes for the TURN secret";
    return std::nullopt;
  }
  const std::string secret = base64urlEncode(bytes);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "cannot create " + path.string();
    return std::nullopt;
  }
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) {
    error = "cannot write " + path.string();
    return std::nullopt;
  }
  return secret;
}

}  // namespace vicos::relay
