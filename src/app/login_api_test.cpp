// Tests of organizer login: cookie flags, CSRF checks, JSON errors, throttling with a
// controlled clock, the bounded password workers, session expiry, logout and audit entries (P7,
// P20). Password checks run on a real worker thread and come back through a real io_context.
#include "app/login_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/login_api_fixture.hpp"

namespace vicos::app {
namespace {

using test::LoginApiTest;

TEST_F(LoginApiTest, LoginSetsASecureCookieAndOpensASession) {
  EXPECT_EQ(getSession().status, 401u);
  const auto res = tryLogin("anna", "correct horse");
  ASSERT_EQ(res.status, 200u) << res.body;
  EXPECT_EQ(nlohmann::json::parse(res.body), (nlohmann::json{{"login", "anna"}, {"name", "Anna Schmidt"}}));
  ASSERT_EQ(res.setCookies.size(), 1u);
  const std::string& cookie = res.setCookies[0];
  EXPECT_TRUE(cookie.starts_with("vicos_session="));
  EXPECT_TRUE(store::isSessionToken(cookie.substr(14, 64)));
  EXPECT_NE(cookie.find("; Max-Age=43200"), std::string::npos);
  for (const char* flag : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"})
    EXPECT_NE(cookie.find(flag), std::string::npos) << flag;
  keepCookie(res);
  const auto session = getSession();
  ASSERT_EQ(session.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(session.body)["name"], "Anna Schmidt");
  ASSERT_TRUE(mApi->organizerFor("other=1; " + mCookie));
  EXPECT_EQ(mApi->organizerFor(mCookie)->login, "anna");
  EXPECT_EQ(auditActions(), std::vector<std::string>{"login.succeeded anna anna"});
}

TEST_F(LoginApiTest, WrongPasswordAndUnknownLogin) {
  auto res = tryLogin("anna", "wrong horse");
  EXPECT_EQ(res.status, 401u);
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"], "wrong-credentials");
  EXPECT_TRUE(res.setCookies.empty());
  EXPECT_EQ(tryLogin("nobody", "correct horse").status, 401u);
  EXPECT_EQ(tryLogin("Not A Login!", "correct horse").status, 401u);
  // No entry for made-up names; no address anywhere.
  EXPECT_EQ(auditActions(), std::vector<std::string>{"login.failed anna anna"});
  auto entries = mAudit->list();
  for (const auto& e : *entries) EXPECT_EQ((e.actor + e.target + e.detail).find("192.0.2"), std::string::npos);
}

TEST_F(LoginApiTest, CrossSiteAndMalformedRequestsChangeNothing) {
  auto req = post("api/login", R"({"login":"anna","password":"correct horse"})");
  req.origin.clear();
  EXPECT_EQ(call(req).status, 403u);
  req.origin = "https://evil.example";
  EXPECT_EQ(call(req).status, 403u);
  req.origin = "http://meet.example";
  EXPECT_EQ(call(req).status, 403u);
  req.origin = "https://meet.example";
  req.contentType = "text/plain";
  EXPECT_EQ(call(req).status, 415u);
  req.contentType = "application/x-www-form-urlencoded";
  EXPECT_EQ(call(req).status, 415u);
  req.contentType = "Application/JSON; charset=utf-8";
  EXPECT_EQ(call(req).status, 200u);  // the same request, now allowed

  mCookie.clear();
  for (const char* body : {"", "{", "[]", "\"x\"", R"({"login":"anna"})", R"({"login":1,"password":"x"})",
                           R"({"login":"anna","password":null})"}) {
    const auto res = call(post("api/login", body));
    EXPECT_EQ(res.status, 400u) << body;
    EXPECT_EQ(nlohmann::json::parse(res.body)["error"], "bad-json") << body;
    EXPECT_TRUE(res.setCookies.empty());
  }
  EXPECT_EQ(call(http::ApiRequest{"GET", "api/login", "", "", "", "", "", ""}).status, 405u);
  EXPECT_EQ(call(http::ApiRequest{"GET", "api/nothing", "", "", "", "", "", ""}).status, 404u);
  EXPECT_EQ(auditActions().size(), 1u);  // only the one allowed login
}

TEST_F(LoginApiTest, FailuresFromOneAddressCannotLockTheOwnerOut) {
  // Security audit (issue 12, finding 8): six failures from one address made the owner's right
  // password get 429 from everywhere.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(tryLogin("anna", "wrong", "203.0.113.66").status, 401u);
  EXPECT_EQ(tryLogin("anna", "correct horse", "198.51.100.2").status, 200u);
}

TEST_F(LoginApiTest, FailuresPerAccountAndAddressAreThrottledWithGrowingDelay) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(tryLogin("anna", "wrong").status, 401u);
  // The sixth failure starts the wait for this account from this address: 1 s, then 2 s ...
  EXPECT_EQ(tryLogin("anna", "wrong").status, 401u);
  auto res = tryLogin("anna", "correct horse");
  EXPECT_EQ(res.status, 429u);
  EXPECT_EQ(res.retryAfterSeconds, 1u);
  EXPECT_EQ(nlohmann::json::parse(res.body)["retryAfter"], 1);
  EXPECT_TRUE(res.setCookies.empty());
  mMillis += 1000;
  EXPECT_EQ(tryLogin("anna", "wrong").status, 401u);
  mMillis += 1999;
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 429u);
  mMillis += 1;
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 200u);
  // Success clears the count: five failures are free again.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(tryLogin("anna", "wrong").status, 401u);
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 200u);
}

