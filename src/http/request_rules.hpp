// Small pure checks on HTTP requests: room links and the WebSocket Origin rule.
#pragma once

#include <string_view>

namespace vicos::http {

// A room link is "/<name>" with 1-64 characters of A-Z a-z 0-9 - _ (docs/protocol.md, join);
// `key` is the normalised path without the leading slash.
bool isRoomName(std::string_view key);

// Cross-site WebSocket hijacking guard (RFC 6455 10.2): an Origin header, when present, must
// be https and name the same host[:port] as the Host header (ASCII case-insensitive).
bool originMatchesHost(std::string_view origin, std::string_view host);

}  // namespace vicos::http
