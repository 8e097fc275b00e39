// A world-readable secret would hand every local user the cluster (docs/security.md "Several
// nodes"), so such a file is refused rather than used.
#include "cluster/secret_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace vicos::cluster {

std::variant<std::string, std::string> readSecretFile(const std::string& path, const char* setting) {
  using Error = std::variant<std::string, std::string>;
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::is_regular_file(status))
    return Error(std::in_place_index<1>, std::string("cannot read ") + setting + " " + path);
  if ((status.permissions() & std::filesystem::perms::others_read) != std::filesystem::perms::none)
    return Error(std::in_place_index<1>, std::string(setting) + " " + path +
                                             " is readable by every user; chmod o-r it (0600 or 0640)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(std::in_place_index<1>, std::string("cannot read ") + setting + " " + path);
  std::string secret{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return Error(std::in_place_index<1>, std::string(setting) + " " + path + " is empty");
  return Error(std::in_place_index<0>, std::move(secret));
}

}  // namespace vicos::cluster
