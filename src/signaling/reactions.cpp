// Parser of `reaction` (docs/protocol.md "reaction"): a token of the fixed set, nothing else.
#include "signaling/reactions.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vicos::signaling {

std::variant<ReactionMessage, SignalingError> parseReaction(const nlohmann::json& j) {
  const auto it = j.find("reaction");
  if (it == j.end() || !it->is_string())
    return SignalingError{ErrorCode::BadMessage, "field 'reaction' must be a string", "reaction"};
  const auto& value = it->get_ref<const std::string&>();
  const auto known = std::find(kReactions.begin(), kReactions.end(), value);
  if (known == kReactions.end())
    return SignalingError{ErrorCode::BadMessage,
                          "reaction must be one of thumbs-up, applause, heart, laugh, surprised, "
                          "raised-hands",
                          "reaction"};
  return ReactionMessage{*known};
}

}  // namespace vicos::signaling
