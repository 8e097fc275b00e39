// Shares a subscriber's downlink estimate among the videos it receives: which encoding of each
// producer fits (docs/design/media-model.md item 3/4).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "media/media_profile.hpp"

namespace vicos::sfu {

// One video the subscriber receives: what each encoding of its producer brings in (0 = not
// sending), lowest first, and whether it is a screen share.
struct LayerDemand {
  std::array<uint64_t, media::kMaxEncodings> bps{};
  bool screen = false;
};

// Writes into `caps` (one per demand) the highest encoding each video may receive so that the
// chosen encodings together stay within `budgetBps`. Every video gets at least its lowest
// sending encoding, even when that alone exceeds the budget: a small picture of everyone rather
// than none. Then videos go up one encoding at a time, screen shares first, the others in turn,
// while the sum fits. A video with no sending encoding gets the top one (nothing to limit yet).
// Returns what the videos would need in all for every one to get its top sending encoding
// (what a probe should look for), or 0 when every one has it already.
uint64_t allocateLayers(uint64_t budgetBps, std::span<const LayerDemand> demands, std::span<uint8_t> caps);

}  // namespace vicos::sfu
