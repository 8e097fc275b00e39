// Tests of the admin API over a real SQLite database, real session cookies and a real password
// worker: every request is refused without a session (401) and without the admin role (403),
// cross-site and malformed requests change nothing, and an admin's changes are made and audited
// (docs/security.md "Admin page").
#include "app/admin_api.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "store/store_fixture.hpp"
#include "store/test_dir.hpp"

namespace vicos::app {
namespace {

constexpr store::PasswordParams kFast = store::test::kFastPasswords;

const char* const kReads[] = {"api/admin/me", "api/admin/overview", "api/admin/history", "api/admin/accounts",
                              "api/admin/retention"};

class AdminApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(mDir.path());
    ASSERT_TRUE(db) << db.error().message;
    mDb = std::move(*db);
    mAudit = std::make_unique<store::AuditLog>(*mDb);
    mUsers = std::make_unique<store::UserStore>(
        *mDb, *mAudit, [this] { return mNow; }, kFast);
    mSessions = std::make_unique<store::SessionStore>(*mDb, [this] { return mNow; });
    ASSERT_TRUE(mUsers->add("root", "Rita Admin", "correct horse", store::kActorOperator, true));
    ASSERT_TRUE(mUsers->add("olga", "Olga Organizer", "correct horse", store::kActorOperator));
    mHistory.push(LoadSample{mNow - 60, 1, 2, {10, 20}, 0});
    mHistory.push(LoadSample{mNow, 2, 5, {30, 90}, 1});
    AdminSources sources;
    sources.checkHealth = [this](Readiness::Done done) { done(mHealth); };
    sources.load = [] {
      NodeLoad load;
      load.at = 1'700'000'000;
      load.rooms = 2;
      load.participants = 5;
      load.workers = {WorkerLoad{true, 3, 0, {30, 60}}, WorkerLoad{false, 0, 0, {}}};
      return load;
    };
    sources.history = [this] { return mHistory.samples(); };
    mApi = std::make_unique<AdminApi>(*mDb, *mUsers, *mSessions, *mAudit, mWorkers, std::move(sources));
  }

  std::string cookieFor(const std::string& login) {
    auto token = mSessions->create(login);
    EXPECT_TRUE(token);
    return "vicos_session=" + *token;
  }
  http::ApiResponse call(const http::ApiRequest& request) {
    std::optional<http::ApiResponse> answer;
    EXPECT_TRUE(mApi->handle(request, [&answer](http::ApiResponse res) { answer = std::move(res); }));
    while (!answer)
      if (mIo.run_one_for(std::chrono::seconds(10)) == 0) {
        ADD_FAILURE() << "no answer";
        return {};
      }
    return *answer;
  }
  http::ApiResponse get(const std::string& path, const std::string& cookie) {
    return call(http::ApiRequest{"GET", path, "", "", "meet.example", cookie, "", "192.0.2.1"});
  }
  http::ApiResponse post(const std::string& action, const nlohmann::json& body, const std::string& cookie) {
    return call(http::ApiRequest{"POST", "api/admin/accounts/" + action, "application/json",
                                 "https://meet.example", "meet.example", cookie, body.dump(), "192.0.2.1"});
  }
  static std::string code(const http::ApiResponse& res) {
    return nlohmann::json::parse(res.body).value("error", std::string());
  }
  // Everything a refused request must leave alone: the accounts and the audit log.
  std::string state() {
    std::string out;
    const auto users = mUsers->list();
    for (const auto& u : *users)
      out += u.login + (u.admin ? "+admin" : "") + (u.disabled ? "+disabled" : "") + ";";
    out += std::to_string(mAudit->list()->size());
    return out;
  }
  // One of each change, well formed, aimed at olga.
  static std::vector<std::pair<std::string, nlohmann::json>> changes() {
    return {{"add", {{"login", "neu"}, {"name", "Neu"}, {"password", "long enough"}, {"admin", true}}},
            {"disable", {{"login", "olga"}}},
            {"enable", {{"login", "olga"}}},
            {"password", {{"login", "olga"}, {"password", "new password"}}},
            {"admin", {{"login", "olga"}, {"admin", true}}}};
  }

