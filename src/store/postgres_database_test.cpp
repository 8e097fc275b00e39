// Tests of what only the PostgreSQL backend does: parameters, the URL's rules, TLS with a verified
// certificate and a password file, reconnection, the write probe, concurrent migrations, and a
// schema with the same tables and columns as the SQLite file (so facts_test's check of the SQLite
// tables covers PostgreSQL's too).
#include "store/postgres_database.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <fstream>
#include <thread>

#include "store/storage.hpp"
#include "store/test_backend.hpp"

namespace vicos::store {
namespace {

using namespace std::chrono_literals;

TEST(PostgresPlaceholders, NumbersParametersOutsideQuotes) {
  int params = 0;
  EXPECT_EQ(postgresPlaceholders("SELECT a FROM t WHERE b = ? AND c = ?", params),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(params, 2);
  EXPECT_EQ(postgresPlaceholders("UPDATE t SET c = ?1 WHERE id = ?3 AND c < ?1", params),
            "UPDATE t SET c = $1 WHERE id = $3 AND c < $1");
  EXPECT_EQ(params, 3);
  EXPECT_EQ(postgresPlaceholders("SELECT '?', \"a?\", 'it''s ?' WHERE x = ?", params),
            "SELECT '?', \"a?\", 'it''s ?' WHERE x = $1");
  EXPECT_EQ(params, 1);
  EXPECT_EQ(postgresPlaceholders("SELECT 1", params), "SELECT 1");
  EXPECT_EQ(params, 0);
}

TEST(PostgresUrl, APasswordInTheUrlIsRefused) {
  EXPECT_FALSE(checkPostgresUrl("postgresql://vicos@db.example/vicos?sslmode=verify-full"));
  EXPECT_FALSE(checkPostgresUrl("host=/run/postgresql dbname=vicos"));
  for (const std::string url :
       {"postgresql://vicos:hunter22@db.example/vicos", "host=db password=hunter22"}) {
    auto problem = checkPostgresUrl(url);
    ASSERT_TRUE(problem) << url;
    EXPECT_NE(problem->find("storage.postgres_password_file"), std::string::npos);
    EXPECT_EQ(problem->find("hunter22"), std::string::npos);  // never repeated
  }
  EXPECT_TRUE(checkPostgresUrl("postgresql://[broken"));
  // libpq's own message quotes the URL; the quote is cut.
  for (const std::string url : {"postgresql://vicos:hunter22@[db", "postgresql://vicos:hunter22%zz@db/x",
                                "postgresql://vicos:hunter22@db:port/x"}) {
    auto problem = checkPostgresUrl(url);
    ASSERT_TRUE(problem) << url;
    EXPECT_EQ(problem->find("hunter22"), std::string::npos) << *problem;
  }
  auto opened = openPostgres("postgresql://vicos:hunter22@127.0.0.1:1/vicos", std::nullopt);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message.find("hunter22"), std::string::npos);
}

TEST(PostgresUrl, AnotherMachineNeedsVerifyFullBeforeAnyByteIsSent) {
  for (const std::string url :
       {"postgresql://vicos@db.example/vicos", "postgresql://vicos@db.example/vicos?sslmode=require",
        "host=/run/postgresql,db.example sslmode=prefer", "postgresql://vicos@192.0.2.7/vicos",
        "hostaddr=192.0.2.7 dbname=vicos", "host=localhost hostaddr=192.0.2.7 sslmode=require"}) {
    auto problem = checkPostgresUrl(url);
    ASSERT_TRUE(problem) << url;
    EXPECT_NE(problem->find("sslmode=verify-full"), std::string::npos) << *problem;
  }
  for (const std::string url :
       {"postgresql://vicos@db.example/vicos?sslmode=verify-ca", "postgresql:///vicos",
        "postgresql://vicos@localhost/vicos", "postgresql://vicos@[::1]:5433/vicos", "dbname=vicos"})
    EXPECT_FALSE(checkPostgresUrl(url)) << url;
}

TEST(PostgresUrl, PlaceNamesDatabaseAndHostOnly) {
  EXPECT_EQ(postgresPlace("postgresql://vicos:secret@db.example:5433/accounts?sslmode=verify-full").words(),
            "PostgreSQL database accounts on db.example:5433");
  EXPECT_EQ(postgresPlace("host=/run/postgresql dbname=vicos user=vicos").words(),
            "PostgreSQL database vicos on this machine");
  EXPECT_EQ(postgresPlace("postgresql://vicos@localhost").words(), "PostgreSQL database vicos on localhost");
  EXPECT_EQ(postgresPlace("postgresql://[broken").database, "");
}

// A schema of the test cluster for tests that connect in their own ways.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mStore.available() || !std::getenv("VICOS_TEST_POSTGRES_TLS_URL"))
      GTEST_SKIP() << "no PostgreSQL test cluster: run under tests/store/with_postgres.sh";
    auto db = mStore.open();
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
  }
  // The TLS user's connection, as key=value pairs from the test cluster's URL, with `extra`.
  static std::string tlsConninfo(const std::string& extra) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(std::getenv("VICOS_TEST_POSTGRES_TLS_URL"), &error);
    std::string info;
    for (auto* o = options; o && o->keyword; ++o)
      if (o->val && std::string_view(o->keyword) != "host" && std::string_view(o->keyword) != "sslmode")
        info += std::string(o->keyword) + "='" + o->val + "' ";
    PQconninfoFree(options);
    return info + extra;
  }
  static std::string password() {
    std::ifstream in(std::getenv("VICOS_TEST_POSTGRES_PASSWORD_FILE"));
    std::string line;
    std::getline(in, line);
    return line;
  }
  static std::string queryText(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    EXPECT_TRUE(stmt);
    auto row = stmt->step();
    EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
    return row && *row ? stmt->columnText(0) : std::string();
  }

  test::TestDatabase mStore{test::Backend::Postgres};
  std::unique_ptr<Database> mDb;
};

