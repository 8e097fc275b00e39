// Fixed-capacity SSRC map with linear probing and backward-shift deletion.
#include "srtp/stream_table.hpp"

namespace vicos::srtp {

StreamTable::StreamTable(size_t maxStreams) : mMax(maxStreams) {
  size_t slots = 2;
  while (slots < 2 * maxStreams) slots *= 2;
  mSlots.resize(slots);
  mMask = slots - 1;
}

StreamState* StreamTable::find(uint32_t ssrc) {
  for (size_t i = home(ssrc);; i = (i + 1) & mMask) {
    Slot& slot = mSlots[i];
    if (!slot.used) return nullptr;
    if (slot.ssrc == ssrc) return &slot.state;
  }
}

StreamState* StreamTable::insert(uint32_t ssrc) {
  for (size_t i = home(ssrc);; i = (i + 1) & mMask) {
    Slot& slot = mSlots[i];
    if (slot.used && slot.ssrc == ssrc) return &slot.state;
    if (!slot.used) {
      if (full()) return nullptr;
      slot.used = true;
      slot.ssrc = ssrc;
      slot.state = StreamState{};
      ++mCount;
      return &slot.state;
    }
  }
}

bool StreamTable::remove(uint32_t ssrc) {
  size_t hole = home(ssrc);
  for (;; hole = (hole + 1) & mMask) {
    if (!mSlots[hole].used) return false;
    if (mSlots[hole].ssrc == ssrc) break;
  }
  mSlots[hole].used = false;
  --mCount;
  // Pull later members of the probe run back into the hole when their home does not lie
  // cyclically in (hole, j], so that find() never stops early at the hole.
  for (size_t j = (hole + 1) & mMask; mSlots[j].used; j = (j + 1) & mMask) {
    const size_t k = home(mSlots[j].ssrc);
    const bool homeBetween = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
    if (homeBetween) continue;
    mSlots[hole] = mSlots[j];
    mSlots[j].used = false;
    hole = j;
  }
  return true;
}

}  // namespace vicos::srtp