  store::test::TestDir mDir;
  store::UnixSeconds mNow = 1'700'000'000;
  boost::asio::io_context mIo;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> mWork =
      boost::asio::make_work_guard(mIo);
  PasswordWorkers mWorkers{1, 4,
                           [this](std::function<void()> done) { boost::asio::post(mIo, std::move(done)); }};
  std::unique_ptr<store::Database> mDb;
  std::unique_ptr<store::AuditLog> mAudit;
  std::unique_ptr<store::UserStore> mUsers;
  std::unique_ptr<store::SessionStore> mSessions;
  ReadinessResult mHealth;
  LoadHistory mHistory{4};
  std::unique_ptr<AdminApi> mApi;
};

TEST_F(AdminApiTest, WithoutASessionEveryRequestIs401AndChangesNothing) {
  const std::string before = state();
  for (const char* path : kReads) {
    for (const std::string& cookie :
         std::vector<std::string>{"", "vicos_session=", "vicos_session=" + std::string(64, 'a')}) {
      const auto res = get(path, cookie);
      EXPECT_EQ(res.status, 401u) << path;
      EXPECT_EQ(code(res), "not-logged-in");
      EXPECT_EQ(res.body.find("olga"), std::string::npos);
    }
  }
  for (const auto& [action, body] : changes()) EXPECT_EQ(post(action, body, "").status, 401u) << action;
  EXPECT_EQ(state(), before);
}

TEST_F(AdminApiTest, AnOrganizerWithoutTheRoleGets403AndChangesNothing) {
  const std::string olga = cookieFor("olga");
  const std::string before = state();
  for (const char* path : kReads) {
    const auto res = get(path, olga);
    EXPECT_EQ(res.status, 403u) << path;
    EXPECT_EQ(code(res), "not-admin");
    EXPECT_EQ(res.body.find("root"), std::string::npos);
  }
  for (const auto& [action, body] : changes()) {
    const auto res = post(action, body, olga);
    EXPECT_EQ(res.status, 403u) << action;
    EXPECT_EQ(code(res), "not-admin");
  }
  // Not even about herself: she cannot make herself admin.
  EXPECT_EQ(post("admin", {{"login", "olga"}, {"admin", true}}, olga).status, 403u);
  EXPECT_EQ(state(), before);
}

TEST_F(AdminApiTest, CrossSiteAndMalformedRequestsAreRefusedAndChangeNothing) {
  const std::string root = cookieFor("root");
  const std::string before = state();
  const std::string body = R"({"login":"olga"})";
  // CSRF, as for the login (docs/security.md): JSON content type and a same-origin Origin.
  auto res = call({"POST", "api/admin/accounts/disable", "text/plain", "https://meet.example", "meet.example",
                   root, body, ""});
  EXPECT_EQ(res.status, 415u);
  res = call({"POST", "api/admin/accounts/disable", "application/json", "", "meet.example", root, body, ""});
  EXPECT_EQ(res.status, 403u);
  EXPECT_EQ(code(res), "cross-origin");
  res = call({"POST", "api/admin/accounts/disable", "application/json", "https://evil.example",
              "meet.example", root, body, ""});
  EXPECT_EQ(res.status, 403u);
  // Methods and paths.
  EXPECT_EQ(get("api/admin/accounts/disable", root).status, 405u);
  EXPECT_EQ(call({"POST", "api/admin/overview", "application/json", "https://meet.example", "meet.example",
                  root, "{}", ""})
                .status,
            405u);
  EXPECT_EQ(get("api/admin/nothing", root).status, 404u);

  const std::vector<std::tuple<std::string, std::string, unsigned, std::string>> bad = {
      {"disable", "not json", 400, "bad-json"},
      {"disable", "[1,2]", 400, "bad-json"},
      {"disable", "{}", 400, "bad-request"},
      {"disable", R"({"login":5})", 400, "bad-request"},
      {"disable", R"({"login":"Not Valid!"})", 400, "bad-login"},
      {"disable", R"({"login":"nobody"})", 404, "no-such-account"},
      {"disable", R"({"login":"root"})", 400, "own-account"},
      {"admin", R"({"login":"root","admin":false})", 400, "own-account"},
      {"admin", R"({"login":"olga","admin":"yes"})", 400, "bad-request"},
      {"admin", R"({"login":"olga"})", 400, "bad-request"},
      {"password", R"({"login":"olga","password":"short"})", 400, "bad-password"},
      {"password", R"({"login":"olga"})", 400, "bad-request"},
      {"add", R"({"login":"olga","password":"long enough"})", 409, "exists"},
      {"add", R"({"login":"neu","password":"short"})", 400, "bad-password"},
      {"add", R"({"login":"neu","name":"","password":"long enough"})", 400, "bad-name"},
      {"add", R"({"login":"neu","name":"Neu","password":"long enough","admin":1})", 400, "bad-request"},
      {"add", R"({"login":"operator","password":"long enough"})", 400, "bad-login"},
  };
  for (const auto& [action, text, status, error] : bad) {
    res = call({"POST", "api/admin/accounts/" + action, "application/json", "https://meet.example",
                "meet.example", root, text, ""});
    EXPECT_EQ(res.status, status) << action << " " << text << ": " << res.body;
    EXPECT_EQ(code(res), error) << action << " " << text;
    EXPECT_FALSE(nlohmann::json::parse(res.body).value("message", std::string()).empty());
  }
  EXPECT_EQ(state(), before);
}