TEST_F(PostgresTest, TlsWithAVerifiedCertificateAndThePasswordFile) {
  StorageSettings settings{std::getenv("VICOS_TEST_POSTGRES_TLS_URL"),
                           std::getenv("VICOS_TEST_POSTGRES_PASSWORD_FILE")};
  auto db = openStorage(settings, "/nonexistent");
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->dialect(), Dialect::Postgres);
  EXPECT_EQ(queryText(**db, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), "true");
  EXPECT_EQ(queryText(**db, "SELECT current_user"), "vicos_pw");

  // Without the password file the server refuses (SCRAM), and the error names no password.
  settings.postgresPasswordFile.clear();
  auto refused = openStorage(settings, "/nonexistent");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find(password()), std::string::npos);
  settings.postgresPasswordFile = "/nonexistent/password";
  EXPECT_FALSE(openStorage(settings, "/nonexistent"));

  // A copy of the right password that every user may read is refused before it is used.
  test::TestDir dir;
  std::filesystem::create_directories(dir.path());
  settings.postgresPasswordFile = dir.path() / "password";
  std::ofstream(settings.postgresPasswordFile) << password() << "\n";
  std::filesystem::permissions(settings.postgresPasswordFile, std::filesystem::perms(0644));
  auto exposed = openStorage(settings, "/nonexistent");
  ASSERT_FALSE(exposed);
  EXPECT_NE(exposed.error().message.find("readable by every user"), std::string::npos);
  std::filesystem::permissions(settings.postgresPasswordFile, std::filesystem::perms(0640));
  EXPECT_TRUE(openStorage(settings, "/nonexistent"));
}

