// libpq behind the store's Database interface. Statements run with the extended query protocol
// (PQexecParams: parameters travel apart from the SQL text), results come back as text; BYTEA
// travels in its hex form. One connection, used by one thread, as the SQLite handle is.
// libpq rather than libpqxx: it is PostgreSQL's own client with a stable C interface, its errors
// are values that map onto Result without exceptions, and the store needs only a dozen calls.
#include "store/postgres_database.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace vicos::store {
namespace {

// Type OIDs of PostgreSQL's catalogue (pg_type.dat); stable across versions.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kByteaOid = 17;
// Serialises migrations of nodes that start at the same time (pg_advisory_xact_lock).
constexpr const char* kSchemaLockKey = "7626596";

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

bool isLocalHost(const std::string& host) {
  return host.empty() || host.front() == '/' || host.front() == '@' || host == "localhost" ||
         host == "127.0.0.1" || host == "::1";
}

std::string effectiveOption(PGconn* conn, const char* keyword) {
  std::string value;
  PQconninfoOption* options = PQconninfo(conn);
  for (auto* o = options; o && o->keyword; ++o)
    if (std::string_view(o->keyword) == keyword && o->val) value = o->val;
  PQconninfoFree(options);
  return value;
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PGconn* conn) : mConn(conn) {}
  ~PostgresDatabase() override { PQfinish(mConn); }

  Dialect dialect() const override { return Dialect::Postgres; }

  // Reconnects a connection that broke (a restarted server) when no transaction is open.
  Status ensureConnected() {
    if (PQstatus(mConn) == CONNECTION_OK) return Ok{};
    if (!mInTransaction) PQreset(mConn);
    if (PQstatus(mConn) == CONNECTION_OK) return Ok{};
    return Error{"the PostgreSQL server cannot be reached: " + trimmed(PQerrorMessage(mConn))};
  }

  // Runs one statement; the result when it succeeded.
  Result<ResultPtr> run(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    ResultPtr result(PQexecParams(mConn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0),
                     &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error{"query: " + trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(mConn))};
    const std::string_view command = PQcmdStatus(result.get());
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") || command.starts_with("DELETE")) {
      const std::string_view rows = PQcmdTuples(result.get());
      mChanges = 0;
      std::from_chars(rows.data(), rows.data() + rows.size(), mChanges);
    }
    return result;
  }

  Result<Statement> prepare(std::string_view sql) override;

  Status exec(const char* sql) override {
    if (auto s = ensureConnected(); !s) return s;
    ResultPtr result(PQexec(mConn, sql), &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return Error{"exec: " + trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(mConn))};
    return Ok{};
  }

  Status transaction(const std::function<Status()>& body) override {
    if (mInTransaction) return Error{"a transaction is open already"};
    if (auto s = exec("BEGIN"); !s) return s;
    mInTransaction = true;
    Status result = body();
    if (result) result = exec("COMMIT");
    if (!result) (void)exec("ROLLBACK");
    mInTransaction = false;
    return result;
  }

  // PostgreSQL has no secure_delete: VACUUM removes the erased rows' dead versions from the tables
  // and their indexes; their bytes may remain in free space and in the write-ahead log until
  // overwritten (docs/privacy.md).
  Status checkpoint() override {
    auto tables = tableNames();
    if (!tables) return tables.error();
    for (const auto& table : *tables) {
      const std::string vacuum = "VACUUM \"" + table + "\"";
      if (auto s = exec(vacuum.c_str()); !s) return s;
    }
    return Ok{};
  }

  // A real write (of the version row, rolled back), so that a read-only server, a standby and a
  // lock held too long all show.
  Status probeWrite(std::chrono::milliseconds wait) override {
    if (auto s = exec("BEGIN"); !s) return s;
    const std::string probe = "SET LOCAL statement_timeout = " + std::to_string(wait.count()) +
                              "; UPDATE vicos_schema SET version = version";
    Status result = exec(probe.c_str());
    (void)exec("ROLLBACK");
    return result;
  }

  Result<std::vector<std::string>> tableNames() override {
    auto tables = prepare(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'vicos_schema' "
        "ORDER BY tablename");
    if (!tables) return tables.error();
    std::vector<std::string> out;
    auto done = tables->eachRow([&] { out.push_back(tables->columnText(0)); });
    if (!done) return done.error();
    return out;
  }

  int schemaVersion() override {
    auto stmt = prepare("SELECT version FROM vicos_schema");
    if (!stmt) return -1;
    auto row = stmt->step();
    return row && *row ? static_cast<int>(stmt->columnInt(0)) : -1;
  }

  int64_t changes() const override { return mChanges; }

  using Database::migrate;

 protected:
  Status lockSchema() override {
    const std::string lock =
        std::string("SELECT pg_advisory_xact_lock(") + kSchemaLockKey +
        ");"
        "CREATE TABLE IF NOT EXISTS vicos_schema (version INTEGER NOT NULL);"
        "INSERT INTO vicos_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM vicos_schema)";
    return exec(lock.c_str());
  }
  Status setSchemaVersion(int version) override {
    const std::string bump = "UPDATE vicos_schema SET version = " + std::to_string(version);
    return exec(bump.c_str());
  }

 private:
  PGconn* mConn;
  int64_t mChanges = 0;
  bool mInTransaction = false;
};

