// Which backend holds the store: the SQLite file in the data directory unless storage.postgres_url
// names a PostgreSQL database (for several nodes that share their accounts).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace vicos::store {

struct StorageSettings {
  std::string postgresUrl;                     // storage.postgres_url; empty: SQLite
  std::filesystem::path postgresPasswordFile;  // storage.postgres_password_file; may be empty
};

// Opens and migrates the configured backend.
Result<std::unique_ptr<Database>> openStorage(const StorageSettings& settings,
                                              const std::filesystem::path& dataDir);

// Opens the PostgreSQL database at `url` with the password file of `settings` (vicos migrate).
Result<std::unique_ptr<Database>> openPostgresStorage(const std::string& url,
                                                      const StorageSettings& settings);

}  // namespace vicos::store
