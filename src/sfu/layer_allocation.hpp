// Shares a subscriber's downlink estimate among the videos it receives: which encoding of each
// producer fits its link and its tile (docs/design/media-model.md items 3 and 4).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "media/media_profile.hpp"
#include "rtp/vp8_descriptor.hpp"

namespace vicos::sfu {

// One video the subscriber receives: what each encoding of its producer brings in (0 = not
// sending), lowest first, and how the subscriber shows it.
struct LayerDemand {
  std::array<uint64_t, media::kMaxEncodings> bps{};
  bool screen = false;
  bool shown = true;                                      // false: no tile shows it; it gets nothing
  uint8_t tileCap = media::kMaxEncodings - 1;             // the highest encoding its tile can use
  uint8_t rank = 0;                                       // among cameras, lower goes up first
  std::optional<uint8_t> current;                         // the encoding forwarded now
};

// Writes into `caps` (one per demand) the highest encoding each video may receive so that the
// chosen encodings together stay within `budgetBps`; media::kNoEncoding for one not shown.
// Every shown video gets at least its lowest sending encoding, even when that alone exceeds the
// budget: a small picture of everyone rather than none. Then videos go up one encoding at a
// time, never beyond their tile's cap: screen shares first, then cameras by rank, those of one
// rank in turn. Going above the encoding forwarded now needs a quarter more room than it costs,
// so that a budget near a layer's rate does not make it flap. A shown video with no sending
// encoding gets the top one (nothing to limit yet).
// Returns what the shown videos would need in all for each to get the top sending encoding its
// tile can use (what a probe should look for), or 0 when every one has it already.
uint64_t allocateLayers(uint64_t budgetBps, std::span<const LayerDemand> demands, std::span<uint8_t> caps);

// The lowest encoding whose picture covers a tile of `width` x `height` device pixels, allowing
// a tenth of upscaling; `sizes` are the encodings' latest key-frame sizes, lowest first. A
// camera tile is covered in both dimensions (it crops); a screen tile (letterboxed) in either.
// The top encoding when none covers it, when no size is known yet, or when `width` is 0 (no
// tile size given).
uint8_t tileLayerCap(std::span<const std::optional<rtp::Vp8FrameSize>> sizes, uint16_t width, uint16_t height,
                     bool crops);

}  // namespace vicos::sfu
