// Media types of the static web files by extension; constexpr so that the generated table of
// embedded assets computes them at compile time from the same mapping the disk store uses.
#pragma once

#include <string_view>

namespace vicos::http {

constexpr std::string_view contentTypeFor(std::string_view path) {
  constexpr std::string_view kFallback = "application/octet-stream";
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return kFallback;
  const std::string_view ext = path.substr(dot + 1);
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  constexpr Entry kTable[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"webp", "image/webp"},
      {"woff2", "font/woff2"},
      {"wav", "audio/wav"},
      {"ogg", "audio/ogg"},
      {"opus", "audio/ogg"},
      {"txt", "text/plain; charset=utf-8"},
      {"map", "application/json"},
      // WebAssembly.instantiateStreaming() requires this type (WebAssembly Web API, section 3).
      {"wasm", "application/wasm"},
  };
  for (const Entry& e : kTable)
    if (e.ext == ext) return e.type;
  return kFallback;
}

}  // namespace vicos::http
