// The privacy report as JSON for the admin page; the store's error stays in the server's log.
#include "app/privacy_report_api.hpp"

#include <string_view>

#include "common/log.hpp"

namespace vicos::app {
namespace {

constexpr std::string_view kPrefix = "api/privacy-report/";

http::ApiResponse refusal(unsigned status, const char* body) {
  http::ApiResponse response;
  response.status = status;
  response.body = body;
  return response;
}

}  // namespace

std::optional<http::ApiResponse> handlePrivacyReportApi(const http::ApiRequest& request, bool organizerLoggedIn,
                                                        const ReportInputSource& source) {
  const std::string_view path = request.path;
  if (!path.starts_with(kPrefix)) return std::nullopt;
  const std::string_view lang = path.substr(kPrefix.size());
  if (lang != "de" && lang != "en") return refusal(404, R"({"error":"not-found","message":"no such language"})");
  if (request.method != "GET" && request.method != "HEAD")
    return refusal(405, R"({"error":"method-not-allowed"})");
  if (!organizerLoggedIn) return refusal(401, R"({"error":"not-logged-in","message":"organizers only"})");
  auto input = source();
  if (!input) {
    LOG_ERROR("app", "privacy report: %s", input.error().message.c_str());
    return refusal(500, R"({"error":"store","message":"the database could not be read"})");
  }
  http::ApiResponse response;
  const auto language = lang == "de" ? privacy::Language::De : privacy::Language::En;
  // Replace, not throw, should a configured text hold invalid UTF-8.
  response.body = privacy::renderJson(*input, language).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace vicos::app
