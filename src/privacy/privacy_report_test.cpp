// Tests that the privacy report follows the configuration and the features it switches (P12,
// P27, P28, P33), warns about every weakening setting (P27, P31), describes what the product
// does (end-to-end encryption, chat, the plain-media exception) and says the same in German and
// English.
#include "privacy/privacy_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "privacy/facts.hpp"

namespace vicos::privacy {
namespace {

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// A configuration with nothing to warn about.
ReportInput goodInput() {
  ReportInput in;
  in.version = "0.1.0";
  in.generatedAt = 1'715'342'400;  // 2024-05-10 12:00 UTC
  in.serverLocation = "Frankfurt am Main, Deutschland";
  in.controller = "Beispiel GmbH";
  in.controllerContact = "datenschutz@example.org";
  in.noticeUrl = "https://example.org/datenschutz";
  in.imprintUrl = "https://example.org/impressum";
  in.certificateConfigured = true;
  in.logDir = "/var/log/vicos";
  in.dataDir = "/var/lib/vicos";
  in.accountCount = 3;
  in.loginForgetMinutes = 60;
  in.mediaAddressesPerPeer = 8;
  in.mediaAddressForgetSeconds = 30;
  in.mediaTcpCheckSeconds = 10;
  in.retentionIntervalHours = 6;
  return in;
}

bool has(const ReportInput& in, WarningId id) {
  const auto found = findWarnings(in);
  return std::find(found.begin(), found.end(), id) != found.end();
}

TEST(PrivacyReport, GoodConfigurationHasNoWarnings) {
  const auto in = goodInput();
  EXPECT_TRUE(findWarnings(in).empty());
  EXPECT_TRUE(contains(renderMarkdown(in, Language::De), "Keine Einstellung schwächt den Datenschutz."));
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "No setting weakens privacy."));
  EXPECT_TRUE(renderJson(in, Language::En)["warnings"].empty());
}

TEST(PrivacyReport, EachWeakeningSettingWarns) {
  auto in = goodInput();
  in.logDir.clear();  // P27: standard error, kept by the journal as long as it likes
  EXPECT_EQ(findWarnings(in), std::vector<WarningId>{WarningId::LogToJournal});

  in = goodInput();
  in.certificateConfigured = false;
  EXPECT_TRUE(has(in, WarningId::SelfSignedCertificate));

  in = goodInput();
  in.retention.logDays = 30;
  EXPECT_FALSE(has(in, WarningId::LogRetentionLong));
  in.retention.logDays = 31;
  EXPECT_TRUE(has(in, WarningId::LogRetentionLong));
  in.retention.logDays = 0;  // forever
  EXPECT_TRUE(has(in, WarningId::LogRetentionLong));
  in.logDir.clear();  // no log files: the file retention does not apply
  EXPECT_FALSE(has(in, WarningId::LogRetentionLong));

  in = goodInput();
  in.retention.auditDays = 0;
  in.retention.accountsUnusedDays = 0;
  EXPECT_TRUE(has(in, WarningId::AuditRetentionForever));
  EXPECT_TRUE(has(in, WarningId::AccountRetentionForever));

  in = goodInput();
  in.noticeUrl.clear();
  in.imprintUrl.clear();
  in.serverLocation.clear();
  in.controller.clear();
  EXPECT_TRUE(has(in, WarningId::NoticeUrlMissing));
  EXPECT_TRUE(has(in, WarningId::ImprintUrlMissing));
  EXPECT_TRUE(has(in, WarningId::ServerLocationMissing));
  EXPECT_TRUE(has(in, WarningId::ControllerMissing));
  EXPECT_EQ(findWarnings(in).size(), 4u);

  in = goodInput();
  in.openRooms = true;
  EXPECT_EQ(findWarnings(in), std::vector<WarningId>{WarningId::OpenRooms});
}

