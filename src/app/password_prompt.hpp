// Reads a password from standard input: without echo when it is a terminal, else one line.
#pragma once

#include <optional>
#include <string>

namespace vicos::app {

// `confirm` asks a second time on a terminal and fails if the two differ.
std::optional<std::string> readPasswordFromStdin(bool confirm);

}  // namespace vicos::app