TEST_F(AdminApiTest, AnAdminAddsDisablesResetsAndGrantsWithAuditEntries) {
  const std::string root = cookieFor("root");
  auto res = post("add", {{"login", "neu"}, {"name", "Neu Person"}, {"password", "long enough"}}, root);
  ASSERT_EQ(res.status, 200u) << res.body;
  EXPECT_EQ(nlohmann::json::parse(res.body)["account"]["name"], "Neu Person");
  EXPECT_TRUE(*mUsers->verifyPassword("neu", "long enough"));

  // Disabling ends the account's sessions and its logins.
  const std::string olga = cookieFor("olga");
  ASSERT_TRUE(*mSessions->lookup(olga.substr(14)));
  res = post("disable", {{"login", "olga"}}, root);
  ASSERT_EQ(res.status, 200u) << res.body;
  auto json = nlohmann::json::parse(res.body);
  EXPECT_EQ(json["sessionsEnded"], 1);
  EXPECT_EQ(json["account"]["disabled"], true);
  EXPECT_FALSE(*mSessions->lookup(olga.substr(14)));
  EXPECT_FALSE(*mUsers->verifyPassword("olga", "correct horse"));
  ASSERT_EQ(post("enable", {{"login", "olga"}}, root).status, 200u);
  EXPECT_TRUE(*mUsers->verifyPassword("olga", "correct horse"));

  // A reset password works at once and ends the sessions made with the old one.
  const std::string olgaAgain = cookieFor("olga");
  res = post("password", {{"login", "olga"}, {"password", "new password"}}, root);
  ASSERT_EQ(res.status, 200u) << res.body;
  EXPECT_EQ(nlohmann::json::parse(res.body)["sessionsEnded"], 1);
  EXPECT_TRUE(*mUsers->verifyPassword("olga", "new password"));
  EXPECT_FALSE(*mSessions->lookup(olgaAgain.substr(14)));

  // Granting the role opens the API to her; revoking closes it again.
  const std::string olgaThird = cookieFor("olga");
  EXPECT_EQ(get("api/admin/accounts", olgaThird).status, 403u);
  ASSERT_EQ(post("admin", {{"login", "olga"}, {"admin", true}}, root).status, 200u);
  EXPECT_EQ(get("api/admin/accounts", olgaThird).status, 200u);
  ASSERT_EQ(post("admin", {{"login", "olga"}, {"admin", false}}, root).status, 200u);
  EXPECT_EQ(get("api/admin/accounts", olgaThird).status, 403u);

  std::vector<std::string> byRoot;
  const auto entries = mAudit->list();
  for (const auto& e : *entries)
    if (e.actor == "root") byRoot.push_back(e.action + " " + e.target);
  EXPECT_EQ(byRoot, (std::vector<std::string>{"user.added neu", "user.disabled olga", "user.enabled olga",
                                              "user.password_changed olga", "user.admin_granted olga",
                                              "user.admin_revoked olga"}));

  // A disabled admin is logged out like anyone else.
  ASSERT_TRUE(mUsers->setAdmin("neu", true, store::kActorOperator));
  const std::string neu = cookieFor("neu");
  EXPECT_EQ(get("api/admin/overview", neu).status, 200u);
  ASSERT_EQ(post("disable", {{"login", "neu"}}, root).status, 200u);
  EXPECT_EQ(get("api/admin/overview", neu).status, 401u);
}

