// Reads a secret (password, key) from a file that must not be readable by every local user.
#pragma once

#include <string>
#include <variant>

namespace vicos::cluster {

// The file's content without a trailing newline, or an error naming `setting` and the path.
std::variant<std::string, std::string> readSecretFile(const std::string& path, const char* setting);

}  // namespace vicos::cluster
