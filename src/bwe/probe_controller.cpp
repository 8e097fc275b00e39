// Probe clusters and their measured rates.
#include "bwe/probe_controller.hpp"

#include <algorithm>

namespace vicos::bwe {

namespace {

constexpr double kMinReceivedShare = 0.8;  // of minPackets, for a usable result
constexpr double kSaturatedRatio = 0.9;    // received slower than this × sent: the link is full
constexpr double kSaturatedUse = 0.95;     // … then take this share of the received rate
constexpr Micros kMaxInterval = 1'000'000;

}  // namespace

ProbeController::ProbeController(const ProbeConfig& config) : mConfig(config) {}

void ProbeController::add(uint64_t bps, bool fastStart, Micros now) {
  bps = std::min(bps, mConfig.maxBps);
  // Reuse an idle slot, else the oldest.
  Cluster* slot = &mClusters[0];
  for (Cluster& c : mClusters) {
    if (!c.active) {
      slot = &c;
      break;
    }
    if (c.created < slot->created) slot = &c;
  }
  const auto bytes = static_cast<uint32_t>(bps * static_cast<uint64_t>(mConfig.duration) / 8'000'000);
  *slot = Cluster{};
  slot->cluster = {mNextId, bps, mConfig.minPackets, std::max<uint32_t>(bytes, mConfig.minPackets * 100)};
  slot->active = true;
  slot->fastStart = fastStart;
  slot->created = now;
  mNextId = mNextId == INT32_MAX ? 1 : mNextId + 1;
}

void ProbeController::start(uint64_t startBps, Micros now) {
  for (double scale : mConfig.startScales)
    add(static_cast<uint64_t>(scale * static_cast<double>(startBps)), true, now);
}

bool ProbeController::request(uint64_t targetBps, uint64_t estimateBps, Micros now, bool fell) {
  if (targetBps <= estimateBps || busy(now)) return false;
  const bool early = fell && !mEarlyUsed;
  if (mLastRequest >= 0 && now - mLastRequest < (early ? mConfig.earlyInterval : mConfig.requestInterval))
    return false;
  mEarlyUsed = early && now - mLastRequest < mConfig.requestInterval;
  mLastRequest = now;
  for (double scale : mConfig.requestScales)
    add(static_cast<uint64_t>(scale * static_cast<double>(targetBps)), false, now);
  return true;
}

size_t ProbeController::takeClusters(std::span<ProbeCluster> out) {
  size_t n = 0;
  for (;;) {
    Cluster* next = nullptr;  // oldest not yet announced
    for (Cluster& c : mClusters)
      if (c.active && !c.announced && (next == nullptr || c.cluster.id < next->cluster.id)) next = &c;
    if (next == nullptr || n == out.size()) return n;
    next->announced = true;
    out[n++] = next->cluster;
  }
}

bool ProbeController::busy(Micros now) const {
  return std::any_of(mClusters.begin(), mClusters.end(),
                     [&](const Cluster& c) { return c.active && now - c.created < mConfig.timeout; });
}

ProbeController::Cluster* ProbeController::find(int32_t id) {
  for (Cluster& c : mClusters)
    if (c.active && c.cluster.id == id) return &c;
  return nullptr;
}

void ProbeController::onProbeSent(int32_t cluster) {
  if (Cluster* c = find(cluster)) ++c->sent;
}

std::optional<ProbeResult> ProbeController::onPacketResult(const PacketResult& r, Micros now) {
  for (Cluster& c : mClusters) {
    if (c.active && now - c.created >= mConfig.timeout) {
      c.active = false;
      ++mFailed;
    }
  }
  Cluster* c = find(r.probeCluster);
  if (c == nullptr) return std::nullopt;
  ++c->reported;
  if (r.received) {
    if (c->received == 0 || r.sendTime < c->firstSend) c->firstSend = r.sendTime;
    if (c->received == 0 || r.sendTime >= c->lastSend) {
      c->lastSend = r.sendTime;
      c->lastSentSize = r.size;
    }
    if (c->received == 0 || r.arrival < c->firstArrival) {
      c->firstArrival = r.arrival;
      c->firstArrivedSize = r.size;
    }
    if (c->received == 0 || r.arrival > c->lastArrival) c->lastArrival = r.arrival;
    ++c->received;
    c->bytes += r.size;
  }
  if (c->reported < std::max(c->sent, c->cluster.minPackets)) return std::nullopt;
  c->active = false;
  const auto bps = measure(*c);
  if (!bps) {
    ++mFailed;
    return std::nullopt;
  }
  // Fast start goes on while the link took nearly all of what was sent.
  if (c->fastStart &&
      static_cast<double>(*bps) >= mConfig.continueRatio * static_cast<double>(c->cluster.rateBps) &&
      c->cluster.rateBps < mConfig.maxBps)
    add(2 * *bps, true, now);
  return ProbeResult{c->cluster.id, *bps};
}

// The lower of the send rate and the receive rate, each without the packet that opens or
// closes its interval; a receive rate well below the send rate means the probe filled the link.
std::optional<uint64_t> ProbeController::measure(const Cluster& c) const {
  if (c.received < kMinReceivedShare * c.cluster.minPackets || c.received < 2) return std::nullopt;
  const Micros sendSpan = c.lastSend - c.firstSend;
  const Micros receiveSpan = c.lastArrival - c.firstArrival;
  if (sendSpan <= 0 || receiveSpan <= 0 || sendSpan > kMaxInterval || receiveSpan > kMaxInterval)
    return std::nullopt;
  const double sendRate = static_cast<double>(c.bytes - c.lastSentSize) * 8e6 / static_cast<double>(sendSpan);
  const double receiveRate =
      static_cast<double>(c.bytes - c.firstArrivedSize) * 8e6 / static_cast<double>(receiveSpan);
  if (receiveRate < kSaturatedRatio * sendRate) return static_cast<uint64_t>(kSaturatedUse * receiveRate);
  return static_cast<uint64_t>(std::min(sendRate, receiveRate));
}

}  // namespace vicos::bwe
