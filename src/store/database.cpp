// SQLite wrapper: every call's result code is checked and turned into an Error naming the
// database file, so callers never see a raw sqlite3 code.
#include "store/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vicos::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Schema migrations, applied in order, each in its own transaction; PRAGMA user_version
// counts how many have run. Never edit a released entry: append a new one.
const char* const kMigrations[] = {
    // 1: organizer accounts (P7), the audit log of administrative actions (P20) and the
    // server secret that keys pseudonyms of erased logins (P30).
    R"sql(
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        login         TEXT    NOT NULL UNIQUE,
        display_name  TEXT    NOT NULL,
        password_hash TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        last_login_at INTEGER
      ) STRICT;
      CREATE TABLE audit_log (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        actor  TEXT    NOT NULL,
        action TEXT    NOT NULL,
        target TEXT    NOT NULL DEFAULT '',
        detail TEXT    NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE TABLE server_secret (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB    NOT NULL
      ) STRICT;
    )sql",
    // 2: organizer login sessions (P7): only SHA-256 of the cookie's token is kept; a session
    // goes with its account.
    R"sql(
      CREATE TABLE sessions (
        token_hash BLOB    PRIMARY KEY,
        login      TEXT    NOT NULL REFERENCES users(login) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_expires_at ON sessions(expires_at);
      CREATE INDEX sessions_login ON sessions(login);
    )sql",
    // 3: the admin page (docs/operations.md "Admin page"): who may open it, and accounts an
    // admin has disabled (they cannot log in; their sessions were ended when disabled).
    R"sql(
      ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
      ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
    )sql",
    // 4: second factors of organizer logins (P8) and their one-time recovery codes, kept as
    // SHA-256 only; both go with the account. The server secret goes: erasure now names an
    // erased login by a random token that nothing in the database links back (P30).
    R"sql(
      CREATE TABLE second_factors (
        id            INTEGER PRIMARY KEY,
        login         TEXT    NOT NULL REFERENCES users(login) ON DELETE CASCADE,
        kind          TEXT    NOT NULL CHECK (kind IN ('totp', 'passkey')),
        label         TEXT    NOT NULL,
        secret        BLOB,
        credential_id BLOB    UNIQUE,
        public_key    BLOB,
        algorithm     INTEGER,
        counter       INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        last_used_at  INTEGER
      ) STRICT;
      CREATE INDEX second_factors_login ON second_factors(login);
      CREATE TABLE recovery_codes (
        login     TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,
        code_hash BLOB NOT NULL,
        PRIMARY KEY (login, code_hash)
      ) STRICT;
      DROP TABLE server_secret;
    )sql",
    // 5: single sign-on (P9): which issuer's subject an organizer account belongs to; nothing
    // else from the identity provider is kept but the display name in users. Goes with its account.
    R"sql(
      CREATE TABLE sso_identities (
        login   TEXT NOT NULL PRIMARY KEY REFERENCES users(login) ON DELETE CASCADE,
        issuer  TEXT NOT NULL,
        subject TEXT NOT NULL,
        UNIQUE (issuer, subject)
      ) STRICT;
    )sql",
};

