// GET /api/site: what the browser client shows about the operator on the start and pre-join
// pages — the links to the privacy notice and the imprint (P31).
#pragma once

#include <optional>

#include "app/config.hpp"
#include "http/api.hpp"

namespace vicos::app {

// The response for `api/site`, or nothing for any other path.
std::optional<http::ApiResponse> handleSiteApi(const http::ApiRequest& request, const Config& config);

}  // namespace vicos::app
