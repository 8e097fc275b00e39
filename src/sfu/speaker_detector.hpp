// The active speaker of one room, from the RFC 6464 audio levels of its microphones: a
// smoothed loudness per publisher each interval, and hysteresis so the choice does not
// flicker. P23: it knows who is loudest now and keeps no speaking time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vicos::sfu {

// Loudness is 127 minus the RFC 6464 level: 0 is silence (-127 dBov), 127 full scale.
inline uint8_t loudnessFromLevel(uint8_t level) { return level >= 127 ? 0 : static_cast<uint8_t>(127 - level); }

class SpeakerDetector {
 public:
  // Below this smoothed loudness (about -82 dBov) nobody is speaking.
  static constexpr int kThreshold = 45;
  // A challenger must be this much louder (dB) than the speaker ...
  static constexpr int kMargin = 6;
  // ... for this many intervals in a row before the speaker changes.
  static constexpr int kSwitchIntervals = 2;

  // One interval's peak loudness of a publisher (0 when it sent no audio).
  void sample(const std::string& id, uint8_t peakLoudness);
  // After sampling every publisher: the new speaker when it changed.
  std::optional<std::string> decide();
  void remove(const std::string& id);

  const std::string& current() const { return mCurrent; }
  int smoothed(const std::string& id) const;

 private:
  struct Entry {
    std::string id;
    int smoothed = 0;  // loudness, exponential average over intervals (weight 1/2)
  };
  Entry* find(const std::string& id);

  std::vector<Entry> mEntries;  // one per publisher of the room
  std::string mCurrent;
  std::string mChallenger;
  int mChallengerIntervals = 0;
};

}  // namespace vicos::sfu
