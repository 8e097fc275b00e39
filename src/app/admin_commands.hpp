// The operator's commands beside `serve`: organizer accounts, the retention job and the
// privacy report. Each returns the process exit code (0 done, 1 failed, 2 usage).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "app/command_line.hpp"
#include "privacy/privacy_report.hpp"
#include "store/database.hpp"
#include "store/retention.hpp"
#include "store/storage.hpp"
#include "store/wall_clock.hpp"

namespace vicos::app {

// Where a command talks to the operator; tests pass string streams and a fixed password.
struct Console {
  std::ostream& out;
  std::ostream& err;
  // Reads a password; `confirm` asks twice. Nothing if the input ended or did not match.
  std::function<std::optional<std::string>(bool confirm)> readPassword;
  store::WallClock clock = store::systemNow;
};

int runUserCommand(const UserCommand& command, Console& console);
int runRetentionCommand(const RetentionCommand& command, Console& console);
int runPrivacyReportCommand(const PrivacyReportCommand& command, Console& console,
                            const std::string& version);
// `vicos migrate`: the SQLite file of the data directory into the empty PostgreSQL database.
int runMigrateCommand(const MigrateCommand& command, Console& console);

// The store the configuration selects.
store::StorageSettings storageSettings(const Config& config);

store::RetentionPolicy retentionPolicy(const Config& config);
// `vicos serve` runs the retention job at start and then this often.
inline constexpr std::chrono::hours kRetentionInterval{6};
// The retention job as `serve` and `vicos retention run` run it.
store::Result<store::RetentionReport> runRetentionJob(store::Database& db, const Config& config,
                                                      store::UnixSeconds now);
// The report's facts from the configuration and the database.
store::Result<privacy::ReportInput> reportInput(store::Database& db, const Config& config,
                                                store::UnixSeconds now, const std::string& version);

}  // namespace vicos::app
