// The embedded SQLite database in the data directory: opening, schema migrations, prepared
// statements and transactions. Rooms and rosters never come here (P29); only what must be
// stored (organizer accounts, their login sessions, the audit log) does.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace vicos::store {

// A prepared statement (RAII). Bind errors are remembered and reported by step().
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : mDb(db), mStmt(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::optional<int64_t> value);
  Statement& bindBlob(int index, const std::vector<uint8_t>& blob);

  // true: a row is ready to read; false: the statement has finished.
  Result<bool> step();
  // Steps through every row, calling `row()` while it is ready to read; the first error stops.
  template <typename Row>
  Status eachRow(Row&& row) {
    for (;;) {
      auto more = step();
      if (!more) return more.error();
      if (!*more) return Ok{};
      row();
    }
  }
  // Runs a statement that returns no rows.
  Status run();

  std::string columnText(int column) const;
  int64_t columnInt(int column) const;
  bool columnIsNull(int column) const;
  std::vector<uint8_t> columnBlob(int column) const;

 private:
  Status check(int rc, const char* what);

  sqlite3* mDb;
  sqlite3_stmt* mStmt;
  std::optional<Error> mBindError;
};

class Database {
 public:
  // Opens (or creates, mode 0600) <dataDir>/vicos.db, creating dataDir (mode 0700) if needed,
  // and migrates its schema to the newest version.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& dataDir);
  static constexpr const char* kFileName = "vicos.db";

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Result<Statement> prepare(std::string_view sql);
  // One or more statements without parameters (schema, pragmas).
  Status exec(const char* sql);
  // Runs body inside BEGIN IMMEDIATE ... COMMIT; rolls back if body or COMMIT fails.
  Status transaction(const std::function<Status()>& body);
  // Copies the write-ahead log into the database file and truncates it to zero bytes, so
  // that erased rows survive in neither file (with secure_delete, P30).
  Status checkpoint();
  // Takes the write lock and gives it back at once (BEGIN IMMEDIATE; ROLLBACK), waiting at most
  // `wait` for another writer: an error when the database cannot be written now (locked by a
  // stuck writer, opened or mounted read-only). A full disk shows only at the next commit.
  Status probeWrite(std::chrono::milliseconds wait);

  // Each table of the schema with its number of rows, by name (the admin page's retention state).
  Result<std::vector<std::pair<std::string, int64_t>>> rowCounts();
  // PRAGMA user_version: the number of migrations applied.
  int schemaVersion();
  static int latestSchemaVersion();
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const;
  // The rowid of the last INSERT on this connection.
  int64_t lastInsertId() const;
  const std::filesystem::path& path() const { return mPath; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : mDb(db), mPath(std::move(path)) {}
  Status migrate();

  sqlite3* mDb;
  std::filesystem::path mPath;
};

}  // namespace vicos::store
