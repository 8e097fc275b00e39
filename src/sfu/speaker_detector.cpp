// Active speaker selection with smoothing and hysteresis.
#include "sfu/speaker_detector.hpp"

#include <algorithm>

namespace vicos::sfu {

SpeakerDetector::Entry* SpeakerDetector::find(const std::string& id) {
  auto it = std::find_if(mEntries.begin(), mEntries.end(), [&](const Entry& e) { return e.id == id; });
  return it == mEntries.end() ? nullptr : &*it;
}

int SpeakerDetector::smoothed(const std::string& id) const {
  auto it = std::find_if(mEntries.begin(), mEntries.end(), [&](const Entry& e) { return e.id == id; });
  return it == mEntries.end() ? 0 : it->smoothed;
}

void SpeakerDetector::sample(const std::string& id, uint8_t peakLoudness) {
  Entry* entry = find(id);
  if (!entry) entry = &mEntries.emplace_back(Entry{id, 0});
  entry->smoothed = (entry->smoothed + peakLoudness + 1) / 2;
}

void SpeakerDetector::remove(const std::string& id) {
  std::erase_if(mEntries, [&](const Entry& e) { return e.id == id; });
  if (mCurrent == id) mCurrent.clear();
  if (mChallenger == id) {
    mChallenger.clear();
    mChallengerIntervals = 0;
  }
}

std::optional<std::string> SpeakerDetector::decide() {
  const Entry* loudest = nullptr;
  for (const auto& e : mEntries)
    if (e.smoothed >= kThreshold && (!loudest || e.smoothed > loudest->smoothed)) loudest = &e;
  if (!loudest || loudest->id == mCurrent) {
    // Silence keeps the last speaker: views should not jump when everyone pauses.
    mChallenger.clear();
    mChallengerIntervals = 0;
    return std::nullopt;
  }
  const Entry* current = find(mCurrent);
  if (current && loudest->smoothed < current->smoothed + kMargin) {
    mChallenger.clear();
    mChallengerIntervals = 0;
    return std::nullopt;
  }
  if (current) {
    if (mChallenger != loudest->id) {
      mChallenger = loudest->id;
      mChallengerIntervals = 0;
    }
    if (++mChallengerIntervals < kSwitchIntervals) return std::nullopt;
  }
  mCurrent = loudest->id;
  mChallenger.clear();
  mChallengerIntervals = 0;
  return mCurrent;
}

}  // namespace vicos::sfu
