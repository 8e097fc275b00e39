// The downlink m-lines of one participant's offers (docs/protocol.md "Media model"): mids 0-2
// are its uplinks, downlinks count on from 3, and an m-line a departed publisher left behind
// carries a new downlink of the same kind once the browser has answered it inactive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sdp/offer_builder.hpp"
#include "sfu/media_plane.hpp"

namespace vicos::negotiation {

// The first m-line after the uplinks (audio 0, camera 1, screen 2).
inline constexpr size_t kFirstDownlinkMid = 3;

struct DownlinkSlot {
  std::string mid;
  std::string publisher;
  sfu::MediaKind kind = sfu::MediaKind::Audio;
  uint32_t ssrc = 0;
  bool active = true;  // false once the publisher left; the m-line stays, inactive
  // The browser has answered an offer in which this slot was inactive.
  bool recyclable = false;
};

class DownlinkTable {
 public:
  // A downlink of `publisher`'s `kind` stream with `ssrc`: on a recyclable m-line of that kind
  // if there is one, so that offers stay as long as the room is large however many come and
  // go; otherwise on a new m-line at the end.
  const DownlinkSlot& add(const std::string& publisher, sfu::MediaKind kind, uint32_t ssrc);
  // Makes the publisher's active downlinks inactive and returns their mids.
  std::vector<std::string> deactivate(const std::string& publisher);
  // The browser answered `offer`: the slots it saw inactive may be reused. Slots deactivated
  // after that offer was built keep their m-line until an answer has seen them inactive.
  void answered(const sdp::OfferSpec& offer);
  // A new browser connection: its first offer starts again at mid 3.
  void clear() { mSlots.clear(); }
  // In mid order.
  const std::vector<DownlinkSlot>& slots() const { return mSlots; }

 private:
  std::vector<DownlinkSlot> mSlots;
};

}  // namespace vicos::negotiation