// P27: with logs on standard error the report says so, warns, and makes the journal's retention the
// operator's duty; with log.dir it names the files and their retention instead.
TEST(PrivacyReport, JournalRetentionIsTheOperatorsDuty) {
  auto in = goodInput();
  in.logDir.clear();
  const std::string de = renderMarkdown(in, Language::De);
  const std::string en = renderMarkdown(in, Language::En);
  EXPECT_TRUE(contains(en, "⚠ Logs go to standard error"));
  EXPECT_TRUE(contains(en, "⚠ Your duty: limit the journal's retention"));
  EXPECT_TRUE(contains(en, "as your service manager keeps it: your duty"));
  EXPECT_TRUE(contains(de, "⚠ Die Protokolle gehen an die Standardfehlerausgabe"));
  EXPECT_TRUE(contains(de, "⚠ Ihre Pflicht: Begrenzen Sie die Aufbewahrung im Journal"));
  const auto json = renderJson(in, Language::De);
  ASSERT_EQ(json["warnings"].size(), 1u);
  EXPECT_EQ(json["warnings"][0]["id"], "log_to_journal");
  EXPECT_EQ(json["settings"]["log"]["addresses"], "never");

  in = goodInput();  // log files
  const std::string files = renderMarkdown(in, Language::En);
  EXPECT_FALSE(contains(files, "Your duty"));
  EXPECT_TRUE(contains(files,
                       "daily files vicos-YYYY-MM-DD.log in /var/log/vicos; the retention job deletes them "
                       "after 7 days"));
  EXPECT_TRUE(contains(renderMarkdown(in, Language::De), "der Löschlauf entfernt sie nach 7 Tagen"));
}

// The product as it is (issue 17): end-to-end encryption on by default, chat relayed and never
// kept, the moderator-approved exception for browsers that cannot encrypt, and the residual risk
// of the operator serving the encrypting code. Sentences from before end-to-end encryption must
// not come back.
TEST(PrivacyReport, DescribesEncryptionChatAndThePlainMediaException) {
  const auto in = goodInput();
  const std::string de = renderMarkdown(in, Language::De);
  const std::string en = renderMarkdown(in, Language::En);
  EXPECT_TRUE(contains(en, "End-to-end encryption is on by default for every meeting"));
  EXPECT_TRUE(contains(de, "Ende-zu-Ende-Verschlüsselung ist für jede Besprechung voreingestellt"));
  EXPECT_TRUE(contains(en, "(e2ee-plain-media)"));
  EXPECT_TRUE(contains(de, "(e2ee-plain-media)"));
  EXPECT_TRUE(contains(en, "| Participants without end-to-end encrypted media |"));
  EXPECT_TRUE(contains(de, "| Teilnehmende ohne Ende-zu-Ende-verschlüsselte Medien |"));
  EXPECT_TRUE(contains(en, "Residual risk: the browser code that encrypts is served by this server"));
  EXPECT_TRUE(contains(de, "Restrisiko: Der Browser-Code, der verschlüsselt, kommt von diesem Server"));
  EXPECT_TRUE(
      contains(en, "| Chat messages | messages to everyone and private ones, end-to-end encrypted |"));
  EXPECT_TRUE(contains(en, "relayed to the recipients as they arrive; never kept"));
  EXPECT_TRUE(contains(de, "nie aufbewahrt, weder auf Datenträgern noch in Protokollen"));
  for (const std::string& text : {de, en}) {
    EXPECT_FALSE(contains(text, "not implemented")) << text;
    EXPECT_FALSE(contains(text, "nicht umgesetzt")) << text;
    EXPECT_FALSE(contains(text, "not available")) << text;
    EXPECT_FALSE(contains(text, "noch nicht verfügbar")) << text;
    EXPECT_FALSE(contains(text, "server decrypts")) << text;
    EXPECT_FALSE(contains(text, "Server entschlüsselt")) << text;
  }
}

// P25: whether moderators may record comes from rooms.recording.
TEST(PrivacyReport, RecordingFollowsTheSetting) {
  auto in = goodInput();
  in.recording = false;
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "recording is off (rooms.recording, default off)"));
  EXPECT_TRUE(
      contains(renderMarkdown(in, Language::De), "Aufzeichnen aus (rooms.recording, Voreinstellung aus)"));
  EXPECT_EQ(renderJson(in, Language::En)["settings"]["rooms"]["recording"], false);
  in.recording = true;
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "recording is allowed (rooms.recording"));
  EXPECT_TRUE(contains(renderMarkdown(in, Language::De), "Aufzeichnen erlaubt (rooms.recording"));
  EXPECT_EQ(renderJson(in, Language::En)["settings"]["rooms"]["recording"], true);
}

// P12: the lobby default of new rooms comes from rooms.lobby.
TEST(PrivacyReport, LobbyDefaultFollowsTheSetting) {
  auto in = goodInput();
  in.lobbyDefault = false;
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "default for new rooms: off, rooms.lobby"));
  EXPECT_TRUE(contains(renderMarkdown(in, Language::De), "Voreinstellung für neue Räume: aus, rooms.lobby"));
  EXPECT_EQ(renderJson(in, Language::En)["settings"]["rooms"]["lobby_default"], false);
  in.lobbyDefault = true;
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "default for new rooms: on, rooms.lobby"));
  EXPECT_TRUE(contains(renderMarkdown(in, Language::De), "Voreinstellung für neue Räume: ein, rooms.lobby"));
  EXPECT_EQ(renderJson(in, Language::En)["settings"]["rooms"]["lobby_default"], true);
}

