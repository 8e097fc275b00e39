// Fuzz entry point: HTTP/1.1 request bytes through Beast's parser with the server's limits,
// then the request target through the asset path normaliser and the room/origin rules.
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/asset_store.hpp"
#include "http/request_rules.hpp"

namespace {

namespace bhttp = boost::beast::http;

void check(bool ok) {
  if (!ok) std::abort();
}

// Invariants of a normalised key: relative, no empty, "." or dot-leading segment, no '\\'.
void checkNormalised(std::string_view target) {
  const auto key = vicos::http::normalisePath(target);
  if (!key) return;
  check(key->size() <= target.size());
  check(key->empty() || (key->front() != '/' && key->back() != '/'));
  check(key->find("//") == std::string::npos);
  check(key->find('\\') == std::string::npos);
  check(key->empty() || key->front() != '.');
  check(key->find("/.") == std::string::npos);
  for (const char c : *key) check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  // Normalising is idempotent.
  check(vicos::http::normalisePath("/" + *key) == key);
  (void)vicos::http::isRoomName(*key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  checkNormalised(text);

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(16 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t offset = 0;
  while (offset < size && !parser.is_done()) {
    const size_t used = parser.put(boost::asio::buffer(data + offset, size - offset), ec);
    if (ec == bhttp::error::need_more) break;
    if (ec) return 0;
    if (used == 0) break;
    offset += used;
  }
  if (!parser.is_header_done()) return 0;
  const auto& req = parser.get();
  check(req.body().size() <= 16 * 1024);
  checkNormalised(req.target());
  const auto origin = req.find(bhttp::field::origin);
  if (origin != req.end()) (void)vicos::http::originMatchesHost(origin->value(), req[bhttp::field::host]);
  return 0;
}
