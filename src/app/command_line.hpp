// The `vicos` command line: which command to run and the configuration it runs with. Every
// command reads the same configuration (--config, --data-dir and the other flags of serve).
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
// `vicos user add|list|passwd|admin|remove|export|delete|reset-2fa` (P7, P8, P30).
struct UserCommand {
  enum class Action { Add, List, Passwd, Admin, Remove, Export, Delete, ResetSecondFactor };
  Action action = Action::List;
  std::string login;   // empty for List
  std::string name;    // --name for Add; empty: the login
  bool admin = false;  // Add with --admin; Admin: on (true) or off
  Config config;
};
// `vicos retention run`.
struct RetentionCommand {
  Config config;
};
// `vicos privacy-report [--lang de|en] [--format md|json]` (P33).
struct PrivacyReportCommand {
  Config config;
  std::string language = "de";
  std::string format = "md";
};
// `vicos migrate`: copies the SQLite file of storage.data_dir into the empty PostgreSQL database
// of storage.postgres_url (or --postgres-url).
struct MigrateCommand {
  Config config;
};
// `vicos check-config`: the configuration is read and checked, nothing else is done.
struct CheckConfigCommand {
  Config config;
};
struct UsageError {
  std::string message;
};

using Command = std::variant<ServeCommand, HelpCommand, VersionCommand, UsageError, UserCommand,
                             RetentionCommand, PrivacyReportCommand, CheckConfigCommand, MigrateCommand>;

// Defaults, then the file named by --config, then the other flags; validated.
Command parseCommandLine(const std::vector<std::string>& args);

}  // namespace vicos::app
