// The greedy sharing of a downlink estimate among a subscriber's videos, and the tile size cap.
#include "sfu/layer_allocation.hpp"

#include <algorithm>

namespace vicos::sfu {

namespace {

constexpr auto kTop = static_cast<uint8_t>(media::kMaxEncodings - 1);

std::optional<uint8_t> lowestSending(const LayerDemand& d) {
  for (uint8_t e = 0; e < media::kMaxEncodings; ++e)
    if (d.bps[e] > 0) return e;
  return std::nullopt;
}

// The next sending encoding above `from` that the tile can use.
std::optional<uint8_t> nextSending(const LayerDemand& d, uint8_t from) {
  for (auto e = static_cast<uint8_t>(from + 1); e < media::kMaxEncodings && e <= d.tileCap; ++e)
    if (d.bps[e] > 0) return e;
  return std::nullopt;
}

// What going from encoding `from` to `to` adds; nothing when `to` measures less (a burst on
// the lower one). Beyond the encoding forwarded now, a quarter more (the hysteresis).
uint64_t stepCost(const LayerDemand& d, uint8_t from, uint8_t to) {
  const uint64_t more = d.bps[to] > d.bps[from] ? d.bps[to] - d.bps[from] : 0;
  return d.current && to > *d.current ? more + more / 4 : more;
}

bool takesPart(const LayerDemand& d) { return d.shown && lowestSending(d); }

// Screens first (0), then cameras by rank.
unsigned order(const LayerDemand& d) { return d.screen ? 0 : 1u + d.rank; }

}  // namespace

uint64_t allocateLayers(uint64_t budgetBps, std::span<const LayerDemand> demands, std::span<uint8_t> caps) {
  const size_t n = std::min(demands.size(), caps.size());
  uint64_t spent = 0;
  unsigned lastOrder = 0;
  for (size_t i = 0; i < n; ++i) {
    const LayerDemand& d = demands[i];
    const auto lowest = lowestSending(d);
    caps[i] = !d.shown ? media::kNoEncoding : lowest.value_or(kTop);
    if (takesPart(d)) {
      spent += d.bps[*lowest];
      lastOrder = std::max(lastOrder, order(d));
    }
  }
  // Per order, rounds of one step each until none of that order can go up.
  for (unsigned o = 0; o <= lastOrder; ++o)
    for (bool raised = true; raised;) {
      raised = false;
      for (size_t i = 0; i < n; ++i) {
        const LayerDemand& d = demands[i];
        if (!takesPart(d) || order(d) != o) continue;
        const auto next = nextSending(d, caps[i]);
        if (!next) continue;
        const uint64_t more = stepCost(d, caps[i], *next);
        if (spent + more > budgetBps) continue;
        spent += more;
        caps[i] = *next;
        raised = true;
      }
    }
  uint64_t full = 0;
  bool limited = false;
  for (size_t i = 0; i < n; ++i) {
    const LayerDemand& d = demands[i];
    if (!takesPart(d)) continue;
    uint8_t top = caps[i];
    while (const auto next = nextSending(d, top)) top = *next;
    limited = limited || top != caps[i];
    full += d.bps[top];
  }
  return limited ? full : 0;
}

uint8_t tileLayerCap(std::span<const std::optional<rtp::Vp8FrameSize>> sizes, uint16_t width, uint16_t height,
                     bool crops) {
  if (width == 0 || height == 0) return kTop;
  for (size_t e = 0; e < sizes.size() && e < media::kMaxEncodings; ++e) {
    if (!sizes[e]) continue;
    const bool wide = uint32_t{sizes[e]->width} * 10 >= uint32_t{width} * 9;
    const bool tall = uint32_t{sizes[e]->height} * 10 >= uint32_t{height} * 9;
    if (crops ? wide && tall : wide || tall) return static_cast<uint8_t>(e);
  }
  return kTop;
}

}  // namespace vicos::sfu