Error sqliteError(sqlite3* db, const std::string& what) {
  return Error{what + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : mDb(other.mDb), mStmt(other.mStmt), mBindError(std::move(other.mBindError)) {
  other.mStmt = nullptr;
}

Statement::~Statement() { sqlite3_finalize(mStmt); }

Status Statement::check(int rc, const char* what) {
  if (rc == SQLITE_OK) return Ok{};
  Error error = sqliteError(mDb, what);
  if (!mBindError) mBindError = error;
  return error;
}

Statement& Statement::bind(int index, std::string_view text) {
  (void)check(sqlite3_bind_text(mStmt, index, text.data(), static_cast<int>(text.size()),
                                SQLITE_TRANSIENT),
              "bind");
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  (void)check(sqlite3_bind_int64(mStmt, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> value) {
  if (value) return bind(index, *value);
  (void)check(sqlite3_bind_null(mStmt, index), "bind");
  return *this;
}

Statement& Statement::bindBlob(int index, const std::vector<uint8_t>& blob) {
  (void)check(sqlite3_bind_blob(mStmt, index, blob.data(), static_cast<int>(blob.size()),
                                SQLITE_TRANSIENT),
              "bind");
  return *this;
}

Result<bool> Statement::step() {
  if (mBindError) return *mBindError;
  const int rc = sqlite3_step(mStmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteError(mDb, "query");
}

Status Statement::run() {
  auto result = step();
  if (!result) return result.error();
  return Ok{};
}

std::string Statement::columnText(int column) const {
  const auto* text = sqlite3_column_text(mStmt, column);
  const int size = sqlite3_column_bytes(mStmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size)) : std::string();
}

int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(mStmt, column); }

bool Statement::columnIsNull(int column) const {
  return sqlite3_column_type(mStmt, column) == SQLITE_NULL;
}

std::vector<uint8_t> Statement::columnBlob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(mStmt, column));
  const int size = sqlite3_column_bytes(mStmt, column);
  return data ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>();
}

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
  std::unique_ptr<Database> database(new Database(db, path));
  if (rc != SQLITE_OK) return sqliteError(db, "cannot open " + path.string());
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);  // the CLI and a running server may write at the same time
  // secure_delete overwrites deleted rows with zeros, so erased accounts do not linger in
  // free pages (P30).
  if (auto s = database->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;");
      !s)
    return Error{path.string() + ": " + s.error().message};
  if (auto s = database->migrate(); !s) return Error{path.string() + ": " + s.error().message};
  return database;
}

Database::~Database() { sqlite3_close_v2(mDb); }

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(mDb, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return sqliteError(mDb, "prepare");
  return Statement(mDb, stmt);
}

Status Database::exec(const char* sql) {
  if (sqlite3_exec(mDb, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return sqliteError(mDb, "exec");
  return Ok{};
}

Status Database::transaction(const std::function<Status()>& body) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  Status result = body();
  if (result) result = exec("COMMIT");
  if (!result) (void)exec("ROLLBACK");
  return result;
}

Status Database::checkpoint() {
  int logFrames = 0, checkpointed = 0;
  if (sqlite3_wal_checkpoint_v2(mDb, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed) != SQLITE_OK)
    return sqliteError(mDb, "checkpoint");
  return Ok{};
}

Status Database::probeWrite(std::chrono::milliseconds wait) {
  sqlite3_busy_timeout(mDb, static_cast<int>(wait.count()));
  Status result = exec("BEGIN IMMEDIATE");
  if (result) result = exec("ROLLBACK");
  sqlite3_busy_timeout(mDb, kBusyTimeoutMs);
  return result;
}

Result<std::vector<std::pair<std::string, int64_t>>> Database::rowCounts() {
  auto tables = prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  if (!tables) return tables.error();
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    auto row = tables->step();
    if (!row) return row.error();
    if (!*row) break;
    out.emplace_back(tables->columnText(0), 0);
  }
  for (auto& [name, rows] : out) {
    // The name comes from our own schema, never from a request; quoted as an identifier all the same.
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    auto count = prepare("SELECT count(*) FROM " + quoted + "\"");
    if (!count) return count.error();
    auto row = count->step();
    if (!row) return row.error();
    rows = count->columnInt(0);
  }
  return out;
}

int Database::schemaVersion() {
  auto stmt = prepare("PRAGMA user_version");
  if (!stmt) return -1;
  auto row = stmt->step();
  return row && *row ? static_cast<int>(stmt->columnInt(0)) : -1;
}

int Database::latestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

int64_t Database::changes() const { return sqlite3_changes64(mDb); }

int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(mDb); }

Status Database::migrate() {
  const int current = schemaVersion();
  if (current < 0) return sqliteError(mDb, "reading the schema version");
  if (current > latestSchemaVersion())
    return Error{"the database has schema version " + std::to_string(current) +
                 ", newer than this vicos knows (" + std::to_string(latestSchemaVersion()) +
                 "); use a newer vicos or restore a backup"};
  for (int version = current; version < latestSchemaVersion(); ++version) {
    auto applied = transaction([&]() -> Status {
      if (auto s = exec(kMigrations[version]); !s) return s;
      const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
      return exec(bump.c_str());
    });
    if (!applied)
      return Error{"migration to schema version " + std::to_string(version + 1) + " failed: " +
                   applied.error().message};
  }
  return Ok{};
}

}  // namespace vicos::store
