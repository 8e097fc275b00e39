// Static web files served over HTTPS: from a directory (development, --web-root) or from the
// table embedded into the binary; request paths are normalised and traversal is refused.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/embedded_assets.hpp"

namespace vicos::http {

// Turns a request target ("/js/app.js?v=1") into a store key ("js/app.js"): strips the query
// and fragment, percent-decodes, collapses "//" and "/./". Refuses (nullopt) anything that
// is not absolute, contains "..", a backslash, a NUL or control byte, a bad %-escape, or is
// longer than kMaxPathLength. "/" becomes "" (the caller maps it to index.html).
std::optional<std::string> normalisePath(std::string_view target);
constexpr size_t kMaxPathLength = 1024;

struct Asset {
  std::string_view contentType;
  std::string body;
};

class AssetStore {
 public:
  // Serves the embedded table.
  AssetStore();
  // Serves files under root, read on each request so that edits show without a restart.
  explicit AssetStore(std::filesystem::path root);

  // `key` is a normalised path from normalisePath().
  [[nodiscard]] std::optional<Asset> find(std::string_view key) const;

 private:
  std::optional<std::filesystem::path> mRoot;
  std::unordered_map<std::string_view, const EmbeddedAsset*> mEmbedded;
};

}  // namespace vicos::http
