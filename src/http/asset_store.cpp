// Static web files from disk or from the embedded table, behind one path normaliser.
#include "http/asset_store.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "http/content_type.hpp"

namespace vicos::http {
namespace {

constexpr uintmax_t kMaxFileSize = 32u * 1024 * 1024;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A byte no file name of ours contains and no decoded path may smuggle in.
bool forbiddenByte(unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; }

}  // namespace

std::optional<std::string> normalisePath(std::string_view target) {
  if (target.empty() || target.front() != '/' || target.size() > kMaxPathLength)
    return std::nullopt;
  const size_t end = target.find_first_of("?#");
  if (end != std::string_view::npos) target = target.substr(0, end);

  // Percent-decode once (RFC 3986 2.1). An encoded '/', '%', '?' or '#' is refused rather
  // than decoded: a segment can never be split or joined behind our back, and a key read
  // back as a target means the same file.
  std::string decoded;
  decoded.reserve(target.size());
  for (size_t i = 0; i < target.size(); ++i) {
    auto c = static_cast<unsigned char>(target[i]);
    if (c == '%') {
      if (i + 2 >= target.size()) return std::nullopt;
      const int hi = hexValue(target[i + 1]);
      const int lo = hexValue(target[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<unsigned char>(hi * 16 + lo);
      if (c == '/' || c == '%' || c == '?' || c == '#') return std::nullopt;
      i += 2;
    }
    if (forbiddenByte(c)) return std::nullopt;
    decoded.push_back(static_cast<char>(c));
  }

  // Split into segments; "" and "." vanish, anything starting with '.' (so "..", ".git",
  // ".env") is refused.
  std::string out;
  out.reserve(decoded.size());
  size_t pos = 0;
  while (pos <= decoded.size()) {
    size_t next = decoded.find('/', pos);
    if (next == std::string::npos) next = decoded.size();
    const std::string_view segment = std::string_view(decoded).substr(pos, next - pos);
    pos = next + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment.front() == '.') return std::nullopt;
    if (!out.empty()) out.push_back('/');
    out.append(segment);
  }
  return out;
}

AssetStore::AssetStore() {
  for (const EmbeddedAsset& asset : embeddedAssets()) mEmbedded.emplace(asset.path, &asset);
}

AssetStore::AssetStore(std::filesystem::path root) : mRoot(std::move(root)) {}

std::optional<Asset> AssetStore::find(std::string_view key) const {
  if (key.empty()) return std::nullopt;
  if (!mRoot) {
    const auto it = mEmbedded.find(key);
    if (it == mEmbedded.end()) return std::nullopt;
    const EmbeddedAsset& asset = *it->second;
    return Asset{asset.contentType,
                 std::string(reinterpret_cast<const char*>(asset.bytes.data()), asset.bytes.size())};
  }

  // The key has no ".." segments; canonical paths still guard against a symlink in the web
  // root pointing outside it.
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(*mRoot, ec);
  if (ec) return std::nullopt;
  const std::filesystem::path file = std::filesystem::canonical(root / std::string(key), ec);
  if (ec) return std::nullopt;
  if (std::mismatch(root.begin(), root.end(), file.begin(), file.end()).first != root.end())
    return std::nullopt;
  if (!std::filesystem::is_regular_file(file, ec) || ec) return std::nullopt;
  const uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileSize) return std::nullopt;

  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Asset{contentTypeFor(key), std::move(body)};
}

}  // namespace vicos::http
