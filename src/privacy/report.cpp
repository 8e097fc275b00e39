// Assembles the report from the facts: the rows of the record of processing, the recipients,
// the measures; the chosen language only supplies the words.
#include <algorithm>

#include "privacy/report_language.hpp"

namespace vicos::privacy {

Report buildReport(const ReportInput& input, Language language) {
  const detail::Words& words = language == Language::De ? detail::germanWords() : detail::englishWords();
  using detail::SectionId;
  Report r;
  r.title = words.title();
  r.intro = words.intro(input);
  for (WarningId id : findWarnings(input)) r.warnings.push_back(words.warning(id, input));

  const auto facts = catalogue(input);
  for (const Fact& fact : facts) {
    if (!fact.active) continue;
    const auto w = words.fact(fact.id, input);
    Category c{std::string(fact.key),
               w.name,
               w.data,
               w.purpose,
               words.basis(fact.basis),
               words.place(fact.place),
               w.storage,
               w.retention,
               words.recipients(fact.recipients),
               {},
               fact.place == Place::Database || (fact.place == Place::Log && !input.logDir.empty())};
    for (auto setting : fact.settings) c.settings.emplace_back(setting);
    r.categories.push_back(std::move(c));
  }

  r.sections.push_back({"controller", words.heading(SectionId::Controller), words.controller(input)});
  // One paragraph per kind of recipient, naming the facts it receives, in the order of the facts.
  Section recipients{"recipients", words.heading(SectionId::Recipients), {}};
  std::vector<Recipients> seen;
  for (const Fact& fact : facts) {
    if (!fact.active || std::find(seen.begin(), seen.end(), fact.recipients) != seen.end()) continue;
    seen.push_back(fact.recipients);
    std::string names;
    for (const Fact& other : facts) {
      if (!other.active || other.recipients != fact.recipients) continue;
      names += (names.empty() ? "" : ", ") + words.fact(other.id, input).name;
    }
    recipients.paragraphs.push_back(words.recipientsParagraph(fact.recipients, names));
  }
  recipients.paragraphs.push_back(words.noThirdCountries());
  r.sections.push_back(std::move(recipients));
  Section measuresSection{"measures", words.heading(SectionId::Measures), {}};
  for (MeasureId id : measures(input)) measuresSection.paragraphs.push_back(words.measure(id, input));
  r.sections.push_back(std::move(measuresSection));
  r.sections.push_back({"logging", words.heading(SectionId::Logging), words.logging(input)});
  r.sections.push_back({"rights", words.heading(SectionId::Rights), words.rights()});
  r.noticeHeading = words.noticeHeading();
  r.notice = words.notice(input);
  return r;
}

}  // namespace vicos::privacy
