// The PostgreSQL backend (libpq), for several vicos nodes that share their organizer accounts,
// sessions and audit log. The same tables as the SQLite file (migrations.cpp), reached over a
// unix socket or over TCP with a verified TLS certificate (P2).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace vicos::store {

// Connects to `url` (a libpq URL or key=value string), refusing a password inside it and a TCP
// connection to another machine without TLS and a verified certificate (sslmode=verify-ca or
// verify-full), and migrates the schema in the connection's current schema (search_path).
// `password`, if given, comes from storage.postgres_password_file; libpq's PGPASSWORD and
// ~/.pgpass work as well.
Result<std::unique_ptr<Database>> openPostgres(const std::string& url,
                                               const std::optional<std::string>& password);

// Errors in the URL itself that need no connection to find: it must parse, hold no password, and
// name another machine only with sslmode=verify-full or verify-ca. The message never quotes the URL.
std::optional<std::string> checkPostgresUrl(const std::string& url);

// Where the URL's database is, for the operator and the privacy report, without user or password.
struct PostgresPlace {
  std::string database;  // empty: libpq's default
  std::string host;      // with :port if given; empty: this machine's socket
  // "PostgreSQL database vicos on db.example:5432"
  std::string words() const;
};
PostgresPlace postgresPlace(const std::string& url);

// The store's `?` and `?N` parameters as PostgreSQL's `$N`, outside quoted strings and names;
// `params` is set to the highest parameter number.
std::string postgresPlaceholders(std::string_view sql, int& params);

}  // namespace vicos::store
