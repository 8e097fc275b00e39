// Tests of the request path normaliser, content types and both asset sources.
#include "http/asset_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "http/content_type.hpp"

namespace vicos::http {
namespace {

TEST(NormalisePath, PlainPathsAndQuery) {
  EXPECT_EQ(normalisePath("/"), "");
  EXPECT_EQ(normalisePath("/index.html"), "index.html");
  EXPECT_EQ(normalisePath("/js/app.js?v=3#x"), "js/app.js");
  EXPECT_EQ(normalisePath("//js/./ui//a.js"), "js/ui/a.js");
  EXPECT_EQ(normalisePath("/team%2Dweekly"), "team-weekly");
  EXPECT_EQ(normalisePath("/a%20b.txt"), "a b.txt");
}

TEST(NormalisePath, RefusesTraversalAndOddBytes) {
  for (const char* bad :
       {"", "index.html", "/..", "/../etc/passwd", "/js/../../x", "/%2e%2e/x", "/%2E%2e%2fx",
        "/a%2fb", "/.git/config", "/.env", "/a\\b", "/a%5c..%5cb", "/a%00b", "/a%0d%0a",
        "/a%", "/a%4", "/a%zz", "/a%252e", "/c%23d", "/c%3fd", "/\x01", "http://evil/x", "*"}) {
    EXPECT_EQ(normalisePath(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(normalisePath("/" + std::string(kMaxPathLength, 'a')), std::nullopt);
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(contentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(contentTypeFor("js/a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentTypeFor("css/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(contentTypeFor("i18n/de.json"), "application/json");
  EXPECT_EQ(contentTypeFor("app.webmanifest"), "application/manifest+json");
  EXPECT_EQ(contentTypeFor("icons/a.svg"), "image/svg+xml");
  EXPECT_EQ(contentTypeFor("icons/a.png"), "image/png");
  EXPECT_EQ(contentTypeFor("sounds/join.wav"), "audio/wav");
  EXPECT_EQ(contentTypeFor("vendor/x/model.wasm"), "application/wasm");
  EXPECT_EQ(contentTypeFor("js.d/noext"), "application/octet-stream");
  static_assert(contentTypeFor("a.css") == "text/css; charset=utf-8");
}

class DirectoryStore : public ::testing::Test {
 protected:
  void SetUp() override {
    mRoot = std::filesystem::temp_directory_path() /
            ("vicos-assets-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(mRoot);
    std::filesystem::create_directories(mRoot / "web" / "js");
    std::ofstream(mRoot / "web" / "js" / "app.js") << "console.log(1);";
    std::ofstream(mRoot / "secret.txt") << "secret";
  }
  void TearDown() override { std::filesystem::remove_all(mRoot); }
  std::filesystem::path mRoot;
};

TEST_F(DirectoryStore, ServesFilesWithType) {
  const AssetStore store(mRoot / "web");
  const auto asset = store.find("js/app.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->body, "console.log(1);");
  EXPECT_EQ(asset->contentType, "text/javascript; charset=utf-8");
  EXPECT_FALSE(store.find("js/missing.js"));
  EXPECT_FALSE(store.find("js"));  // a directory is not a file
  EXPECT_FALSE(store.find(""));
}

TEST_F(DirectoryStore, SymlinkOutOfRootRefused) {
  std::filesystem::create_symlink(mRoot / "secret.txt", mRoot / "web" / "leak.txt");
  const AssetStore store(mRoot / "web");
  EXPECT_FALSE(store.find("leak.txt"));
}

TEST(EmbeddedStore, EveryTableEntryIsFound) {
  const AssetStore store;
  for (const EmbeddedAsset& asset : embeddedAssets()) {
    const auto found = store.find(asset.path);
    ASSERT_TRUE(found) << asset.path;
    EXPECT_EQ(found->body.size(), asset.bytes.size());
    EXPECT_EQ(found->contentType, contentTypeFor(asset.path));
    EXPECT_EQ(normalisePath("/" + std::string(asset.path)), asset.path);
    EXPECT_EQ(asset.path.find("node_modules"), std::string_view::npos);
  }
  EXPECT_FALSE(store.find("no/such/file.js"));
}

// The installable app (README "Install the app"): the manifest and the service worker ship at
// the top level, where the worker's scope covers the whole site, with the types browsers require.
TEST(EmbeddedStore, ShipsManifestAndServiceWorker) {
  const AssetStore store;
  const auto manifest = store.find("manifest.webmanifest");
  ASSERT_TRUE(manifest);
  EXPECT_EQ(manifest->contentType, "application/manifest+json");
  const auto worker = store.find("sw.js");
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->contentType, "text/javascript; charset=utf-8");
  EXPECT_NE(worker->body.find("addEventListener('fetch'"), std::string::npos);
  // Nothing else joins them at the top level.
  for (const EmbeddedAsset& asset : embeddedAssets()) {
    if (asset.path.find('/') != std::string_view::npos) continue;
    EXPECT_TRUE(asset.path == "index.html" || asset.path == "sw.js" ||
                asset.path.ends_with(".webmanifest"))
        << asset.path;
  }
}

// Background effects (web/js/background/): the segmentation model and its wasm, pulled in by
// .incbin from node_modules, arrive whole and typed so that the browser compiles the wasm.
TEST(EmbeddedStore, ShipsSegmentationModelWhole) {
  const AssetStore store;
  const auto wasm = store.find("vendor/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm");
  const auto model = store.find("vendor/selfie_segmentation/selfie_segmentation_landscape.tflite");
#ifdef VICOS_EXPECT_SEGMENTATION
  ASSERT_TRUE(wasm);
  ASSERT_TRUE(model);
#else
  if (!wasm || !model) GTEST_SKIP() << "built without node_modules/@mediapipe/selfie_segmentation";
#endif
  EXPECT_EQ(wasm->contentType, "application/wasm");
  EXPECT_GT(wasm->body.size(), 1'000'000u);
  EXPECT_EQ(wasm->body.substr(0, 4), std::string("\0asm", 4));  // WebAssembly binary magic
  EXPECT_EQ(model->body.substr(4, 4), "TFL3");  // the FlatBuffer identifier of a TFLite model
  const auto loader = store.find("vendor/selfie_segmentation/selfie_segmentation.js");
  ASSERT_TRUE(loader);
  EXPECT_EQ(loader->contentType, "text/javascript; charset=utf-8");
}

}  // namespace
}  // namespace vicos::http
