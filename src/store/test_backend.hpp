// The store tests run on both backends: SQLite in a fresh directory, and PostgreSQL in a fresh
// schema of the throwaway cluster that tests/store/with_postgres.sh starts and names in
// VICOS_TEST_POSTGRES_URL. Without that variable the PostgreSQL cases are skipped, saying so.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/postgres_database.hpp"
#include "store/test_dir.hpp"

namespace vicos::store::test {

enum class Backend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

// Runs a test suite (a TEST_P fixture) once per backend.
#define VICOS_ON_BOTH_BACKENDS(Fixture)                                                                  \
  INSTANTIATE_TEST_SUITE_P(                                                                              \
      , Fixture,                                                                                         \
      ::testing::Values(::vicos::store::test::Backend::Sqlite, ::vicos::store::test::Backend::Postgres), \
      ::vicos::store::test::backendName)

inline const char* testClusterUrl() { return std::getenv("VICOS_TEST_POSTGRES_URL"); }

// An empty database of one backend for one test; dropped at the end.
class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : mBackend(backend) {}
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() {
    if (!mSchema.empty()) admin("DROP SCHEMA \"" + mSchema + "\" CASCADE");
  }

  // false: the backend is not available here (no test cluster), the test should skip.
  bool available() const { return mBackend == Backend::Sqlite || testClusterUrl(); }

  // Opens the test's database, creating it on first use; again after a reset, the same one.
  Result<std::unique_ptr<Database>> open() {
    if (mBackend == Backend::Sqlite) return Database::open(mDir.path());
    if (auto problem = createSchema()) return Error{*problem};
    return openPostgres(url(), std::nullopt);
  }

  // PostgreSQL: the test's empty schema, made once.
  std::optional<std::string> createSchema() {
    if (!mSchema.empty()) return std::nullopt;
    static std::atomic<int> counter{0};
    mSchema = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    return admin("CREATE SCHEMA \"" + mSchema + "\"");
  }

  // The URL of the test's schema (search_path set in the connection's options).
  std::string url() const {
    const std::string base = testClusterUrl();
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + mSchema;
  }

  // Runs SQL on the cluster outside the store (schemas, and what a test does behind its back).
  std::optional<std::string> admin(const std::string& sql) const {
    PGconn* conn = PQconnectdb(testClusterUrl());
    std::optional<std::string> problem;
    if (PQstatus(conn) != CONNECTION_OK) {
      problem = PQerrorMessage(conn);
    } else {
      PQsetNoticeProcessor(
          conn, [](void*, const char*) {}, nullptr);  // "drop cascades to ..."
      PGresult* result = PQexec(conn, sql.c_str());
      if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK)
        problem = PQresultErrorMessage(result);
      PQclear(result);
    }
    PQfinish(conn);
    return problem;
  }

  Backend backend() const { return mBackend; }
  const std::filesystem::path& dir() const { return mDir.path(); }

 private:
  Backend mBackend;
  TestDir mDir;
  std::string mSchema;
};

}  // namespace vicos::store::test
