// The store's one connection interface: prepared statements, transactions and schema migrations
// over either backend, the embedded SQLite file (sqlite_database.cpp, the default) or a shared
// PostgreSQL database (postgres_database.cpp). Rooms and rosters never come here (P29); only what
// must be stored (organizer accounts, their login sessions, the audit log) does.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/result.hpp"

namespace vicos::store {

// The SQL spoken by a backend. The store's queries are written once, in the common subset, with
// `?` or `?N` parameters; schema migrations are written per dialect (migrations.cpp).
enum class Dialect { Sqlite, Postgres };

// What a column of the current row holds, as the copy to another backend needs to bind it.
enum class ColumnKind { Null, Integer, Text, Blob };

// One backend's prepared statement; Statement is its only user.
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual Status bindText(int index, std::string_view text) = 0;
  virtual Status bindInt(int index, int64_t value) = 0;
  virtual Status bindNull(int index) = 0;
  virtual Status bindBlob(int index, std::span<const uint8_t> blob) = 0;
  virtual Result<bool> step() = 0;
  virtual int columnCount() const = 0;
  virtual std::string columnName(int column) const = 0;
  virtual ColumnKind columnKind(int column) const = 0;
  virtual std::string columnText(int column) const = 0;
  virtual int64_t columnInt(int column) const = 0;
  virtual std::vector<uint8_t> columnBlob(int column) const = 0;
};

// A prepared statement (RAII). Bind errors are remembered and reported by step().
class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementBackend> backend) : mBackend(std::move(backend)) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, std::string_view text) { return remember(mBackend->bindText(index, text)); }
  Statement& bind(int index, int64_t value) { return remember(mBackend->bindInt(index, value)); }
  Statement& bind(int index, std::optional<int64_t> value) {
    return value ? bind(index, *value) : remember(mBackend->bindNull(index));
  }
  Statement& bindBlob(int index, std::span<const uint8_t> blob) {
    return remember(mBackend->bindBlob(index, blob));
  }

  // true: a row is ready to read; false: the statement has finished.
  Result<bool> step() {
    if (mBindError) return *mBindError;
    return mBackend->step();
  }
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
  Status run() {
    auto result = step();
    if (!result) return result.error();
    return Ok{};
  }

  int columnCount() const { return mBackend->columnCount(); }
  std::string columnName(int column) const { return mBackend->columnName(column); }
  ColumnKind columnKind(int column) const { return mBackend->columnKind(column); }
  std::string columnText(int column) const { return mBackend->columnText(column); }
  int64_t columnInt(int column) const { return mBackend->columnInt(column); }
  bool columnIsNull(int column) const { return columnKind(column) == ColumnKind::Null; }
  // A BLOB or BYTEA as its bytes; any other value as the bytes of its text.
  std::vector<uint8_t> columnBlob(int column) const { return mBackend->columnBlob(column); }

 private:
  Statement& remember(Status status) {
    if (!status && !mBindError) mBindError = status.error();
    return *this;
  }

  std::unique_ptr<StatementBackend> mBackend;
  std::optional<Error> mBindError;
};

class Database {
 public:
  // Opens (or creates, mode 0600) <dataDir>/vicos.db, creating dataDir (mode 0700) if needed,
  // and migrates its schema to the newest version (sqlite_database.cpp).
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& dataDir);
  static constexpr const char* kFileName = "vicos.db";

  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;
  // Takes `?` and `?N` parameters in either dialect.
  virtual Result<Statement> prepare(std::string_view sql) = 0;
  // One or more statements without parameters (schema, pragmas).
  virtual Status exec(const char* sql) = 0;
  // Runs body inside one transaction (SQLite: BEGIN IMMEDIATE, so writers queue; PostgreSQL:
  // READ COMMITTED, where the conditional UPDATEs of the store hold as well); rolls back if body
  // or COMMIT fails.
  virtual Status transaction(const std::function<Status()>& body) = 0;
  // After an erasure: removes the erased rows' old versions (SQLite: copies the write-ahead log
  // into the zeroed pages and truncates it (P30); PostgreSQL: VACUUM of the store's tables).
  virtual Status checkpoint() = 0;
  // An error when the database cannot be written now (locked by a stuck writer, read-only,
  // unreachable), waiting at most `wait`. A full disk shows only at the next commit.
  virtual Status probeWrite(std::chrono::milliseconds wait) = 0;
  // The store's tables, by name, without the backend's own bookkeeping.
  virtual Result<std::vector<std::string>> tableNames() = 0;
  // The number of migrations applied; -1 if it cannot be read.
  virtual int schemaVersion() = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int64_t changes() const = 0;

  // Each table of the schema with its number of rows, by name (the admin page's retention state).
  Result<std::vector<std::pair<std::string, int64_t>>> rowCounts();
  static int latestSchemaVersion();

 protected:
  // Applies the missing migrations of this dialect, each in its own transaction (migrations.cpp).
  Status migrate();
  // Inside a migration's transaction, before the version is read: makes sure no other process
  // migrates at the same time and that the version can be read.
  virtual Status lockSchema() = 0;
  virtual Status setSchemaVersion(int version) = 0;
};

}  // namespace vicos::store
