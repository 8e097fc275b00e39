// The fixture of the login API tests: a real SQLite file, a real password worker thread whose
// results come back through a real io_context, and clocks the test sets.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <nlohmann/json.hpp>

#include "app/login_api.hpp"
#include "store/store_fixture.hpp"
#include "store/test_dir.hpp"

namespace vicos::app::test {

constexpr store::PasswordParams kFast = store::test::kFastPasswords;

class LoginApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(mDir.path());
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mAudit = std::make_unique<store::AuditLog>(*mDb);
    mUsers = std::make_unique<store::UserStore>(
        *mDb, *mAudit, [this] { return mNow; }, kFast);
    mSessions = std::make_unique<store::SessionStore>(*mDb, [this] { return mNow; });
    mFactors = std::make_unique<store::SecondFactorStore>(*mDb, [this] { return mNow; });
    makeApi();
    ASSERT_TRUE(mUsers->add("anna", "Anna Schmidt", "correct horse", store::kActorOperator));
  }

  // A fresh API with mPolicy (pending logins are lost, as at a restart).
  void makeApi() {
    mApi = std::make_unique<LoginApi>(
        *mUsers, *mSessions, *mFactors, *mAudit, mThrottle, mWorkers, [this] { return mNow; }, mPolicy,
        [this] { return mMillis; });
  }

  // Runs the control thread's side until the answer came (at once, or after a worker's check).
  http::ApiResponse call(const http::ApiRequest& request) {
    std::optional<http::ApiResponse> answer;
    mApi->handle(request, [&answer](http::ApiResponse res) { answer = std::move(res); });
    while (!answer)
      if (mIo.run_one_for(std::chrono::seconds(10)) == 0) {
        ADD_FAILURE() << "no answer";
        return {};
      }
    return *answer;
  }
  http::ApiRequest post(const std::string& path, const std::string& body,
                        const std::string& address = "192.0.2.1") {
    return http::ApiRequest{
        "POST", path, "application/json", "https://meet.example", "meet.example", mCookie, body, address};
  }
  http::ApiRequest loginRequest(const std::string& login, const std::string& password,
                                const std::string& address = "192.0.2.1") {
    return post("api/login", nlohmann::json{{"login", login}, {"password", password}}.dump(), address);
  }
  http::ApiResponse tryLogin(const std::string& login, const std::string& password,
                             const std::string& address = "192.0.2.1") {
    return call(loginRequest(login, password, address));
  }
  http::ApiResponse getSession() {
    return call(http::ApiRequest{"GET", "api/session", "", "", "meet.example", mCookie, "", "192.0.2.1"});
  }
  // Occupies the worker until the returned promise is set, so that checks stay queued.
  std::promise<void> blockWorker() {
    std::promise<void> release;
    auto released = std::make_shared<std::shared_future<void>>(release.get_future().share());
    std::promise<void> started;
    auto running = started.get_future();
    EXPECT_TRUE(mWorkers.submit(
        [released, started = std::make_shared<std::promise<void>>(std::move(started))] {
          started->set_value();
          released->wait();
          return false;
        },
        [](bool) {}));
    running.wait();
    return release;
  }
  // Takes the token from a Set-Cookie header into the cookie the "browser" sends.
  void keepCookie(const http::ApiResponse& res) {
    ASSERT_EQ(res.setCookies.size(), 1u);
    const std::string& c = res.setCookies[0];
    mCookie = c.substr(0, c.find(';'));
  }
  std::vector<std::string> auditActions() {
    std::vector<std::string> actions;
    auto entries = mAudit->list();
    for (const auto& e : *entries)
      if (e.action.starts_with("login."))
        actions.push_back(e.action + " " + e.actor + " " + e.target + e.detail);
    return actions;
  }

  store::test::TestDir mDir;
  store::UnixSeconds mNow = 1'700'000'000;
  int64_t mMillis = 0;
  LoginThrottle mThrottle{[this] { return mMillis; }};
  boost::asio::io_context mIo;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> mWork =
      boost::asio::make_work_guard(mIo);
  static constexpr size_t kQueue = 8;
  PasswordWorkers mWorkers{1, kQueue,
                           [this](std::function<void()> done) { boost::asio::post(mIo, std::move(done)); }};
  std::string mCookie;
  std::unique_ptr<store::Database> mDb;
  std::unique_ptr<store::AuditLog> mAudit;
  std::unique_ptr<store::UserStore> mUsers;
  std::unique_ptr<store::SessionStore> mSessions;
  std::unique_ptr<store::SecondFactorStore> mFactors;
  SecondFactorPolicy mPolicy;
  std::unique_ptr<LoginApi> mApi;
};

}  // namespace vicos::app::test
