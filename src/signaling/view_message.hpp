// The `view` message (docs/protocol.md "view"): which videos a participant's page shows, at what
// size and rank, so that the server sends each no more than its tile can use.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>
#include <vector>

#include "signaling/error.hpp"

namespace vicos::signaling {

// The order in which a page wants its cameras raised when its link is short.
enum class ViewRank : uint8_t { Speaker = 0, Pinned = 1, Other = 2 };

struct ViewTile {
  std::string participant;
  bool screen = false;  // the participant's screen share, else its camera
  uint16_t width = 0;   // device pixels; 0: not said
  uint16_t height = 0;
  ViewRank rank = ViewRank::Other;
};

struct ViewMessage {
  std::vector<ViewTile> tiles;  // the videos shown; every other one is not
};

// More tiles than any page shows (a grid page, a speaker strip and the shared screens).
inline constexpr size_t kMaxViewTiles = 64;
// Larger than any screen's side in device pixels.
inline constexpr uint16_t kMaxTileSide = 16384;

// `{"type":"view","tiles":[{"participant":"…","source":"camera","width":640,"height":360,
// "rank":"speaker"}]}`; `source` and `rank` may be left out (camera, other). Anything else, too
// many tiles, a side outside 0..kMaxTileSide or one participant's source twice is bad-message.
std::variant<ViewMessage, SignalingError> parseView(const nlohmann::json& j);

}  // namespace vicos::signaling
