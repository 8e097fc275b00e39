// Bounded SSRC map with linear probing, backward-shift deletion and growth by doubling.
#include "srtp/stream_table.hpp"

#include <algorithm>

namespace vicos::srtp {

namespace {

// Slots for `streams` streams at most half full: a power of two, at least 2.
size_t slotsFor(size_t streams) {
  size_t slots = 2;
  while (slots < 2 * streams) slots *= 2;
  return slots;
}

}  // namespace

StreamTable::StreamTable(size_t maxStreams) : mMax(maxStreams) {
  rehash(slotsFor(std::min(maxStreams, kInitialStreams)));
}

void StreamTable::reserve(size_t streams) {
  const size_t slots = slotsFor(std::min(streams, mMax));
  if (slots > mSlots.size()) rehash(slots);
}

void StreamTable::rehash(size_t slots) {
  std::vector<Slot> old(slots);
  old.swap(mSlots);
  mMask = slots - 1;
  for (const Slot& from : old) {
    if (!from.used) continue;
    size_t i = home(from.ssrc);
    while (mSlots[i].used) i = (i + 1) & mMask;
    mSlots[i] = from;
  }
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
      if (mCount + 1 > capacity()) {
        rehash(mSlots.size() * 2);  // the slot taken moved: probe again in the new array
        return insert(ssrc);
      }
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