// With storage.postgres_url the account, session, factor and audit rows name the shared database;
// the retention stated beside them is the same (the same job runs on both backends).
TEST(PrivacyReport, AccountsInPostgresNameTheSharedDatabase) {
  auto in = goodInput();
  const auto sqliteEn = renderMarkdown(in, Language::En);
  EXPECT_TRUE(contains(sqliteEn, "SQLite database /var/lib/vicos/vicos.db"));
  EXPECT_FALSE(contains(sqliteEn, "PostgreSQL"));
  in.postgresDatabase = "vicos";
  in.postgresHost = "db.example:5432";
  const auto en = renderMarkdown(in, Language::En);
  const auto de = renderMarkdown(in, Language::De);
  EXPECT_FALSE(contains(en, "SQLite database"));
  EXPECT_TRUE(contains(en, "PostgreSQL database vicos on db.example:5432, shared by the nodes"));
  EXPECT_TRUE(contains(en, "Accounts and audit log: PostgreSQL database vicos on db.example:5432"));
  EXPECT_FALSE(contains(de, "SQLite-Datenbank"));
  EXPECT_TRUE(contains(de, "PostgreSQL-Datenbank vicos auf db.example:5432, gemeinsam für die Knoten"));
  in.postgresHost.clear();
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "PostgreSQL database vicos on this machine"));
}

// P28: the metrics listener is a row, a recipient and a measure only while it is on.
TEST(PrivacyReport, MetricsListenerOnAndOff) {
  auto in = goodInput();
  in.metricsListen = "127.0.0.1:9464";
  for (Language language : {Language::De, Language::En}) {
    const auto json = renderJson(in, language);
    const auto& rows = json["categories"];
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const auto& c) { return c["key"] == "metrics"; }));
    EXPECT_TRUE(contains(renderMarkdown(in, language), "http://127.0.0.1:9464/metrics"));
    EXPECT_EQ(json["settings"]["metrics_listen"], "127.0.0.1:9464");
  }
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En),
                       "Whoever you let reach metrics.listen reads: Operational "
                       "metrics"));
  in.metricsListen.clear();
  for (Language language : {Language::De, Language::En}) {
    const auto json = renderJson(in, language);
    const auto& rows = json["categories"];
    EXPECT_FALSE(std::any_of(rows.begin(), rows.end(), [](const auto& c) { return c["key"] == "metrics"; }));
    EXPECT_FALSE(contains(renderMarkdown(in, language), "/metrics"));
    EXPECT_TRUE(json["settings"]["metrics_listen"].is_null());
  }
}

// Every active fact becomes one row, in the catalogue's order, with its settings.
TEST(PrivacyReport, RowsAreTheFacts) {
  const auto in = goodInput();
  const auto json = renderJson(in, Language::En);
  std::vector<std::string> keys;
  for (const auto& fact : catalogue(in))
    if (fact.active) keys.emplace_back(fact.key);
  std::vector<std::string> rows;
  for (const auto& c : json["categories"]) rows.push_back(c["key"]);
  EXPECT_EQ(rows, keys);
  const auto door = std::find_if(json["categories"].begin(), json["categories"].end(),
                                 [](const auto& c) { return c["key"] == "door"; });
  ASSERT_NE(door, json["categories"].end());
  EXPECT_EQ((*door)["settings"][0], "rooms.lobby");
  EXPECT_EQ((*door)["recipients"], "the meeting's moderators");
}

