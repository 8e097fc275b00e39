// Entry point of the `vicos` binary.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/admin_commands.hpp"
#include "app/build_info.hpp"
#include "app/command_line.hpp"
#include "app/password_prompt.hpp"
#include "app/serve.hpp"
#include "cluster/secret_file.hpp"
#include "store/postgres_database.hpp"

int main(int argc, char** argv) {
  using namespace vicos::app;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const Command command = parseCommandLine(args);
  if (const auto* help = std::get_if<HelpCommand>(&command)) {
    std::fputs(help->text.c_str(), stdout);
    return 0;
  }
  if (std::holds_alternative<VersionCommand>(command)) {
    std::printf("vicos %s\n", versionText().c_str());
    return 0;
  }
  if (const auto* usage = std::get_if<UsageError>(&command)) {
    std::fprintf(stderr, "vicos: %s\n", usage->message.c_str());
    return 2;
  }
  if (const auto* check = std::get_if<CheckConfigCommand>(&command)) {
    // The URL's rules need libpq, which the configuration reader does not link.
    if (!check->config.postgresUrl.empty())
      if (auto problem = vicos::store::checkPostgresUrl(check->config.postgresUrl)) {
        std::fprintf(stderr, "vicos: %s\n", problem->c_str());
        return 2;
      }
    // The cluster's secret files must exist and be closed to other users (they are read at start).
    const auto& c = check->config;
    const std::pair<std::string, const char*> secrets[] = {
        {c.clusterRedisPasswordFile, "cluster.redis_password_file"}, {c.clusterSecretFile, "cluster.secret_file"}};
    if (!c.clusterRedisUrl.empty())
      for (const auto& [path, setting] : secrets) {
        if (path.empty()) continue;
        auto read = vicos::cluster::readSecretFile(path, setting);
        if (auto* problem = std::get_if<1>(&read)) {
          std::fprintf(stderr, "vicos: %s\n", problem->c_str());
          return 2;
        }
      }
    std::puts("vicos: the configuration is valid");
    return 0;
  }
  Console console{std::cout, std::cerr, readPasswordFromStdin};
  if (const auto* user = std::get_if<UserCommand>(&command)) return runUserCommand(*user, console);
  if (const auto* retention = std::get_if<RetentionCommand>(&command))
    return runRetentionCommand(*retention, console);
  if (const auto* migrate = std::get_if<MigrateCommand>(&command))
    return runMigrateCommand(*migrate, console);
  if (const auto* report = std::get_if<PrivacyReportCommand>(&command))
    return runPrivacyReportCommand(*report, console, versionText());
  return serve(std::get<ServeCommand>(command).config);
}