TEST_F(PostgresTest, AnotherMachineNeedsAVerifiedCertificate) {
  // db.example resolves (hostaddr) to the test server, whose certificate names it.
  const std::string remote = "host=db.example hostaddr=127.0.0.1 ";
  for (const char* weak : {"sslmode=require", "sslmode=prefer"}) {
    auto db = openPostgres(tlsConninfo(remote + weak), password());
    ASSERT_FALSE(db) << weak;
    EXPECT_NE(db.error().message.find("without a verified TLS certificate"), std::string::npos)
        << db.error().message;
  }
  auto verified = openPostgres(tlsConninfo(remote + "sslmode=verify-full"), password());
  ASSERT_TRUE(verified) << verified.error().message;
  // A certificate for another name is refused by libpq itself.
  EXPECT_FALSE(
      openPostgres(tlsConninfo("host=other.example hostaddr=127.0.0.1 sslmode=verify-full"), password()));
}

TEST_F(PostgresTest, ReconnectsAfterTheServerEndedTheConnection) {
  const std::string pid = queryText(*mDb, "SELECT pg_backend_pid()");
  ASSERT_FALSE(mStore.admin("SELECT pg_terminate_backend(" + pid + ")"));
  // The first statement may learn of the loss; the next one runs on a new connection.
  auto first = mDb->prepare("SELECT count(*) FROM users");
  if (first && first->step()) GTEST_FAIL() << "the terminated connection still answered";
  EXPECT_NE(queryText(*mDb, "SELECT pg_backend_pid()"), pid);
  EXPECT_EQ(queryText(*mDb, "SELECT count(*) FROM users"), "0");
}

TEST_F(PostgresTest, WriteProbeFailsWhileLockedOrReadOnly) {
  EXPECT_TRUE(mDb->probeWrite(200ms));
  auto other = mStore.open();
  ASSERT_TRUE(other);
  auto held = (*other)->transaction([&]() -> Status {
    if (auto s = (*other)->exec("UPDATE vicos_schema SET version = version"); !s) return s;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(mDb->probeWrite(200ms));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    return Ok{};
  });
  ASSERT_TRUE(held);
  EXPECT_TRUE(mDb->probeWrite(200ms));
  ASSERT_TRUE(mDb->exec("SET default_transaction_read_only = on"));
  EXPECT_FALSE(mDb->probeWrite(200ms));
}

TEST_F(PostgresTest, NodesStartingTogetherMigrateOnce) {
  // An empty schema opened by four connections at once: one migrates, the others wait and find it done.
  test::TestDatabase empty(test::Backend::Postgres);
  ASSERT_FALSE(empty.createSchema());
  std::vector<std::thread> nodes;
  std::vector<std::string> errors(4);
  for (size_t i = 0; i < errors.size(); ++i)
    nodes.emplace_back([&, i] {
      auto db = openPostgres(empty.url(), std::nullopt);
      if (!db) errors[i] = db.error().message;
    });
  for (auto& node : nodes) node.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  auto db = empty.open();
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->schemaVersion(), Database::latestSchemaVersion());
}

// Each table's columns in order, from the backend's own catalogue.
std::vector<std::string> columnsOf(Database& db, const std::string& table) {
  auto stmt = db.prepare(db.dialect() == Dialect::Sqlite
                             ? "SELECT name FROM pragma_table_info(?)"
                             : "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                               "current_schema() AND table_name = ? ORDER BY ordinal_position");
  EXPECT_TRUE(stmt);
  stmt->bind(1, table);
  std::vector<std::string> columns;
  EXPECT_TRUE(stmt->eachRow([&] { columns.push_back(stmt->columnText(0)); }));
  return columns;
}

TEST_F(PostgresTest, SameTablesAndColumnsAsTheSqliteFile) {
  test::TestDatabase sqlite(test::Backend::Sqlite);
  auto file = sqlite.open();
  ASSERT_TRUE(file);
  auto sqliteTables = (*file)->tableNames();
  auto postgresTables = mDb->tableNames();
  ASSERT_TRUE(sqliteTables && postgresTables);
  EXPECT_EQ(*postgresTables, *sqliteTables);
  for (const auto& table : *sqliteTables)
    EXPECT_EQ(columnsOf(*mDb, table), columnsOf(**file, table)) << table;
}

}  // namespace
}  // namespace vicos::store
