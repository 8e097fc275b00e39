// The report's text in each language; one builder per language, because German and English
// sentences differ in more than their words. Internal to the privacy library.
#pragma once

#include "privacy/privacy_report.hpp"

namespace vicos::privacy::detail {

Report buildReportDe(const ReportInput& input);
Report buildReportEn(const ReportInput& input);

}  // namespace vicos::privacy::detail
