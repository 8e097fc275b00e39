// Dynacast (docs/design/media-model.md item 5): a publisher sends only the encodings of a video
// that some subscriber's tile can use, none when no tile shows it.
#pragma once

#include <cstdint>
#include <optional>

#include "common/clock.hpp"
#include "media/media_profile.hpp"

namespace vicos::sfu {

class Producer;

// How many of a producer's lowest encodings the tiles showing it need now: one more than the
// highest tile cap (layer_allocation.hpp) among the consumers that show it, 0 when none does.
// All of them while the producer is relayed to other workers (their tiles are not known here).
uint8_t encodingsNeeded(const Producer& producer);

// The count the publisher was last told, and when it goes down: up at once (a tile waits for
// it), down only once it has stayed lower for kHoldDown, so that a tile passing across the
// page or a short switch of layout does not pause and resume an encoder.
class Dynacast {
 public:
  static constexpr Micros kHoldDown = 2'000'000;

  // `needed` now (encodingsNeeded); the new count to tell the publisher, when it changes.
  std::optional<uint8_t> update(uint8_t needed, Micros now);

 private:
  uint8_t mSending = media::kMaxEncodings;  // a browser sends every encoding until told
  Micros mLowerSince = -1;
};

}  // namespace vicos::sfu
