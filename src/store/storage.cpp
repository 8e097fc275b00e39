// Chooses the backend and reads the PostgreSQL password file; the password is never logged.
#include "store/storage.hpp"

#include <fstream>
#include <iterator>
#include <optional>

#include "store/postgres_database.hpp"

namespace vicos::store {

Result<std::unique_ptr<Database>> openPostgresStorage(const std::string& url,
                                                      const StorageSettings& settings) {
  std::optional<std::string> password;
  if (!settings.postgresPasswordFile.empty()) {
    // A file every local user may read would hand them the accounts (docs/security.md "PostgreSQL").
    std::error_code error;
    const auto status = std::filesystem::status(settings.postgresPasswordFile, error);
    if (!error &&
        (status.permissions() & std::filesystem::perms::others_read) != std::filesystem::perms::none)
      return Error{"storage.postgres_password_file " + settings.postgresPasswordFile.string() +
                   " is readable by every user; chmod o-r it (0600 or 0640)"};
    std::ifstream in(settings.postgresPasswordFile, std::ios::binary);
    if (!in)
      return Error{"cannot read storage.postgres_password_file " + settings.postgresPasswordFile.string()};
    password.emplace(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    while (!password->empty() && (password->back() == '\n' || password->back() == '\r')) password->pop_back();
  }
  return openPostgres(url, password);
}

Result<std::unique_ptr<Database>> openStorage(const StorageSettings& settings,
                                              const std::filesystem::path& dataDir) {
  if (settings.postgresUrl.empty()) return Database::open(dataDir);
  return openPostgresStorage(settings.postgresUrl, settings);
}

}  // namespace vicos::store
