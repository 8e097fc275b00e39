// The fixed set of reactions a participant may send (docs/protocol.md "reaction") and its parser.
#pragma once

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <variant>

#include "signaling/error.hpp"

namespace vicos::signaling {

// Tokens, not text: the client draws each with its own icon and names it in its own language, so
// a reaction carries no content of the sender's making (docs/e2ee.md "Reactions").
inline constexpr std::array<std::string_view, 6> kReactions = {"thumbs-up", "applause",  "heart",
                                                               "laugh",     "surprised", "raised-hands"};

struct ReactionMessage {
  std::string_view reaction;  // one of kReactions (a view of the constant, not of the input)
};

// `{"type":"reaction","reaction":"applause"}`; anything but a string of kReactions is bad-message.
std::variant<ReactionMessage, SignalingError> parseReaction(const nlohmann::json& j);

}  // namespace vicos::signaling