TEST_F(AdminApiTest, ReadsShowHealthLoadSamplesAccountsAndRetention) {
  const std::string root = cookieFor("root");
  mHealth.failing = {"database"};
  auto res = get("api/admin/overview", root);
  ASSERT_EQ(res.status, 200u);
  auto json = nlohmann::json::parse(res.body);
  EXPECT_EQ(json["health"]["ready"], false);
  EXPECT_EQ(json["health"]["failing"], nlohmann::json::array({"database"}));
  EXPECT_EQ(json["node"]["rooms"], 2);
  EXPECT_EQ(json["node"]["participants"], 5);
  ASSERT_EQ(json["workers"].size(), 2u);
  EXPECT_EQ(json["workers"][0]["participants"], 3);
  EXPECT_EQ(json["workers"][0]["packets"]["forwardedPerSecond"], 60.0);
  EXPECT_EQ(json["workers"][1]["up"], false);

  json = nlohmann::json::parse(get("api/admin/history", root).body);
  EXPECT_EQ(json["intervalSeconds"], 60);
  ASSERT_EQ(json["samples"].size(), 2u);
  EXPECT_EQ(json["samples"][1]["participants"], 5);
  EXPECT_EQ(json["samples"][1]["packets"]["receivedPerSecond"], 30.0);

  json = nlohmann::json::parse(get("api/admin/accounts", root).body);
  ASSERT_EQ(json["accounts"].size(), 2u);
  EXPECT_EQ(json["accounts"][0]["login"], "olga");
  EXPECT_EQ(json["accounts"][0]["admin"], false);
  EXPECT_EQ(json["accounts"][1]["admin"], true);
  // No password hash ever leaves the server this way.
  EXPECT_EQ(res.body.find("argon2"), std::string::npos);
  EXPECT_EQ(get("api/admin/accounts", root).body.find("argon2"), std::string::npos);

  json = nlohmann::json::parse(get("api/admin/retention", root).body);
  EXPECT_TRUE(json["lastRun"].is_null());
  ASSERT_TRUE(mAudit->record(mNow, store::kActorRetention, store::AuditAction::RetentionRun, {},
                             "accounts=1 audit_entries=7 log_files=0 sessions=3"));
  json = nlohmann::json::parse(get("api/admin/retention", root).body);
  EXPECT_EQ(json["lastRun"]["at"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(json["lastRun"]["removed"]["audit_entries"], 7);
  EXPECT_EQ(json["lastRun"]["removed"]["sessions"], 3);
  std::map<std::string, int64_t> rows;
  for (const auto& t : json["tables"]) rows[t["table"].get<std::string>()] = t["rows"].get<int64_t>();
  EXPECT_EQ(rows["users"], 2);
  EXPECT_EQ(rows["sessions"], 1);
  EXPECT_GE(rows["audit_log"], 4);
  EXPECT_EQ(json["policy"]["logDays"], 7);
}

TEST_F(AdminApiTest, OtherPathsAreLeftToOtherHandlers) {
  EXPECT_FALSE(mApi->handle({"GET", "api/session", "", "", "", "", "", ""},
                            [](http::ApiResponse) { ADD_FAILURE() << "answered"; }));
  EXPECT_FALSE(
      mApi->handle({"GET", "api/privacy-report/de", "", "", "", "", "", ""}, [](http::ApiResponse) {}));
}

}  // namespace
}  // namespace vicos::app
