// Adding, deactivating and recycling downlink m-lines.
#include "negotiation/downlink_table.hpp"

#include <algorithm>

#include "media/media_profile.hpp"

namespace vicos::negotiation {

const DownlinkSlot& DownlinkTable::add(const std::string& publisher, sfu::MediaKind kind, uint32_t ssrc,
                                       uint32_t rtxSsrc) {
  auto slot = std::find_if(mSlots.begin(), mSlots.end(),
                           [&](const DownlinkSlot& s) { return s.recyclable && s.kind == kind; });
  if (slot == mSlots.end()) {
    mSlots.push_back({std::to_string(mSlots.size() + kFirstDownlinkMid), "", kind});
    slot = mSlots.end() - 1;
  }
  slot->publisher = publisher;
  slot->ssrc = ssrc;
  slot->rtxSsrc = rtxSsrc;
  slot->active = true;
  slot->recyclable = false;
  return *slot;
}

const DownlinkSlot* DownlinkTable::addAudioSource(const std::string& publisher, uint32_t ssrc) {
  if (!mAudioSources.insert(publisher).second) return nullptr;
  const auto slots = std::count_if(mSlots.begin(), mSlots.end(), [](const DownlinkSlot& s) {
    return s.kind == sfu::MediaKind::Audio && s.publisher.empty();
  });
  if (static_cast<size_t>(slots) >= std::min(media::kAudioSlots, mAudioSources.size())) return nullptr;
  mSlots.push_back({std::to_string(mSlots.size() + kFirstDownlinkMid), "", sfu::MediaKind::Audio, ssrc});
  return &mSlots.back();
}

bool DownlinkTable::removeAudioSource(const std::string& publisher) { return mAudioSources.erase(publisher) > 0; }

std::vector<std::string> DownlinkTable::deactivate(const std::string& publisher) {
  std::vector<std::string> mids;
  for (auto& slot : mSlots) {
    if (!slot.active || slot.publisher != publisher) continue;
    slot.active = false;
    mids.push_back(slot.mid);
  }
  return mids;
}

void DownlinkTable::answered(const sdp::OfferSpec& offer) {
  for (auto& slot : mSlots) {
    if (slot.active) continue;
    const bool sawInactive =
        std::any_of(offer.media.begin(), offer.media.end(), [&](const sdp::OfferMedia& m) {
          return m.mid == slot.mid && m.direction == sdp::Direction::Inactive;
        });
    if (sawInactive) slot.recyclable = true;
  }
}

}  // namespace vicos::negotiation