TEST_F(LoginApiTest, FailuresPerAccountFromManyAddressesAreThrottled) {
  const unsigned free = LoginThrottle::kFreePerAccount;
  for (unsigned i = 0; i <= free; ++i)
    EXPECT_EQ(tryLogin("anna", "wrong", "2001:db8:" + std::to_string(i) + "::/64").status, 401u);
  EXPECT_EQ(tryLogin("anna", "correct horse", "192.0.2.200").status, 429u);
  mMillis += 1000;
  EXPECT_EQ(tryLogin("anna", "correct horse", "192.0.2.200").status, 200u);
}

TEST_F(LoginApiTest, FailuresPerAddressAreThrottledAcrossAccounts) {
  for (unsigned i = 0; i <= LoginThrottle::kFreePerAddress; ++i)
    EXPECT_EQ(tryLogin("user" + std::to_string(i), "guess").status, 401u);
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 429u);                // same address
  EXPECT_EQ(tryLogin("anna", "correct horse", "192.0.2.99").status, 200u);  // another address
}

TEST_F(LoginApiTest, MadeUpLoginNamesShareOneThrottleKey) {
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(
        tryLogin(std::string(1000, 'X') + std::to_string(i), "guess", "192.0.2." + std::to_string(i)).status,
        401u);
  EXPECT_LE(mThrottle.size(), 50u * 2 + 1);  // pairs and addresses, one account key for all
}

TEST_F(LoginApiTest, BusyWhenTheCheckQueueIsFull) {
  std::promise<void> release = blockWorker();
  std::vector<std::optional<http::ApiResponse>> answers(kQueue + 1);
  for (size_t i = 0; i < answers.size(); ++i)
    mApi->handle(loginRequest("anna", "wrong", "192.0.2." + std::to_string(i)),
                 [&answers, i](http::ApiResponse res) { answers[i] = std::move(res); });
  // The queue holds kQueue checks; the next is answered at once, before any check ran.
  for (size_t i = 0; i < kQueue; ++i) EXPECT_FALSE(answers[i]) << i;
  ASSERT_TRUE(answers[kQueue]);
  EXPECT_EQ(answers[kQueue]->status, 503u);
  EXPECT_EQ(nlohmann::json::parse(answers[kQueue]->body)["error"], "busy");
  EXPECT_EQ(answers[kQueue]->retryAfterSeconds, LoginApi::kBusyRetrySeconds);
  release.set_value();
  while (!answers[kQueue - 1]) ASSERT_NE(mIo.run_one_for(std::chrono::seconds(10)), 0u);
  for (size_t i = 0; i < kQueue; ++i) EXPECT_EQ(answers[i]->status, 401u) << i;
}

TEST_F(LoginApiTest, OneAddressMayHaveOnlyTwoChecksAtOnce) {
  std::promise<void> release = blockWorker();
  std::vector<std::optional<http::ApiResponse>> answers(4);
  const char* addresses[] = {"192.0.2.1", "192.0.2.1", "192.0.2.1", "192.0.2.2"};
  for (size_t i = 0; i < answers.size(); ++i)
    mApi->handle(loginRequest("anna", "wrong", addresses[i]),
                 [&answers, i](http::ApiResponse res) { answers[i] = std::move(res); });
  EXPECT_FALSE(answers[0]);
  EXPECT_FALSE(answers[1]);
  ASSERT_TRUE(answers[2]);
  EXPECT_EQ(answers[2]->status, 503u);
  EXPECT_FALSE(answers[3]);  // another address is queued
  release.set_value();
  while (!answers[3]) ASSERT_NE(mIo.run_one_for(std::chrono::seconds(10)), 0u);
  // Once its checks are done the address may try again.
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 200u);
}