class PostgresStatement final : public StatementBackend {
 public:
  PostgresStatement(PostgresDatabase& db, std::string sql, int params)
      : mDb(db), mSql(std::move(sql)), mParams(static_cast<size_t>(params)) {}

  Status bindText(int index, std::string_view text) override { return set(index, std::string(text)); }
  Status bindInt(int index, int64_t value) override { return set(index, std::to_string(value)); }
  Status bindNull(int index) override { return set(index, std::nullopt); }
  // BYTEA's hex input form: \x and two hex digits per byte.
  Status bindBlob(int index, std::span<const uint8_t> blob) override {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = "\\x";
    text.reserve(2 + 2 * blob.size());
    for (uint8_t b : blob) text += {kHex[b >> 4], kHex[b & 15]};
    return set(index, std::move(text));
  }

  Result<bool> step() override {
    if (!mResult) {
      auto result = mDb.run(mSql, mParams);
      if (!result) return result.error();
      mResult = std::move(*result);
      mRows = PQntuples(mResult.get());
      mRow = -1;
    }
    return ++mRow < mRows;
  }

  int columnCount() const override { return mResult ? PQnfields(mResult.get()) : 0; }
  std::string columnName(int column) const override { return PQfname(mResult.get(), column); }
  ColumnKind columnKind(int column) const override {
    if (PQgetisnull(mResult.get(), mRow, column)) return ColumnKind::Null;
    const Oid type = PQftype(mResult.get(), column);
    if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) return ColumnKind::Integer;
    return type == kByteaOid ? ColumnKind::Blob : ColumnKind::Text;
  }
  // As SQLite does, a BYTEA value read as text is its bytes.
  std::string columnText(int column) const override {
    if (PQftype(mResult.get(), column) == kByteaOid) {
      const auto bytes = columnBlob(column);
      return std::string(bytes.begin(), bytes.end());
    }
    return std::string(PQgetvalue(mResult.get(), mRow, column),
                       static_cast<size_t>(PQgetlength(mResult.get(), mRow, column)));
  }
  int64_t columnInt(int column) const override {
    const char* text = PQgetvalue(mResult.get(), mRow, column);
    int64_t value = 0;
    std::from_chars(text, text + PQgetlength(mResult.get(), mRow, column), value);
    return value;
  }
  std::vector<uint8_t> columnBlob(int column) const override {
    const auto* text = reinterpret_cast<const unsigned char*>(PQgetvalue(mResult.get(), mRow, column));
    if (PQftype(mResult.get(), column) != kByteaOid)
      return std::vector<uint8_t>(text, text + PQgetlength(mResult.get(), mRow, column));
    size_t size = 0;
    unsigned char* bytes = PQunescapeBytea(text, &size);
    if (!bytes) return {};
    std::vector<uint8_t> out(bytes, bytes + size);
    PQfreemem(bytes);
    return out;
  }

 private:
  Status set(int index, std::optional<std::string> value) {
    if (index < 1 || static_cast<size_t>(index) > mParams.size())
      return Error{"bind: parameter " + std::to_string(index) + " is not in the statement"};
    mParams[static_cast<size_t>(index) - 1] = std::move(value);
    return Ok{};
  }

  PostgresDatabase& mDb;
  std::string mSql;
  std::vector<std::optional<std::string>> mParams;  // unbound ones are NULL, as in SQLite
  ResultPtr mResult{nullptr, &PQclear};
  int mRows = 0;
  int mRow = -1;
};

Result<Statement> PostgresDatabase::prepare(std::string_view sql) {
  if (auto s = ensureConnected(); !s) return s.error();
  int params = 0;
  std::string converted = postgresPlaceholders(sql, params);
  return Statement(std::make_unique<PostgresStatement>(*this, std::move(converted), params));
}

}  // namespace

std::string postgresPlaceholders(std::string_view sql, int& params) {
  std::string out;
  out.reserve(sql.size() + 8);
  params = 0;
  int next = 0;
  char quote = 0;  // inside '...' or "..." (a doubled quote closes and reopens: same result)
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    size_t end = i + 1;
    while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    int number = ++next;
    if (end > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + end, number);
    params = std::max(params, number);
    out += '$';
    out += std::to_string(number);
    i = end - 1;
  }
  return out;
}

