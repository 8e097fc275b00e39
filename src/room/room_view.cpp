// What each participant's page shows (docs/protocol.md "view"): its tiles turned into the media
// plane's view of its video downlinks, kept so that downlinks added later follow it too; and
// what publishers are therefore asked to send (dynacast, "layers").
#include "room/room.hpp"
#include "signaling/server_messages.hpp"

namespace vicos::room {

std::optional<signaling::SignalingError> Room::setView(Participant& p, signaling::ViewMessage view, int64_t now) {
  if (!p.views.take(now))
    return signaling::SignalingError{signaling::ErrorCode::RateLimited,
                                     "at most 10 views at once, then five per second", "view"};
  p.view = std::move(view);
  applyView(p);
  return std::nullopt;
}

// Tiles naming no downlink (someone who left, or whose media is not negotiated yet) are
// passed over; the page's next view names them again.
void Room::applyView(const Participant& p) {
  if (!p.view) return;
  sfu::DownlinkViews shown;
  for (const auto& slot : p.negotiator.downlinks().slots()) {
    if (!slot.active || !sfu::isVideo(slot.kind)) continue;
    const bool screen = slot.kind == sfu::MediaKind::Screen;
    for (const auto& tile : p.view->tiles)
      if (tile.participant == slot.publisher && tile.screen == screen)
        shown.push_back({slot.mid, sfu::TileView{tile.width, tile.height, static_cast<sfu::TileRank>(tile.rank)}});
  }
  mMedia.setView(mName, p.id, shown);
}

void Room::askLayers(const std::string& id, media::PeerId peer, sfu::MediaKind kind, uint8_t encodings) {
  Participant* p = find(id);
  if (!p || p->peer != peer || !sfu::isVideo(kind)) return;
  p->channel->send(signaling::layersMessage(kind == sfu::MediaKind::Screen, encodings));
}

}  // namespace vicos::room
