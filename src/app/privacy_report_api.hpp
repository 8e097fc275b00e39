// GET /api/privacy-report/de and /en: the privacy report (P33) for a logged-in organizer, the
// same report as `vicos privacy-report --format json`, for the admin page of the client.
#pragma once

#include <functional>
#include <optional>

#include "http/api.hpp"
#include "privacy/privacy_report.hpp"
#include "store/result.hpp"

namespace vicos::app {

// Reads the report's facts from the running configuration and the database, when asked.
using ReportInputSource = std::function<store::Result<privacy::ReportInput>()>;

// The response for `api/privacy-report/<lang>`, or nothing for any other path. Only an
// organizer with a session sees the report (it names the data directory and account count).
std::optional<http::ApiResponse> handlePrivacyReportApi(const http::ApiRequest& request, bool organizerLoggedIn,
                                                        const ReportInputSource& source);

}  // namespace vicos::app