namespace {

// libpq's parse errors quote the URL or a piece of it, which may be a password: quotes are cut.
std::string withoutQuoted(const std::string& message) {
  std::string out;
  bool inside = false;
  for (char c : message) {
    if (c == '"') {
      if (!inside) out += "\"…\"";
      inside = !inside;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

// The URL's options (without libpq's environment defaults), or the reason it cannot be read.
using Options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;
Result<Options> parseUrl(const std::string& url) {
  char* error = nullptr;
  Options options(PQconninfoParse(url.c_str(), &error), &PQconninfoFree);
  if (!options) {
    std::string message = "storage.postgres_url cannot be read: " + withoutQuoted(trimmed(error));
    PQfreemem(error);
    return Error{message};
  }
  return options;
}

std::string option(const Options& options, std::string_view keyword, const char* environment) {
  for (auto* o = options.get(); o->keyword; ++o)
    if (o->keyword == keyword && o->val && *o->val) return o->val;
  const char* fallback = environment ? std::getenv(environment) : nullptr;
  return fallback ? fallback : "";
}

}  // namespace

std::optional<std::string> checkPostgresUrl(const std::string& url) {
  auto options = parseUrl(url);
  if (!options) return options.error().message;
  if (!option(*options, "password", nullptr).empty())
    return "storage.postgres_url holds a password; put it in storage.postgres_password_file (or "
           "PGPASSWORD, ~/.pgpass) so that it is not shown with the configuration";
  // Before any byte goes out: another machine only with a certificate checked against a CA, so
  // that nobody in between receives the password or the accounts (docs/security.md, "PostgreSQL").
  // Both lists: libpq connects to hostaddr where one is given, and checks the certificate by host.
  const std::string hosts =
      option(*options, "host", "PGHOST") + "," + option(*options, "hostaddr", "PGHOSTADDR");
  const std::string sslmode = option(*options, "sslmode", "PGSSLMODE");
  size_t start = 0;
  while (start <= hosts.size()) {
    const size_t end = std::min(hosts.find(',', start), hosts.size());
    const std::string host = hosts.substr(start, end - start);
    if (!isLocalHost(host) && sslmode != "verify-full" && sslmode != "verify-ca")
      return "PostgreSQL at " + host +
             " is reached over the network without a verified TLS certificate; set sslmode=verify-full "
             "and sslrootcert in storage.postgres_url (docs/security.md, \"PostgreSQL\")";
    start = end + 1;
  }
  return std::nullopt;
}

PostgresPlace postgresPlace(const std::string& url) {
  PostgresPlace place;
  auto options = parseUrl(url);
  if (!options) return place;
  place.database = option(*options, "dbname", "PGDATABASE");
  if (place.database.empty()) place.database = option(*options, "user", "PGUSER");
  const std::string host = option(*options, "host", "PGHOST");
  const std::string port = option(*options, "port", "PGPORT");
  if (!isLocalHost(host) || host == "localhost" || host == "127.0.0.1" || host == "::1")
    place.host = host + (port.empty() ? "" : ":" + port);
  return place;
}

std::string PostgresPlace::words() const {
  return "PostgreSQL database " + (database.empty() ? std::string("(default)") : database) + " on " +
         (host.empty() ? std::string("this machine") : host);
}

Result<std::unique_ptr<Database>> openPostgres(const std::string& url,
                                               const std::optional<std::string>& password) {
  if (auto problem = checkPostgresUrl(url)) return Error{*problem};
  // Keywords before dbname are defaults the URL may override; the password file's comes after.
  std::vector<const char*> keys{"connect_timeout", "application_name", "dbname"};
  std::vector<const char*> values{"10", "vicos", url.c_str()};
  if (password) {
    keys.push_back("password");
    values.push_back(password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  auto db = std::make_unique<PostgresDatabase>(conn);
  if (!conn) return Error{"PostgreSQL: out of memory"};
  if (PQstatus(conn) != CONNECTION_OK)
    return Error{"cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(conn))};
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // "exists, skipping" and the like
  const std::string host = PQhost(conn) ? PQhost(conn) : "";
  const std::string sslmode = effectiveOption(conn, "sslmode");
  if (!isLocalHost(host) && !(PQsslInUse(conn) && (sslmode == "verify-full" || sslmode == "verify-ca")))
    return Error{"PostgreSQL at " + host +
                 " is reached over the network without a verified TLS certificate; set sslmode=verify-full "
                 "and sslrootcert in storage.postgres_url (docs/security.md, \"PostgreSQL\")"};
  if (auto s = db->exec("SET client_encoding = 'UTF8'; SET client_min_messages = warning"); !s)
    return s.error();
  if (auto s = db->migrate(); !s) return Error{"PostgreSQL: " + s.error().message};
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace vicos::store
