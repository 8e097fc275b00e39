// Renders the report as Markdown (for people) or JSON (for tools and the organizer page).
#include "privacy/report_language.hpp"

namespace vicos::privacy {
namespace {

struct Labels {
  const char* warnings;
  const char* noWarnings;
  const char* categories;
  const char* columns;  // Markdown table header
  const char* settingsNone;
};

const Labels& labels(Language language) {
  static const Labels de{"Warnungen", "Keine Einstellung schwächt den Datenschutz.",
                         "Verzeichnis der Verarbeitungstätigkeiten: Kategorien personenbezogener Daten",
                         "| Kategorie | Daten | Zweck | Rechtsgrundlage (Vorschlag) | Ort | Speicherung | "
                         "Speicherdauer | Empfänger | Einstellungen |",
                         "–"};
  static const Labels en{"Warnings", "No setting weakens privacy.",
                         "Record of processing: categories of personal data",
                         "| Category | Data | Purpose | Legal basis (proposed) | Place | Where | Kept for | "
                         "Recipients | Settings |",
                         "–"};
  return language == Language::De ? de : en;
}

// Table cells must not break the row.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string settingsCell(const Category& c, const Labels& l) {
  if (c.settings.empty()) return l.settingsNone;
  std::string out;
  for (const auto& s : c.settings) out += (out.empty() ? "`" : ", `") + s + "`";
  return out;
}

}  // namespace

std::string renderMarkdown(const ReportInput& input, Language language) {
  const Report report = buildReport(input, language);
  const Labels& l = labels(language);
  std::string md = "# " + report.title + "\n\n" + report.intro + "\n\n## " + l.warnings + "\n\n";
  if (report.warnings.empty()) md += std::string(l.noWarnings) + "\n";
  for (const auto& w : report.warnings) md += "- ⚠ " + w + "\n";
  md +=
      "\n## " + std::string(l.categories) + "\n\n" + l.columns + "\n|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& c : report.categories)
    md += "| " + cell(c.name) + " | " + cell(c.data) + " | " + cell(c.purpose) + " | " + cell(c.basis) +
          " | " + cell(c.place) + " | " + cell(c.storage) + " | " + cell(c.retention) + " | " +
          cell(c.recipients) + " | " + cell(settingsCell(c, l)) + " |\n";
  for (const auto& s : report.sections) {
    md += "\n## " + s.heading + "\n\n";
    for (const auto& p : s.paragraphs) md += "- " + p + "\n";
  }
  md += "\n## " + report.noticeHeading + "\n\n";
  // The template as a quotation, so it stands apart from the report around it.
  md += "> ";
  for (char c : report.notice) md += c == '\n' ? std::string("\n> ") : std::string(1, c);
  md += "\n";
  return md;
}

nlohmann::json renderJson(const ReportInput& input, Language language) {
  const Report report = buildReport(input, language);
  nlohmann::json j;
  j["language"] = language == Language::De ? "de" : "en";
  j["title"] = report.title;
  j["intro"] = report.intro;
  j["version"] = input.version;
  j["generated_at"] = store::formatUtc(input.generatedAt);
  j["warnings"] = nlohmann::json::array();
  const auto ids = findWarnings(input);
  for (size_t i = 0; i < ids.size() && i < report.warnings.size(); ++i)
    j["warnings"].push_back({{"id", warningKey(ids[i])}, {"text", report.warnings[i]}});
  j["categories"] = nlohmann::json::array();
  for (const auto& c : report.categories)
    j["categories"].push_back({{"key", c.key},
                               {"name", c.name},
                               {"data", c.data},
                               {"purpose", c.purpose},
                               {"basis", c.basis},
                               {"place", c.place},
                               {"storage", c.storage},
                               {"retention", c.retention},
                               {"recipients", c.recipients},
                               {"settings", c.settings},
                               {"stored", c.stored}});
  j["sections"] = nlohmann::json::array();
  for (const auto& s : report.sections)
    j["sections"].push_back({{"key", s.key}, {"heading", s.heading}, {"paragraphs", s.paragraphs}});
  j["privacy_notice"] = {{"heading", report.noticeHeading}, {"text", report.notice}};
  // The same facts in machine-readable form, independent of the language.
  j["settings"] = {
      {"server_location", input.serverLocation},
      {"controller", input.controller},
      {"controller_contact", input.controllerContact},
      {"notice_url", input.noticeUrl},
      {"imprint_url", input.imprintUrl},
      {"certificate_configured", input.certificateConfigured},
      {"rooms",
       {{"open", input.openRooms}, {"lobby_default", input.lobbyDefault}, {"recording", input.recording}}},
      {"metrics_listen",
       input.metricsListen.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.metricsListen)},
      {"log",
       {{"addresses", "never"},
        {"dir", input.logDir.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.logDir)}}},
      {"retention_days",
       {{"accounts_unused", input.retention.accountsUnusedDays},
        {"audit", input.retention.auditDays},
        {"logs", input.retention.logDays}}},
      {"accounts", input.accountCount},
      {"last_retention_run", input.lastRetentionRun
                                 ? nlohmann::json(store::formatUtc(*input.lastRetentionRun))
                                 : nlohmann::json(nullptr)},
      {"third_party_recipients", nlohmann::json::array()},
  };
  return j;
}

}  // namespace vicos::privacy