TEST(PrivacyReport, ConfiguredValuesAppear) {
  auto in = goodInput();
  in.serverLocation = "Nürnberg, Deutschland";
  in.retention = store::RetentionPolicy{90, 60, 5};
  in.lastRetentionRun = in.generatedAt - 3600;
  in.waitingTimeoutSeconds = 120;
  const std::string de = renderMarkdown(in, Language::De);
  const std::string en = renderMarkdown(in, Language::En);
  for (const std::string& text : {de, en}) {
    EXPECT_TRUE(contains(text, "Nürnberg, Deutschland"));
    EXPECT_TRUE(contains(text, "Beispiel GmbH"));
    EXPECT_TRUE(contains(text, "https://example.org/datenschutz"));
    EXPECT_TRUE(contains(text, "/var/lib/vicos/vicos.db"));
    EXPECT_TRUE(contains(text, "/var/log/vicos"));
    EXPECT_TRUE(contains(text, "vicos 0.1.0"));
    EXPECT_TRUE(contains(text, "BSI TR-02102-2"));
    EXPECT_TRUE(contains(text, "AEAD_AES_128_GCM"));
  }
  EXPECT_TRUE(contains(de, "Konten, die 90 Tage nicht genutzt wurden, werden gelöscht."));
  EXPECT_TRUE(
      contains(de, "Anmeldungen und administrative Handlungen bewahren wir 60 Tage im Audit-Protokoll auf."));
  EXPECT_TRUE(contains(de, "Die Protokolle werden nach 5 Tagen gelöscht."));
  EXPECT_TRUE(contains(en, "Logs are deleted after 5 days."));
  EXPECT_TRUE(contains(de, "Letzter Lauf: 10.05.2024, 11:00 UTC."));
  EXPECT_TRUE(contains(en, "Accounts unused for 90 days are deleted."));
  EXPECT_TRUE(contains(en, "Last run: 2024-05-10 11:00 UTC."));
  EXPECT_TRUE(contains(de, "Gespeicherte Konten von Organisatoren: 3"));
  EXPECT_TRUE(contains(en, "Stored organizer accounts: 3"));
  EXPECT_TRUE(contains(de, "während des Wartens, höchstens 120 Sekunden"));
  EXPECT_TRUE(contains(en, "while waiting, at most 120 seconds"));
  EXPECT_TRUE(contains(en, "up to 8 checked addresses per participant"));
  EXPECT_TRUE(contains(en, "a media connection over TCP that passes no check, 10 seconds after it opened"));
  EXPECT_TRUE(
      contains(de, "Medienverbindung über TCP ohne bestandene Prüfung 10 Sekunden nach ihrem Aufbau"));
  EXPECT_TRUE(contains(de, "Fehlversuche bis 60 Minuten nach dem letzten"));
  EXPECT_TRUE(contains(en, "at start and every 6 hours"));

  const auto json = renderJson(in, Language::En);
  EXPECT_EQ(json["language"], "en");
  EXPECT_EQ(json["settings"]["server_location"], "Nürnberg, Deutschland");
  EXPECT_EQ(json["settings"]["retention_days"]["logs"], 5);
  EXPECT_EQ(json["settings"]["accounts"], 3);
  EXPECT_TRUE(json["settings"]["third_party_recipients"].empty());
  EXPECT_EQ(json["generated_at"], "2024-05-10T12:00:00Z");
}

TEST(PrivacyReport, MissingValuesAreMarkedNotInvented) {
  ReportInput in;
  in.dataDir = "data";
  const std::string de = renderMarkdown(in, Language::De);
  const std::string en = renderMarkdown(in, Language::En);
  EXPECT_TRUE(contains(de, "[nicht konfiguriert: privacy.server_location]"));
  EXPECT_TRUE(contains(en, "[not configured: privacy.server_location]"));
  EXPECT_TRUE(contains(de, "selbst signiert"));
  EXPECT_TRUE(contains(en, "Destination: standard error"));
  EXPECT_TRUE(contains(de, "Letzter Lauf: noch keiner."));
}

TEST(PrivacyReport, BothLanguagesHaveTheSameShape) {
  auto in = goodInput();
  in.logDir.clear();
  in.certificateConfigured = false;
  const auto de = renderJson(in, Language::De);
  const auto en = renderJson(in, Language::En);
  EXPECT_EQ(de["warnings"].size(), en["warnings"].size());
  ASSERT_EQ(de["categories"].size(), en["categories"].size());
  for (size_t i = 0; i < de["categories"].size(); ++i) {
    EXPECT_EQ(de["categories"][i]["key"], en["categories"][i]["key"]);
    EXPECT_EQ(de["categories"][i]["settings"], en["categories"][i]["settings"]);
  }
  ASSERT_EQ(de["sections"].size(), en["sections"].size());
  for (size_t i = 0; i < de["sections"].size(); ++i) {
    EXPECT_EQ(de["sections"][i]["key"], en["sections"][i]["key"]);
    EXPECT_EQ(de["sections"][i]["paragraphs"].size(), en["sections"][i]["paragraphs"].size()) << i;
  }
  EXPECT_EQ(de["settings"], en["settings"]);
  EXPECT_NE(de["title"], en["title"]);
  // Cells with '|' must not break the Markdown table.
  in.logDir = "/srv/a|b";
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "/srv/a\\|b"));
}

}  // namespace
}  // namespace vicos::privacy
