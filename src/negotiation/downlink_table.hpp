// The downlink m-lines of one participant's offers (docs/protocol.md "Media model"): mids 0-2
// are its uplinks, downlinks count on from 3. A video m-line a departed publisher left behind
// carries a new downlink of the same kind once the browser has answered it inactive. Audio
// comes through a few audio slots (no publisher of their own), added as the publishers it may
// hear grow, up to media::kAudioSlots, and never removed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sdp/offer_builder.hpp"
#include "sfu/media_plane.hpp"

namespace vicos::negotiation {

// The first m-line after the uplinks (audio 0, camera 1, screen 2).
inline constexpr size_t kFirstDownlinkMid = 3;

struct DownlinkSlot {
  std::string mid;
  std::string publisher;  // empty on an audio slot
  sfu::MediaKind kind = sfu::MediaKind::Audio;
  uint32_t ssrc = 0;
  uint32_t rtxSsrc = 0;  // video: its retransmission stream (RFC 4588); 0 for audio
  bool active = true;  // false once the publisher left; the m-line stays, inactive
  // The browser has answered an offer in which this slot was inactive.
  bool recyclable = false;
};

class DownlinkTable {
 public:
  // A downlink of `publisher`'s `kind` stream with `ssrc`: on a recyclable m-line of that kind
  // if there is one, so that offers stay as long as the room is large however many come and
  // go; otherwise on a new m-line at the end. `rtxSsrc`: a video downlink's RTX stream.
  const DownlinkSlot& add(const std::string& publisher, sfu::MediaKind kind, uint32_t ssrc, uint32_t rtxSsrc = 0);
  // Makes the publisher's active downlinks inactive and returns their mids.
  std::vector<std::string> deactivate(const std::string& publisher);
  // The subscriber may hear `publisher`: returns a new audio slot with `ssrc` while it has fewer
  // than media::kAudioSlots and fewer than the publishers it may hear, else nullptr.
  const DownlinkSlot* addAudioSource(const std::string& publisher, uint32_t ssrc);
  // Whether `publisher` was one it may hear; the slots stay.
  bool removeAudioSource(const std::string& publisher);
  // The browser answered `offer`: the slots it saw inactive may be reused. Slots deactivated
  // after that offer was built keep their m-line until an answer has seen them inactive.
  void answered(const sdp::OfferSpec& offer);
  // A new browser connection: its first offer starts again at mid 3.
  void clear() {
    mSlots.clear();
    mAudioSources.clear();
  }
  // In mid order.
  const std::vector<DownlinkSlot>& slots() const { return mSlots; }

 private:
  std::vector<DownlinkSlot> mSlots;
  std::set<std::string> mAudioSources;
};

}  // namespace vicos::negotiation
