// Tests of the single sign-on endpoints that need no identity provider: the query parser, the
// provider name, callbacks without or with a wrong or used-up state, and an unreachable issuer
// (a real HTTPS attempt on a worker thread, answered through a real io_context).
#include "app/oidc_api.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "store/test_dir.hpp"

namespace vicos::app {
namespace {

TEST(QueryValue, DecodesAndRefusesRepeatsAndBadEncoding) {
  EXPECT_EQ(queryValue("code=a%2Fb+c&state=xyz", "code"), "a/b c");
  EXPECT_EQ(queryValue("code=a&state=xyz", "state"), "xyz");
  EXPECT_EQ(queryValue("state=", "state"), "");
  EXPECT_FALSE(queryValue("code=a", "state"));
  EXPECT_FALSE(queryValue("state=a&state=b", "state"));  // RFC 6749 3.1: no repeats
  EXPECT_FALSE(queryValue("state=%zz", "state"));
  EXPECT_FALSE(queryValue("state=%4", "state"));
}

class OidcApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(mDir.path());
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mAudit = std::make_unique<store::AuditLog>(*mDb);
    mSessions = std::make_unique<store::SessionStore>(*mDb, [this] { return mNow; });
    mAccounts = std::make_unique<store::SsoAccounts>(*mDb, *mAudit, [this] { return mNow; });
    Config::Oidc config;
    config.issuer = "https://127.0.0.1:9";  // nothing listens there
    config.clientId = "vicos";
    config.clientSecret = "secret";
    config.publicOrigin = "https://meet.example";
    config.providerName = "School ID";
    mApi = std::make_unique<OidcApi>(config, oidc::HttpsClient(), *mAccounts, *mSessions, *mAudit, mWorkers,
                                     [this] { return mNow; });
  }

  http::ApiResponse get(const std::string& path, const std::string& query = {},
                        const std::string& cookie = {}) {
    http::ApiRequest request{"GET", path, "", "", "meet.example", cookie, "", "192.0.2.1"};
    request.query = query;
    std::optional<http::ApiResponse> answer;
    mApi->handle(request, [&answer](http::ApiResponse res) { answer = std::move(res); });
    while (!answer)
      if (mIo.run_one_for(std::chrono::seconds(20)) == 0) {
        ADD_FAILURE() << "no answer";
        return {};
      }
    return *answer;
  }

  store::test::TestDir mDir;
  int64_t mNow = 1'700'000'000;
  std::unique_ptr<store::Database> mDb;
  std::unique_ptr<store::AuditLog> mAudit;
  std::unique_ptr<store::SessionStore> mSessions;
  std::unique_ptr<store::SsoAccounts> mAccounts;
  boost::asio::io_context mIo;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> mGuard =
      boost::asio::make_work_guard(mIo);
  PasswordWorkers mWorkers{1, 4,
                           [this](std::function<void()> done) { boost::asio::post(mIo, std::move(done)); }};
  std::unique_ptr<OidcApi> mApi;
};

TEST_F(OidcApiTest, NamesTheProviderAndRefusesOtherMethods) {
  const auto res = get("api/oidc/provider");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, R"({"name":"School ID"})");
  http::ApiRequest post{"POST", "api/oidc/start", "", "", "meet.example", "", "", "192.0.2.1"};
  std::optional<http::ApiResponse> answer;
  mApi->handle(post, [&answer](http::ApiResponse r) { answer = std::move(r); });
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 405u);
}

TEST_F(OidcApiTest, CallbackWithoutTheBrowsersStateIsRefused) {
  const char* const state = "c3RhdGUtdGhhdC13YXMtbmV2ZXItaXNzdWVkLWJ5LXVzLi4";
  auto res = get("api/oidc/callback", std::string("code=abc&state=") + state);
  EXPECT_EQ(res.status, 303u);
  EXPECT_EQ(res.location, "/login?sso-error=state");  // no cookie
  res = get("api/oidc/callback", "code=abc&state=other", std::string(kSsoStateCookie) + "=" + state);
  EXPECT_EQ(res.location, "/login?sso-error=state");  // cookie and state differ
  res = get("api/oidc/callback", std::string("code=abc&state=") + state,
            std::string(kSsoStateCookie) + "=" + state);
  EXPECT_EQ(res.location, "/login?sso-error=expired");  // never started here, or used up
  EXPECT_EQ(mApi->counts().refused, 3u);
  EXPECT_EQ(*mSessions->lookup(""), std::nullopt);
}

TEST_F(OidcApiTest, AnUnreachableIssuerIsReportedAndForgetsTheLogin) {
  const auto res = get("api/oidc/start");
  EXPECT_EQ(res.status, 303u);
  EXPECT_EQ(res.location, "/login?sso-error=issuer-unavailable");
  ASSERT_EQ(res.setCookies.size(), 1u);
  EXPECT_NE(res.setCookies[0].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(mApi->counts().started, 1u);
}

}  // namespace
}  // namespace vicos::app
