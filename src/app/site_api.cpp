// The operator's public links as JSON; empty strings where none is configured.
#include "app/site_api.hpp"

#include <nlohmann/json.hpp>

namespace vicos::app {

std::optional<http::ApiResponse> handleSiteApi(const http::ApiRequest& request, const Config& config) {
  if (request.path != "api/site") return std::nullopt;
  http::ApiResponse response;
  if (request.method != "GET" && request.method != "HEAD") {
    response.status = 405;
    response.body = R"({"error":"method-not-allowed"})";
    return response;
  }
  response.body = nlohmann::json{{"privacyNoticeUrl", config.privacyNoticeUrl}, {"imprintUrl", config.imprintUrl}}.dump();
  return response;
}

}  // namespace vicos::app
