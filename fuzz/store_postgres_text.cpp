// Fuzzes the store's PostgreSQL text handling: the URL checks (libpq's parser, the quotes cut from
// its errors, the host list) and the `?` to `$N` rewriting, whose output must keep every quoted
// string and name as it was and leave no `?` outside them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "store/postgres_database.hpp"

namespace {

// The text inside '...' and "..." and the number of `?` outside them.
void split(const std::string& sql, std::string& quoted, size_t& marks) {
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        quoted += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      quoted += '|';
    } else if (c == '?') {
      ++marks;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    int params = 0;
    const std::string out = vicos::store::postgresPlaceholders(text, params);
    std::string quotedIn, quotedOut;
    size_t marksIn = 0, marksOut = 0;
    split(text, quotedIn, marksIn);
    split(out, quotedOut, marksOut);
    if (quotedIn != quotedOut || marksOut != 0 || params < 0) std::abort();
    if (marksIn == 0 && out != text) std::abort();
    return 0;
  }
  if (text.find('\0') != std::string::npos) return 0;  // a C string for libpq
  // A message from a URL that does not parse quotes nothing of it but the placeholder.
  if (auto problem = vicos::store::checkPostgresUrl(text);
      problem && problem->rfind("storage.postgres_url cannot be read: ", 0) == 0) {
    for (size_t at = problem->find('"'); at != std::string::npos; at = problem->find('"', at + 1)) {
      if (problem->compare(at, 5, "\"…\"") != 0) std::abort();
      at += 4;
    }
  }
  (void)vicos::store::postgresPlace(text).words();
  return 0;
}
