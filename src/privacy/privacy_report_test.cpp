// Tests that the privacy report follows the configuration, warns about every weakening
// setting (P27, P31, P33), and says the same in German and English.
#include "privacy/privacy_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace vicos::privacy {
namespace {

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

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
  in.logAddresses = log::AddressMode::Full;
  EXPECT_TRUE(has(in, WarningId::LogAddressesFull));
  in.logAddresses = log::AddressMode::Shortened;
  EXPECT_TRUE(has(in, WarningId::LogAddressesShortened));
  EXPECT_FALSE(has(in, WarningId::LogAddressesFull));

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

TEST(PrivacyReport, FullAddressModeShowsUpInBothLanguages) {
  auto in = goodInput();
  const std::string beforeDe = renderMarkdown(in, Language::De);
  EXPECT_FALSE(contains(beforeDe, "log.addresses = full"));
  in.logAddresses = log::AddressMode::Full;
  const std::string de = renderMarkdown(in, Language::De);
  const std::string en = renderMarkdown(in, Language::En);
  EXPECT_TRUE(contains(de, "⚠ Vollständige IP-Adressen werden protokolliert (log.addresses = full)"));
  EXPECT_TRUE(contains(en, "⚠ Full IP addresses are logged (log.addresses = full)"));
  EXPECT_TRUE(contains(de, "Zur Fehlersuche speichern wir derzeit vollständige IP-Adressen"));
  const auto json = renderJson(in, Language::De);
  ASSERT_EQ(json["warnings"].size(), 1u);
  EXPECT_EQ(json["warnings"][0]["id"], "log_addresses_full");
  EXPECT_EQ(json["settings"]["log"]["addresses"], "full");
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
    EXPECT_TRUE(contains(text, "BSI TR-02102-2"));
    EXPECT_TRUE(contains(text, "AEAD_AES_128_GCM"));
  }
  EXPECT_TRUE(contains(de, "Konten, die 90 Tage nicht genutzt wurden, werden gelöscht."));
  EXPECT_TRUE(contains(de, "Administrative Handlungen bewahren wir 60 Tage im Audit-Protokoll auf."));
  EXPECT_TRUE(contains(de, "Die Protokolle werden nach 5 Tagen gelöscht."));
  EXPECT_TRUE(contains(en, "Logs are deleted after 5 days."));
  EXPECT_TRUE(contains(de, "Letzter Lauf: 10.05.2024, 11:00 UTC."));
  EXPECT_TRUE(contains(en, "Accounts unused for 90 days are deleted."));
  EXPECT_TRUE(contains(en, "Last run: 2024-05-10 11:00 UTC."));
  EXPECT_TRUE(contains(de, "Gespeicherte Konten von Organisatoren: 3"));
  EXPECT_TRUE(contains(en, "Stored organizer accounts: 3"));
  EXPECT_TRUE(contains(de, "wer darauf wartet, eingelassen zu werden, höchstens 120 Sekunden"));
  EXPECT_TRUE(contains(en, "whoever waits to be let in, at most 120 seconds"));

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
  in.logAddresses = log::AddressMode::Full;
  in.certificateConfigured = false;
  const auto de = renderJson(in, Language::De);
  const auto en = renderJson(in, Language::En);
  EXPECT_EQ(de["warnings"].size(), en["warnings"].size());
  EXPECT_EQ(de["categories"].size(), en["categories"].size());
  ASSERT_EQ(de["sections"].size(), en["sections"].size());
  for (size_t i = 0; i < de["sections"].size(); ++i)
    EXPECT_EQ(de["sections"][i]["paragraphs"].size(), en["sections"][i]["paragraphs"].size()) << i;
  EXPECT_EQ(de["settings"], en["settings"]);
  EXPECT_NE(de["title"], en["title"]);
  // Cells with '|' must not break the Markdown table.
  in.logDir = "/srv/a|b";
  EXPECT_TRUE(contains(renderMarkdown(in, Language::En), "/srv/a\\|b"));
}

}  // namespace
}  // namespace vicos::privacy
