// The copy reads the source inside a transaction (on SQLite a write lock, so that a running
// server cannot change it half way) and writes the target inside another, which commits only after
// the target's counts equal the source's.
#include "store/copy_store.hpp"

#include <algorithm>

namespace vicos::store {
namespace {

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Tables whose rows others reference come first (every reference of the schema is to users).
std::vector<std::string> copyOrder(std::vector<std::string> tables) {
  std::stable_partition(tables.begin(), tables.end(), [](const std::string& t) { return t == "users"; });
  return tables;
}

// INSERT INTO table (its columns) VALUES (?, ...), for the columns of `rows`.
std::string insertFor(const std::string& table, const Statement& rows) {
  std::string columns, values;
  for (int c = 0; c < rows.columnCount(); ++c) {
    columns += (c ? ", " : "") + quoted(rows.columnName(c));
    values += c ? ", ?" : "?";
  }
  return "INSERT INTO " + quoted(table) + " (" + columns + ") VALUES (" + values + ")";
}

Status copyTable(Database& from, Database& to, const std::string& table) {
  auto rows = from.prepare("SELECT * FROM " + quoted(table));
  if (!rows) return rows.error();
  std::string insert;  // from the first row's columns
  for (;;) {
    auto more = rows->step();
    if (!more) return more.error();
    if (!*more) return Ok{};
    if (insert.empty()) insert = insertFor(table, *rows);
    auto row = to.prepare(insert);
    if (!row) return row.error();
    for (int c = 0; c < rows->columnCount(); ++c) {
      switch (rows->columnKind(c)) {
        case ColumnKind::Null: row->bind(c + 1, std::optional<int64_t>()); break;
        case ColumnKind::Integer: row->bind(c + 1, rows->columnInt(c)); break;
        case ColumnKind::Text: row->bind(c + 1, rows->columnText(c)); break;
        case ColumnKind::Blob: row->bindBlob(c + 1, rows->columnBlob(c)); break;
      }
    }
    if (auto s = row->run(); !s) return Error{"table " + table + ": " + s.error().message};
  }
}

// Identity columns continue after the copied ids, so that the next second factor or audit entry
// does not collide with one that came along.
Status continueIdentities(Database& to) {
  if (to.dialect() != Dialect::Postgres) return Ok{};
  auto columns = to.prepare(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND is_identity = 'YES'");
  if (!columns) return columns.error();
  std::vector<std::pair<std::string, std::string>> identities;
  if (auto s =
          columns->eachRow([&] { identities.emplace_back(columns->columnText(0), columns->columnText(1)); });
      !s)
    return s;
  for (const auto& [table, column] : identities) {
    auto set = to.prepare("SELECT setval(pg_get_serial_sequence(?, ?), max(" + quoted(column) + ")) FROM " +
                          quoted(table) + " HAVING max(" + quoted(column) + ") IS NOT NULL");
    if (!set) return set.error();
    set->bind(1, quoted(table)).bind(2, column);
    if (auto s = set->run(); !s) return s;
  }
  return Ok{};
}

}  // namespace

Result<std::vector<std::pair<std::string, int64_t>>> copyStore(Database& from, Database& to) {
  if (from.schemaVersion() != to.schemaVersion())
    return Error{"the source has schema version " + std::to_string(from.schemaVersion()) + ", the target " +
                 std::to_string(to.schemaVersion())};
  std::vector<std::pair<std::string, int64_t>> counts;
  auto done = from.transaction([&]() -> Status {
    auto source = from.rowCounts();
    if (!source) return source.error();
    auto target = to.rowCounts();
    if (!target) return target.error();
    std::vector<std::string> sourceTables, targetTables;
    for (const auto& [table, rows] : *source) sourceTables.push_back(table);
    for (const auto& [table, rows] : *target) {
      targetTables.push_back(table);
      if (rows > 0)
        return Error{"the target is not empty (table " + table + " has " + std::to_string(rows) +
                     " rows); vicos migrate copies into an empty database only"};
    }
    if (sourceTables != targetTables) return Error{"the source and the target have different tables"};
    return to.transaction([&]() -> Status {
      for (const auto& table : copyOrder(sourceTables))
        if (auto s = copyTable(from, to, table); !s) return s;
      if (auto s = continueIdentities(to); !s) return s;
      auto copied = to.rowCounts();
      if (!copied) return copied.error();
      if (*copied != *source) return Error{"the target's row counts differ from the source's after the copy"};
      counts = *copied;
      return Ok{};
    });
  });
  if (!done) return done.error();
  return counts;
}

}  // namespace vicos::store
