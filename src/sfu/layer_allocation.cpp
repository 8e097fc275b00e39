// The greedy sharing of a downlink estimate among a subscriber's videos.
#include "sfu/layer_allocation.hpp"

#include <algorithm>
#include <optional>

namespace vicos::sfu {

namespace {

constexpr auto kTop = static_cast<uint8_t>(media::kMaxEncodings - 1);

std::optional<uint8_t> lowestSending(const LayerDemand& d) {
  for (uint8_t e = 0; e < media::kMaxEncodings; ++e)
    if (d.bps[e] > 0) return e;
  return std::nullopt;
}

std::optional<uint8_t> nextSending(const LayerDemand& d, uint8_t from) {
  for (auto e = static_cast<uint8_t>(from + 1); e < media::kMaxEncodings; ++e)
    if (d.bps[e] > 0) return e;
  return std::nullopt;
}

// What going from encoding `from` to `to` adds; nothing when `to` measures less (a burst on
// the lower one).
uint64_t stepCost(const LayerDemand& d, uint8_t from, uint8_t to) {
  return d.bps[to] > d.bps[from] ? d.bps[to] - d.bps[from] : 0;
}

}  // namespace

uint64_t allocateLayers(uint64_t budgetBps, std::span<const LayerDemand> demands, std::span<uint8_t> caps) {
  uint64_t spent = 0;
  for (size_t i = 0; i < demands.size() && i < caps.size(); ++i) {
    const auto lowest = lowestSending(demands[i]);
    caps[i] = lowest.value_or(kTop);
    if (lowest) spent += demands[i].bps[*lowest];
  }
  // Rounds of one step each, screen shares before cameras, until no video can go up.
  for (bool raised = true; raised;) {
    raised = false;
    for (const bool screens : {true, false})
      for (size_t i = 0; i < demands.size() && i < caps.size(); ++i) {
        const LayerDemand& d = demands[i];
        if (d.screen != screens || !lowestSending(d)) continue;
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
  for (size_t i = 0; i < demands.size() && i < caps.size(); ++i) {
    const LayerDemand& d = demands[i];
    if (!lowestSending(d)) continue;
    uint8_t top = caps[i];
    while (const auto next = nextSending(d, top)) top = *next;
    limited = limited || top != caps[i];
    full += d.bps[top];
  }
  return limited ? full : 0;
}

}  // namespace vicos::sfu
