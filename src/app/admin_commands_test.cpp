// End-to-end tests of the operator's commands, called as main() calls them, against a real
// data directory: user add/list/passwd/export/delete, retention run, privacy report.
#include "app/admin_commands.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/second_factors.hpp"
#include "store/sessions.hpp"

namespace vicos::app {
namespace {

class AdminTest : public ::testing::Test {
 protected:
  AdminTest() {
    static int counter = 0;
    mDir = std::filesystem::temp_directory_path() /
           ("vicos-admin-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(mDir);
  }
  ~AdminTest() override { std::filesystem::remove_all(mDir); }

  // Runs a command line; returns the exit code, leaves output in mOut/mErr.
  int run(std::vector<std::string> args, std::optional<std::string> password = "correct horse") {
    args.push_back("--data-dir");
    args.push_back((mDir / "data").string());
    mOut.str("");
    mErr.str("");
    Console console{mOut, mErr, [password](bool) { return password; }, [this] { return mNow; }};
    const Command command = parseCommandLine(args);
    if (const auto* usage = std::get_if<UsageError>(&command)) {
      mErr << usage->message;
      return 2;
    }
    if (const auto* user = std::get_if<UserCommand>(&command)) return runUserCommand(*user, console);
    if (const auto* retention = std::get_if<RetentionCommand>(&command)) return runRetentionCommand(*retention, console);
    if (const auto* report = std::get_if<PrivacyReportCommand>(&command))
      return runPrivacyReportCommand(*report, console, "test");
    return 99;
  }

  std::filesystem::path mDir;
  store::UnixSeconds mNow = 1'715'342'400;  // 2024-05-10T12:00:00Z
  std::ostringstream mOut, mErr;
};

TEST_F(AdminTest, ResetSecondFactorRemovesFactorsAndRecoveryCodes) {
  ASSERT_EQ(run({"user", "add", "anna"}), 0) << mErr.str();
  {
    auto db = store::Database::open(mDir / "data");
    ASSERT_TRUE(db);
    store::SecondFactorStore factors(**db, [this] { return mNow; });
    ASSERT_TRUE(factors.addTotp("anna", "phone", std::vector<uint8_t>(20, 1)));
    ASSERT_TRUE(factors.addPasskey("anna", "laptop", store::StoredPasskey{0, {1, 2}, {3}, -7, 0}));
    ASSERT_TRUE(factors.newRecoveryCodes("anna"));
  }
  ASSERT_EQ(run({"user", "reset-2fa", "anna"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "removed 2 second factors of anna\n");
  auto db = store::Database::open(mDir / "data");
  ASSERT_TRUE(db);
  store::SecondFactorStore factors(**db, [this] { return mNow; });
  EXPECT_FALSE(*factors.hasAny("anna"));
  EXPECT_EQ(*factors.recoveryCodesLeft("anna"), 0);
  ASSERT_EQ(run({"user", "export", "anna"}), 0);
  const auto json = nlohmann::json::parse(mOut.str());
  EXPECT_EQ(json["audit_log"].back()["action"], "second_factor.removed");
  EXPECT_EQ(json["audit_log"].back()["actor"], "operator");
}

TEST_F(AdminTest, UserLifecycle) {
  ASSERT_EQ(run({"user", "add", "anna", "--name", "Anna Schmidt"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "added anna\n");
  EXPECT_EQ(run({"user", "add", "anna"}), 1);
  EXPECT_NE(mErr.str().find("exists already"), std::string::npos);
  EXPECT_EQ(run({"user", "add", "Bad Login"}), 1);
  EXPECT_EQ(run({"user", "add", "bernd"}, std::nullopt), 1);  // no password
  EXPECT_EQ(run({"user", "add", "bernd"}, "short"), 1);
  EXPECT_NE(mErr.str().find("at least 8"), std::string::npos);

  ASSERT_EQ(run({"user", "list"}), 0);
  EXPECT_EQ(mOut.str(), "anna\tAnna Schmidt\tcreated 2024-05-10T12:00:00Z\tlast login never\n");

  EXPECT_EQ(run({"user", "passwd", "anna"}, "another password"), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "changed the password of anna (0 login sessions ended)\n");
  EXPECT_EQ(run({"user", "passwd", "nobody"}), 1);

  ASSERT_EQ(run({"user", "export", "anna"}), 0);
  const auto json = nlohmann::json::parse(mOut.str());
  EXPECT_EQ(json["account"]["display_name"], "Anna Schmidt");
  EXPECT_EQ(json["audit_log"].size(), 2u);  // added, password changed

  ASSERT_EQ(run({"user", "delete", "anna"}), 0) << mErr.str();
  EXPECT_EQ(run({"user", "export", "anna"}), 1);
  EXPECT_EQ(run({"user", "delete", "anna"}), 1);
  ASSERT_EQ(run({"user", "list"}), 0);
  EXPECT_EQ(mOut.str(), "");
  EXPECT_EQ(run({"user", "remove", "anna"}), 1);
}

TEST_F(AdminTest, TheAdminRoleIsGrantedAtAddOrLaterAndAudited) {
  // The first account of a fresh installation becomes admin from the command line
  // (docs/operations.md "Admin page").
  ASSERT_EQ(run({"user", "add", "root", "--admin"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "added root with the admin role\n");
  ASSERT_EQ(run({"user", "add", "anna"}), 0) << mErr.str();
  ASSERT_EQ(run({"user", "admin", "anna", "on"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "granted the admin role to anna\n");
  ASSERT_EQ(run({"user", "list"}), 0);
  EXPECT_EQ(mOut.str(),
            "anna\tanna\tcreated 2024-05-10T12:00:00Z\tlast login never\tadmin\n"
            "root\troot\tcreated 2024-05-10T12:00:00Z\tlast login never\tadmin\n");
  ASSERT_EQ(run({"user", "admin", "anna", "off"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "revoked the admin role of anna\n");
  EXPECT_EQ(run({"user", "admin", "nobody", "on"}), 1);
  EXPECT_EQ(run({"user", "admin", "anna", "maybe"}), 2);
  EXPECT_EQ(run({"user", "admin", "anna"}), 2);
  EXPECT_EQ(run({"user", "passwd", "anna", "--admin"}), 2);
  EXPECT_NE(mErr.str().find("--admin belongs"), std::string::npos);

  ASSERT_EQ(run({"user", "export", "anna"}), 0);
  const auto json = nlohmann::json::parse(mOut.str());
  EXPECT_EQ(json["account"]["admin"], false);
  std::vector<std::string> actions;
  for (const auto& e : json["audit_log"])
    actions.push_back(e["action"].get<std::string>() + " " + e["actor"].get<std::string>());
  EXPECT_EQ(actions, (std::vector<std::string>{"user.added operator", "user.admin_granted operator",
                                               "user.admin_revoked operator"}));
}

TEST_F(AdminTest, PasswdAndRemoveEndTheLoginSessions) {
  // Security audit (issue 12, finding 9): a session opened with the old password stayed valid.
  // The session is made as the server makes it, in the same database file.
  ASSERT_EQ(run({"user", "add", "anna"}), 0) << mErr.str();
  auto db = store::Database::open(mDir / "data");
  ASSERT_TRUE(db) << db.error().message;
  store::SessionStore sessions(**db, [this] { return mNow; });
  auto stolen = sessions.create("anna");
  ASSERT_TRUE(stolen);

  ASSERT_EQ(run({"user", "passwd", "anna"}, "another password"), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "changed the password of anna (1 login session ended)\n");
  EXPECT_FALSE(*sessions.lookup(*stolen));

  auto fresh = sessions.create("anna");
  ASSERT_TRUE(fresh);
  ASSERT_EQ(run({"user", "remove", "anna"}), 0) << mErr.str();
  EXPECT_FALSE(*sessions.lookup(*fresh));
}

TEST_F(AdminTest, RetentionRunAndReport) {
  ASSERT_EQ(run({"user", "add", "anna"}), 0);
  mNow += 400 * store::kSecondsPerDay;
  ASSERT_EQ(run({"retention", "run"}), 0) << mErr.str();
  EXPECT_EQ(mOut.str(), "retention run: accounts=1 audit_entries=0 log_files=0 sessions=0\n");

  ASSERT_EQ(run({"privacy-report", "--lang", "en"}), 0) << mErr.str();
  EXPECT_NE(mOut.str().find("Stored organizer accounts: 0"), std::string::npos);
  EXPECT_NE(mOut.str().find("Last run: 2025-06-14 12:00 UTC."), std::string::npos) << mOut.str();
}

TEST_F(AdminTest, PrivacyReportFollowsTheConfiguration) {
  ASSERT_EQ(run({"privacy-report"}), 0) << mErr.str();
  EXPECT_NE(mOut.str().find("# Datenschutzbericht"), std::string::npos);
  EXPECT_NE(mOut.str().find("[nicht konfiguriert: privacy.server_location]"), std::string::npos);
  // The defaults: logs to the journal (P27), the lobby of new rooms off (P12), metrics on loopback (P28).
  EXPECT_NE(mOut.str().find("⚠ Die Protokolle gehen an die Standardfehlerausgabe"), std::string::npos);
  EXPECT_NE(mOut.str().find("Voreinstellung für neue Räume: aus"), std::string::npos);
  EXPECT_NE(mOut.str().find("http://127.0.0.1:9464/metrics"), std::string::npos);

  const auto config = mDir / "vicos.toml";
  std::filesystem::create_directories(mDir);
  std::ofstream(config)
      << "[log]\ndir = \"" << (mDir / "logs").string()
      << "\"\n[retention]\nlog_days = 60\n[privacy]\nserver_location = \"Frankfurt am Main, Deutschland\"\n"
      << "[rooms]\nlobby = true\n[metrics]\nlisten = \"\"\n";
  ASSERT_EQ(run({"privacy-report", "--config", config.string(), "--format", "json"}), 0) << mErr.str();
  const auto json = nlohmann::json::parse(mOut.str());
  EXPECT_EQ(json["language"], "de");
  EXPECT_EQ(json["settings"]["server_location"], "Frankfurt am Main, Deutschland");
  std::vector<std::string> ids;
  for (const auto& w : json["warnings"]) ids.push_back(w["id"]);
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "log_to_journal"), ids.end());
  EXPECT_EQ(json["settings"]["rooms"]["lobby_default"], true);
  EXPECT_TRUE(json["settings"]["metrics_listen"].is_null());
  for (const auto& c : json["categories"]) EXPECT_NE(c["key"], "metrics");
  EXPECT_NE(json.dump().find("Voreinstellung für neue Räume: ein"), std::string::npos);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "log_retention_long"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "server_location_missing"), ids.end());

  EXPECT_EQ(run({"privacy-report", "--lang", "fr"}), 2);
  EXPECT_EQ(run({"privacy-report", "--format", "pdf"}), 2);
}

TEST_F(AdminTest, RetentionDeletesOldLogFiles) {
  const auto logs = mDir / "logs";
  std::filesystem::create_directories(logs);
  std::ofstream(logs / "vicos-2024-05-01.log") << "old\n";
  std::ofstream(logs / "vicos-2024-05-09.log") << "new\n";
  ASSERT_EQ(run({"retention", "run", "--log-dir", logs.string()}), 0) << mErr.str();
  EXPECT_FALSE(std::filesystem::exists(logs / "vicos-2024-05-01.log"));
  EXPECT_TRUE(std::filesystem::exists(logs / "vicos-2024-05-09.log"));
}

}  // namespace
}  // namespace vicos::app
