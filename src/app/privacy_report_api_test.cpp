// Tests of GET /api/privacy-report/<lang> (P33): organizers only, both languages, clear errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/privacy_report_api.hpp"

namespace vicos::app {
namespace {

http::ApiRequest get(const std::string& path) {
  http::ApiRequest request;
  request.method = "GET";
  request.path = path;
  return request;
}

class PrivacyReportApiTest : public ::testing::Test {
 protected:
  ReportInputSource source() {
    return [this]() -> store::Result<privacy::ReportInput> {
      ++mCalls;
      if (mFail) return store::Error{"disk I/O error at /secret/path"};
      privacy::ReportInput input;
      input.version = "9.9.9";
      input.generatedAt = 1'700'000'000;
      input.serverLocation = "Nürnberg";
      input.accountCount = 3;
      return input;
    };
  }

  int mCalls = 0;
  bool mFail = false;
};

TEST_F(PrivacyReportApiTest, OrganizersGetTheReportInEitherLanguage) {
  const auto en = handlePrivacyReportApi(get("api/privacy-report/en"), true, source());
  ASSERT_TRUE(en);
  EXPECT_EQ(en->status, 200u);
  const auto english = nlohmann::json::parse(en->body);
  EXPECT_EQ(english["language"], "en");
  EXPECT_EQ(english["settings"]["server_location"], "Nürnberg");
  EXPECT_EQ(english["settings"]["accounts"], 3);
  EXPECT_EQ(english["settings"]["third_party_recipients"], nlohmann::json::array());
  // No certificate configured: the self-signed warning is among the weakening settings.
  bool selfSigned = false;
  for (const auto& w : english["warnings"]) selfSigned |= w["id"] == "self_signed_certificate";
  EXPECT_TRUE(selfSigned);

  const auto de = handlePrivacyReportApi(get("api/privacy-report/de"), true, source());
  ASSERT_TRUE(de);
  const auto german = nlohmann::json::parse(de->body);
  EXPECT_EQ(german["language"], "de");
  EXPECT_NE(german["title"], english["title"]);
  EXPECT_EQ(mCalls, 2);
  // The page shows exactly what `vicos privacy-report --format json` prints: one renderer.
  auto input = source()();
  ASSERT_TRUE(input);
  EXPECT_EQ(english, privacy::renderJson(*input, privacy::Language::En));
  EXPECT_EQ(german, privacy::renderJson(*input, privacy::Language::De));
  EXPECT_EQ(english["version"], "9.9.9");
}

TEST_F(PrivacyReportApiTest, WithoutALoginNothingIsRead) {
  const auto response = handlePrivacyReportApi(get("api/privacy-report/en"), false, source());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401u);
  EXPECT_EQ(nlohmann::json::parse(response->body)["error"], "not-logged-in");
  EXPECT_EQ(mCalls, 0);
}

TEST_F(PrivacyReportApiTest, BadRequestsGetClearErrors) {
  EXPECT_EQ(handlePrivacyReportApi(get("api/privacy-report/fr"), true, source())->status, 404u);
  EXPECT_EQ(handlePrivacyReportApi(get("api/privacy-report/"), true, source())->status, 404u);
  EXPECT_EQ(handlePrivacyReportApi(get("api/privacy-report/en/x"), true, source())->status, 404u);
  auto post = get("api/privacy-report/en");
  post.method = "POST";
  EXPECT_EQ(handlePrivacyReportApi(post, true, source())->status, 405u);
  EXPECT_EQ(mCalls, 0);
  // Other paths are not ours.
  EXPECT_FALSE(handlePrivacyReportApi(get("api/privacy-report"), true, source()));
  EXPECT_FALSE(handlePrivacyReportApi(get("api/site"), true, source()));
}

TEST_F(PrivacyReportApiTest, AStoreErrorIsNotShownToTheBrowser) {
  mFail = true;
  const auto response = handlePrivacyReportApi(get("api/privacy-report/en"), true, source());
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500u);
  EXPECT_EQ(response->body.find("/secret/path"), std::string::npos);
}

}  // namespace
}  // namespace vicos::app
