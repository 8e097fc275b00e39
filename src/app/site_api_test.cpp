// Tests of GET /api/site: the configured privacy notice and imprint links (P31).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/site_api.hpp"

namespace vicos::app {
namespace {

http::ApiRequest get(const std::string& path) {
  http::ApiRequest request;
  request.method = "GET";
  request.path = path;
  return request;
}

TEST(SiteApi, ReturnsTheConfiguredLinks) {
  Config config;
  config.privacyNoticeUrl = "https://example.org/datenschutz";
  config.imprintUrl = "https://example.org/impressum";
  const auto response = handleSiteApi(get("api/site"), config);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["privacyNoticeUrl"], "https://example.org/datenschutz");
  EXPECT_EQ(body["imprintUrl"], "https://example.org/impressum");
}

TEST(SiteApi, EmptyWhenNotConfiguredAndOnlyForItsPath) {
  const Config config;
  const auto response = handleSiteApi(get("api/site"), config);
  ASSERT_TRUE(response);
  EXPECT_EQ(nlohmann::json::parse(response->body)["imprintUrl"], "");
  EXPECT_FALSE(handleSiteApi(get("api/login"), config));
  auto post = get("api/site");
  post.method = "POST";
  EXPECT_EQ(handleSiteApi(post, config)->status, 405u);
}

}  // namespace
}  // namespace vicos::app
