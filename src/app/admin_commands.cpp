// The operator's commands. Each opens the configured store (the SQLite file in the data
// directory, or storage.postgres_url), does one thing, and reports in words; the audit log
// records who did it (P20).
#include "app/admin_commands.hpp"

#include "app/login_throttle.hpp"
#include "cluster/cluster_node.hpp"
#include "ice/candidate_pairs.hpp"
#include "sfu/tcp_connections.hpp"
#include "store/audit_log.hpp"
#include "store/copy_store.hpp"
#include "store/postgres_database.hpp"
#include "store/second_factors.hpp"
#include "store/users.hpp"

namespace vicos::app {
namespace {

std::unique_ptr<store::Database> openDatabase(const Config& config, Console& console) {
  auto db = store::openStorage(storageSettings(config), config.dataDir);
  if (!db) {
    console.err << "vicos: " << db.error().message << "\n";
    return nullptr;
  }
  return std::move(*db);
}

int fail(Console& console, const std::string& message) {
  console.err << "vicos: " << message << "\n";
  return 1;
}

}  // namespace

store::StorageSettings storageSettings(const Config& config) {
  return store::StorageSettings{config.postgresUrl, config.postgresPasswordFile};
}

store::RetentionPolicy retentionPolicy(const Config& config) {
  return store::RetentionPolicy{config.retainAccountsUnusedDays, config.retainAuditDays,
                                config.retainLogDays};
}

store::Result<store::RetentionReport> runRetentionJob(store::Database& db, const Config& config,
                                                      store::UnixSeconds now) {
  store::AuditLog audit(db);
  store::UserStore users(db, audit, [now] { return now; });
  std::optional<std::filesystem::path> logDir;
  if (!config.logDir.empty()) logDir = config.logDir;
  store::SessionStore sessions(db, [now] { return now; });
  return store::runRetention(users, audit, retentionPolicy(config), logDir, now, &sessions);
}

store::Result<privacy::ReportInput> reportInput(store::Database& db, const Config& config,
                                                store::UnixSeconds now, const std::string& version) {
  store::AuditLog audit(db);
  store::UserStore users(db, audit, [now] { return now; });
  auto count = users.count();
  if (!count) return count.error();
  auto lastRun = audit.latest(store::AuditAction::RetentionRun);
  if (!lastRun) return lastRun.error();
  privacy::ReportInput in;
  in.version = version;
  in.generatedAt = now;
  in.serverLocation = config.serverLocation;
  in.controller = config.controller;
  in.controllerContact = config.controllerContact;
  in.noticeUrl = config.privacyNoticeUrl;
  in.imprintUrl = config.imprintUrl;
  in.openRooms = config.roomPolicy == "open";
  in.lobbyDefault = config.lobby;
  in.recording = config.recording;
  in.waitingTimeoutSeconds = config.waitingTimeoutSeconds;
  in.reconnectGraceSeconds = config.reconnectGraceSeconds;
  in.metricsListen = config.metricsListen;
  in.secondFactorRequired = config.requireSecondFactor;
  in.singleSignOn = !config.oidc.issuer.empty();
  in.turnRelay = config.turnEnabled;
  in.certificateConfigured = config.certFile.has_value();
  in.logDir = config.logDir;
  in.loginForgetMinutes = static_cast<unsigned>(ThrottlePolicy{}.forgetAfterMs / 60'000);
  in.mediaAddressesPerPeer = static_cast<unsigned>(ice::CandidatePairs::kMaxPairs);
  in.mediaAddressForgetSeconds = static_cast<unsigned>(ice::CandidatePairs::kConsentTimeout / 1'000'000);
  in.mediaTcpCheckSeconds = static_cast<unsigned>(sfu::TcpLimits{}.checkTimeout / 1'000'000);
  in.retentionIntervalHours = static_cast<unsigned>(kRetentionInterval.count());
  in.retention = retentionPolicy(config);
  in.dataDir = config.dataDir;
  if (!config.postgresUrl.empty()) {
    const auto place = store::postgresPlace(config.postgresUrl);
    in.postgresDatabase = place.database.empty() ? "(default)" : place.database;
    in.postgresHost = place.host;
  }
  in.cluster = !config.clusterRedisUrl.empty();
  in.clusterTtlSeconds = static_cast<unsigned>(cluster::NodeTiming{}.ttl.count() / 1000);
  in.accountCount = *count;
  in.lastRetentionRun = *lastRun;
  return in;
}

int runUserCommand(const UserCommand& command, Console& console) {
  using Action = UserCommand::Action;
  if (command.action == Action::Add) {  // before asking for a password
    if (auto problem = store::checkLogin(command.login)) return fail(console, *problem);
    if (auto problem = store::checkDisplayName(command.name.empty() ? command.login : command.name))
      return fail(console, *problem);
  }
  auto db = openDatabase(command.config, console);
  if (!db) return 1;
  store::AuditLog audit(*db);
  store::UserStore users(*db, audit, console.clock);
  const std::string actor = store::kActorOperator;

  switch (command.action) {
    case Action::Add:
    case Action::Passwd: {
      if (command.action == Action::Passwd) {
        auto existing = users.find(command.login);
        if (!existing) return fail(console, existing.error().message);
        if (!*existing) return fail(console, "no login '" + command.login + "'");
      }
      auto password = console.readPassword(true);
      if (!password) return fail(console, "no password given");
      if (command.action == Action::Passwd) {
        auto ended = users.setPassword(command.login, *password, actor);
        if (!ended) return fail(console, ended.error().message);
        console.out << "changed the password of " << command.login << " (" << *ended << " login session"
                    << (*ended == 1 ? "" : "s") << " ended)\n";
        return 0;
      }
      const std::string name = command.name.empty() ? command.login : command.name;
      if (auto added = users.add(command.login, name, *password, actor, command.admin); !added)
        return fail(console, added.error().message);
      console.out << "added " << command.login << (command.admin ? " with the admin role" : "") << "\n";
      return 0;
    }
    case Action::List: {
      auto list = users.list();
      if (!list) return fail(console, list.error().message);
      for (const auto& user : *list)
        console.out << user.login << "\t" << user.displayName << "\tcreated "
                    << store::formatUtc(user.createdAt) << "\tlast login "
                    << (user.lastLoginAt ? store::formatUtc(*user.lastLoginAt) : "never")
                    << (user.admin ? "\tadmin" : "") << (user.disabled ? "\tdisabled" : "") << "\n";
      return 0;
    }
    case Action::Admin: {
      if (auto result = users.setAdmin(command.login, command.admin, actor); !result)
        return fail(console, result.error().message);
      console.out << (command.admin ? "granted the admin role to " : "revoked the admin role of ")
                  << command.login << "\n";
      return 0;
    }
    case Action::Remove: {
      auto result = users.remove(command.login, actor);
      if (!result) return fail(console, result.error().message);
      console.out << "removed " << command.login
                  << " (the audit log keeps its entries; 'vicos user delete' erases them too)\n";
      return 0;
    }
    case Action::Export: {
      auto data = users.exportData(command.login, actor);
      if (!data) return fail(console, data.error().message);
      console.out << data->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return 0;
    }
    case Action::Delete: {
      auto result = users.erase(command.login, actor);
      if (!result) return fail(console, result.error().message);
      console.out << "erased everything stored about " << command.login << "\n";
      return 0;
    }
    case Action::ResetSecondFactor: {
      // For an organizer who lost the device and the recovery codes; with
      // login.require_second_factor the next login must enrol again (P8).
      store::SecondFactorStore factors(*db, console.clock);
      auto removed = factors.removeAll(command.login);
      if (!removed) return fail(console, removed.error().message);
      if (*removed > 0)
        if (auto s = audit.record(console.clock(), actor, store::AuditAction::SecondFactorRemoved,
                                  command.login, "all");
            !s)
          return fail(console, s.error().message);
      console.out << "removed " << *removed << " second factor" << (*removed == 1 ? "" : "s") << " of "
                  << command.login << "\n";
      return 0;
    }
  }
  return 1;
}

int runRetentionCommand(const RetentionCommand& command, Console& console) {
  auto db = openDatabase(command.config, console);
  if (!db) return 1;
  auto report = runRetentionJob(*db, command.config, console.clock());
  if (!report) return fail(console, report.error().message);
  console.out << "retention run: " << report->summary() << "\n";
  return 0;
}

int runPrivacyReportCommand(const PrivacyReportCommand& command, Console& console,
                            const std::string& version) {
  auto db = openDatabase(command.config, console);
  if (!db) return 1;
  auto input = reportInput(*db, command.config, console.clock(), version);
  if (!input) return fail(console, input.error().message);
  const auto language = command.language == "en" ? privacy::Language::En : privacy::Language::De;
  if (command.format == "json")
    console.out
        << privacy::renderJson(*input, language).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  else
    console.out << privacy::renderMarkdown(*input, language);
  return 0;
}

int runMigrateCommand(const MigrateCommand& command, Console& console) {
  const Config& config = command.config;
  // Database::open would create an empty file; a missing one is a wrong data directory.
  const auto file = std::filesystem::path(config.dataDir) / store::Database::kFileName;
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    return fail(console,
                "no SQLite database " + file.string() + " to migrate (storage.data_dir, --data-dir)");
  if (auto problem = store::checkPostgresUrl(config.postgresUrl)) return fail(console, *problem);
  auto from = store::Database::open(config.dataDir);
  if (!from) return fail(console, from.error().message);
  auto to = store::openPostgresStorage(config.postgresUrl, storageSettings(config));
  if (!to) return fail(console, to.error().message);
  const std::string target = store::postgresPlace(config.postgresUrl).words();
  auto copied = store::copyStore(**from, **to);
  if (!copied) return fail(console, "nothing was copied into " + target + ": " + copied.error().message);
  int64_t rows = 0;
  for (const auto& [table, count] : *copied) {
    console.out << table << "\t" << count << "\n";
    rows += count;
  }
  console.out << "copied " << rows << " rows from " << file.string() << " into " << target
              << ". Set storage.postgres_url on every node and restart them; the SQLite file is left as "
                 "it was (keep it as a backup or delete it).\n";
  return 0;
}

}  // namespace vicos::app
