// The TURN REST secret when the configuration names none: made once from the system's random
// source and kept in the data directory (mode 0600), so credentials outlive a restart.
#pragma once

#include <optional>
#include <string>

namespace vicos::relay {

inline constexpr const char* kTurnSecretFile = "turn_secret";

// The secret in `dataDir`/turn_secret, made when absent; nothing with `error` set when it cannot
// be read or written, or holds fewer than 16 characters.
std::optional<std::string> loadOrCreateTurnSecret(const std::string& dataDir, std::string& error);

}  // namespace vicos::relay