TEST_F(LoginApiTest, SessionsExpireAndLogoutEndsThem) {
  keepCookie(tryLogin("anna", "correct horse"));
  mNow += store::kSessionLifetime - 1;
  EXPECT_EQ(getSession().status, 200u);
  mNow += 1;
  EXPECT_EQ(getSession().status, 401u);
  EXPECT_FALSE(mApi->organizerFor(mCookie));

  keepCookie(tryLogin("anna", "correct horse"));
  const auto saved = mCookie;
  auto cross = post("api/logout", "{}");
  cross.origin = "https://evil.example";
  EXPECT_EQ(call(cross).status, 403u);
  EXPECT_EQ(getSession().status, 200u);
  const auto res = call(post("api/logout", "{}"));
  EXPECT_EQ(res.status, 200u);
  ASSERT_EQ(res.setCookies.size(), 1u);
  EXPECT_TRUE(res.setCookies[0].starts_with("vicos_session=; Max-Age=0"));
  mCookie = saved;  // a replayed old cookie is dead too
  EXPECT_EQ(getSession().status, 401u);
  EXPECT_EQ(auditActions().back(), "login.logged_out anna anna");
}

TEST(PasswordWorkers, ResultsComeBackOnTheControlThreadAndTheQueueIsBounded) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  const auto control = std::this_thread::get_id();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::thread::id> ranOn;
  std::vector<bool> results;
  {
    PasswordWorkers workers(1, 2,
                            [&io](std::function<void()> done) { boost::asio::post(io, std::move(done)); });
    auto record = [&](bool result) {
      ranOn.push_back(std::this_thread::get_id());
      results.push_back(result);
    };
    std::promise<void> started;
    ASSERT_TRUE(workers.submit(
        [&] {
          started.set_value();
          released.wait();
          return true;
        },
        record));
    started.get_future().wait();
    ASSERT_TRUE(workers.submit([] { return false; }, record));
    ASSERT_TRUE(workers.submit([] { return true; }, record));
    EXPECT_FALSE(workers.submit([] { return true; }, record));  // two wait already
    release.set_value();
    while (results.size() < 3) ASSERT_NE(io.run_one_for(std::chrono::seconds(10)), 0u);
  }
  EXPECT_EQ(results, (std::vector<bool>{true, false, true}));
  for (auto id : ranOn) EXPECT_EQ(id, control);
}

TEST(PasswordWorkers, DestructionDropsWhatIsQueued) {
  boost::asio::io_context io;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  bool queuedRan = false;
  std::thread releaser;
  {
    PasswordWorkers workers(1, 4,
                            [&io](std::function<void()> done) { boost::asio::post(io, std::move(done)); });
    std::promise<void> started;
    ASSERT_TRUE(workers.submit(
        [&] {
          started.set_value();
          released.wait();
          return true;
        },
        [](bool) {}));
    started.get_future().wait();
    ASSERT_TRUE(workers.submit(
        [&] {
          queuedRan = true;
          return true;
        },
        [](bool) {}));
    releaser = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      release.set_value();
    });
  }  // waits for the running check; the queued one never runs
  releaser.join();
  EXPECT_FALSE(queuedRan);
}

TEST(FailureThrottle, DoublesUpToFifteenMinutesAndForgets) {
  int64_t now = 0;
  FailureThrottle throttle([&] { return now; });
  for (int i = 0; i < 5; ++i) {
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitMs("k"), 0);
  }
  int64_t expected = 1000;
  for (int i = 0; i < 15; ++i) {
    throttle.recordFailure("k");
    EXPECT_EQ(throttle.waitMs("k"), std::min<int64_t>(expected, 15 * 60 * 1000)) << i;
    expected *= 2;
  }
  EXPECT_EQ(throttle.waitMs("other"), 0);
  now += 60 * 60 * 1000;  // an hour after the last failure the key is forgotten
  EXPECT_EQ(throttle.waitMs("k"), 0);
  EXPECT_EQ(throttle.size(), 0u);
}

TEST(FailureThrottle, MemoryIsBounded) {
  int64_t now = 0;
  ThrottlePolicy policy;
  policy.maxKeys = 3;
  FailureThrottle throttle([&] { return now++; }, policy);
  for (int i = 0; i < 10; ++i) throttle.recordFailure("k" + std::to_string(i));
  EXPECT_LE(throttle.size(), 3u);
}

}  // namespace
}  // namespace vicos::app
