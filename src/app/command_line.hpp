// The `vicos` command line: which command to run and the configuration it runs with.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "app/config.hpp"

namespace vicos::app {

struct ServeCommand {
  Config config;
};
struct HelpCommand {
  std::string text;
};
struct VersionCommand {};
struct UsageError {
  std::string message;
};

using Command = std::variant<ServeCommand, HelpCommand, VersionCommand, UsageError>;

// Defaults, then the file named by --config, then the other flags; validated.
Command parseCommandLine(const std::vector<std::string>& args);

}  // namespace vicos::app
