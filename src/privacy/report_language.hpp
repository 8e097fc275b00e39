// The words of the report in one language. German and English sentences differ in more than
// their words, so each language has its own implementation; which rows, sections and values the
// report has comes from the facts (report.cpp), never from these. Internal to the privacy library.
#pragma once

#include <string>
#include <vector>

#include "privacy/facts.hpp"
#include "privacy/privacy_report.hpp"

namespace vicos::privacy::detail {

enum class SectionId { Controller, Recipients, Measures, Logging, Rights };

class Words {
 public:
  struct FactWords {
    std::string name;
    std::string data;
    std::string purpose;
    std::string storage;
    std::string retention;
  };

  virtual ~Words() = default;
  virtual std::string title() const = 0;
  virtual std::string intro(const ReportInput& in) const = 0;
  virtual std::string warning(WarningId id, const ReportInput& in) const = 0;
  virtual FactWords fact(FactId id, const ReportInput& in) const = 0;
  virtual std::string place(Place place) const = 0;
  virtual std::string basis(Basis basis) const = 0;
  virtual std::string recipients(Recipients recipients) const = 0;
  virtual std::string heading(SectionId id) const = 0;
  virtual std::vector<std::string> controller(const ReportInput& in) const = 0;
  // One paragraph: who receives what (`names`: the facts' names, already joined).
  virtual std::string recipientsParagraph(Recipients recipients, const std::string& names) const = 0;
  virtual std::string noThirdCountries() const = 0;
  virtual std::string measure(MeasureId id, const ReportInput& in) const = 0;
  virtual std::vector<std::string> logging(const ReportInput& in) const = 0;
  virtual std::vector<std::string> rights() const = 0;
  virtual std::string noticeHeading() const = 0;
  virtual std::string notice(const ReportInput& in) const = 0;
};

const Words& germanWords();
const Words& englishWords();

}  // namespace vicos::privacy::detail
