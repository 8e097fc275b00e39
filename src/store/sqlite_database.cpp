// The SQLite backend: the embedded database file in the data directory. Every call's result code
// is checked and turned into an Error naming the file, so callers never see a raw sqlite3 code.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/database.hpp"

namespace vicos::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

Error sqliteError(sqlite3* db, const std::string& what) {
  return Error{what + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}

class SqliteStatement final : public StatementBackend {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : mDb(db), mStmt(stmt) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() override { sqlite3_finalize(mStmt); }

  Status bindText(int index, std::string_view text) override {
    return check(
        sqlite3_bind_text(mStmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  Status bindInt(int index, int64_t value) override { return check(sqlite3_bind_int64(mStmt, index, value)); }
  Status bindNull(int index) override { return check(sqlite3_bind_null(mStmt, index)); }
  Status bindBlob(int index, std::span<const uint8_t> blob) override {
    return check(
        sqlite3_bind_blob(mStmt, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT));
  }

  Result<bool> step() override {
    const int rc = sqlite3_step(mStmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqliteError(mDb, "query");
  }

  int columnCount() const override { return sqlite3_column_count(mStmt); }
  std::string columnName(int column) const override { return sqlite3_column_name(mStmt, column); }
  ColumnKind columnKind(int column) const override {
    switch (sqlite3_column_type(mStmt, column)) {
      case SQLITE_NULL: return ColumnKind::Null;
      case SQLITE_INTEGER: return ColumnKind::Integer;
      case SQLITE_BLOB: return ColumnKind::Blob;
      default: return ColumnKind::Text;
    }
  }
  std::string columnText(int column) const override {
    const auto* text = sqlite3_column_text(mStmt, column);
    const int size = sqlite3_column_bytes(mStmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size)) : std::string();
  }
  int64_t columnInt(int column) const override { return sqlite3_column_int64(mStmt, column); }
  std::vector<uint8_t> columnBlob(int column) const override {
    const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(mStmt, column));
    const int size = sqlite3_column_bytes(mStmt, column);
    return data ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>();
  }

 private:
  Status check(int rc) {
    if (rc == SQLITE_OK) return Ok{};
    return sqliteError(mDb, "bind");
  }

  sqlite3* mDb;
  sqlite3_stmt* mStmt;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : mDb(db) {}
  ~SqliteDatabase() override { sqlite3_close_v2(mDb); }

  Status configure() {
    sqlite3_extended_result_codes(mDb, 1);
    sqlite3_busy_timeout(mDb, kBusyTimeoutMs);  // the CLI and a running server may write at the same time
    // secure_delete overwrites deleted rows with zeros, so erased accounts do not linger in
    // free pages (P30).
    if (auto s = exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;");
        !s)
      return s;
    return migrate();
  }

  Dialect dialect() const override { return Dialect::Sqlite; }

  Result<Statement> prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(mDb, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      return sqliteError(mDb, "prepare");
    return Statement(std::make_unique<SqliteStatement>(mDb, stmt));
  }

  Status exec(const char* sql) override {
    if (sqlite3_exec(mDb, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return sqliteError(mDb, "exec");
    return Ok{};
  }

  Status transaction(const std::function<Status()>& body) override {
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
    Status result = body();
    if (result) result = exec("COMMIT");
    if (!result) (void)exec("ROLLBACK");
    return result;
  }

  // Copies the write-ahead log into the database file and truncates it to zero bytes, so
  // that erased rows survive in neither file (with secure_delete, P30).
  Status checkpoint() override {
    int logFrames = 0, checkpointed = 0;
    if (sqlite3_wal_checkpoint_v2(mDb, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed) !=
        SQLITE_OK)
      return sqliteError(mDb, "checkpoint");
    return Ok{};
  }

  // Takes the write lock and gives it back at once (BEGIN IMMEDIATE; ROLLBACK).
  Status probeWrite(std::chrono::milliseconds wait) override {
    sqlite3_busy_timeout(mDb, static_cast<int>(wait.count()));
    Status result = exec("BEGIN IMMEDIATE");
    if (result) result = exec("ROLLBACK");
    sqlite3_busy_timeout(mDb, kBusyTimeoutMs);
    return result;
  }

  Result<std::vector<std::string>> tableNames() override {
    auto tables = prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    if (!tables) return tables.error();
    std::vector<std::string> out;
    auto done = tables->eachRow([&] { out.push_back(tables->columnText(0)); });
    if (!done) return done.error();
    return out;
  }

  int schemaVersion() override {
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt) return -1;
    auto row = stmt->step();
    return row && *row ? static_cast<int>(stmt->columnInt(0)) : -1;
  }

  int64_t changes() const override { return sqlite3_changes64(mDb); }

 protected:
  Status lockSchema() override { return Ok{}; }  // BEGIN IMMEDIATE holds the write lock already
  Status setSchemaVersion(int version) override {
    const std::string bump = "PRAGMA user_version = " + std::to_string(version);
    return exec(bump.c_str());
  }

 private:
  sqlite3* mDb;
};

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& dataDir) {
  std::error_code ec;
  if (!std::filesystem::exists(dataDir, ec)) {
    std::filesystem::create_directories(dataDir, ec);
    if (ec) return Error{"cannot create the data directory " + dataDir.string() + ": " + ec.message()};
    ::chmod(dataDir.c_str(), 0700);
  }
  const auto path = dataDir / kFileName;
  // Create the file ourselves so that it is 0600 from its first byte; SQLite gives the
  // -wal and -shm files the mode of the database file.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error{"cannot open " + path.string() + ": " + std::strerror(errno)};
  ::fchmod(fd, 0600);
  ::close(fd);

  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto database = std::make_unique<SqliteDatabase>(db);
  if (rc != SQLITE_OK) return sqliteError(db, "cannot open " + path.string());
  if (auto s = database->configure(); !s) return Error{path.string() + ": " + s.error().message};
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace vicos::store
