// Parser of `view` (docs/protocol.md "view"): bounded, typed, no duplicates.
#include "signaling/view_message.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

namespace vicos::signaling {

namespace {

SignalingError bad(const std::string& why) { return SignalingError{ErrorCode::BadMessage, why, "view"}; }

std::optional<uint16_t> side(const nlohmann::json& tile, const char* name) {
  const auto it = tile.find(name);
  if (it == tile.end()) return uint16_t{0};
  if (!it->is_number_unsigned() || it->get<uint64_t>() > kMaxTileSide) return std::nullopt;
  return static_cast<uint16_t>(it->get<uint64_t>());
}

std::variant<ViewTile, SignalingError> parseTile(const nlohmann::json& j) {
  if (!j.is_object()) return bad("each tile must be an object");
  ViewTile tile;
  const auto participant = j.find("participant");
  if (participant == j.end() || !participant->is_string() || participant->get_ref<const std::string&>().empty())
    return bad("field 'participant' of a tile must be a participant id");
  tile.participant = participant->get<std::string>();
  const auto source = j.find("source");
  if (source != j.end() && *source != "camera" && *source != "screen")
    return bad("field 'source' of a tile must be \"camera\" or \"screen\"");
  tile.screen = source != j.end() && *source == "screen";
  const auto width = side(j, "width");
  const auto height = side(j, "height");
  if (!width || !height) return bad("tile width and height must be whole numbers of pixels up to 16384");
  tile.width = *width;
  tile.height = *height;
  const auto rank = j.find("rank");
  if (rank == j.end() || *rank == "other") tile.rank = ViewRank::Other;
  else if (*rank == "speaker") tile.rank = ViewRank::Speaker;
  else if (*rank == "pinned") tile.rank = ViewRank::Pinned;
  else return bad("field 'rank' of a tile must be \"speaker\", \"pinned\" or \"other\"");
  return tile;
}

}  // namespace

std::variant<ViewMessage, SignalingError> parseView(const nlohmann::json& j) {
  const auto tiles = j.find("tiles");
  if (tiles == j.end() || !tiles->is_array()) return bad("field 'tiles' must be an array");
  if (tiles->size() > kMaxViewTiles) return bad("at most 64 tiles");
  ViewMessage view;
  for (const auto& item : *tiles) {
    auto tile = parseTile(item);
    if (auto* error = std::get_if<SignalingError>(&tile)) return std::move(*error);
    auto& parsed = std::get<ViewTile>(tile);
    const bool twice = std::any_of(view.tiles.begin(), view.tiles.end(), [&](const ViewTile& t) {
      return t.participant == parsed.participant && t.screen == parsed.screen;
    });
    if (twice) return bad("a participant's camera or screen appears twice");
    view.tiles.push_back(std::move(parsed));
  }
  return view;
}

}  // namespace vicos::signaling
