// Bandwidth probing: short bursts (clusters) sent faster than the estimate, and the rate the
// receiver got them at, which can raise the estimate at once instead of by 8 % a second.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "bwe/send_log.hpp"
#include "common/clock.hpp"

namespace vicos::bwe {

// What the sender paces out for one cluster: at least minPackets packets and minBytes bytes at
// rateBps, each stamped with the cluster id (RTX of recent packets or RTX padding).
struct ProbeCluster {
  int32_t id = kNoProbe;
  uint64_t rateBps = 0;
  uint32_t minPackets = 0;
  uint32_t minBytes = 0;
};

struct ProbeResult {
  int32_t cluster = kNoProbe;
  uint64_t bps = 0;
};

struct ProbeConfig {
  Micros duration = 15'000;  // a cluster lasts at least this long at its rate
  uint32_t minPackets = 5;
  double startScales[2] = {3, 6};    // fast start: multiples of the start rate
  double requestScales[2] = {1, 2};  // a layer waits: multiples of the rate it needs
  double continueRatio = 0.7;        // fast start goes on at 2 × result while result ≥ this × probed
  Micros timeout = 1'000'000;        // a cluster without a result by then is given up
  // Requests closer together are refused: probes above what the link carries make the delay
  // detector see overuse, and a caller retrying at once would saw the estimate down.
  Micros requestInterval = 5'000'000;
  // After the estimate fell, one request may come this soon: a single overuse may have been a
  // receiver's stall rather than a queue, and a layer dropped for it should not wait the whole
  // interval. On a link that is really full this costs one probe more per interval.
  Micros earlyInterval = 1'000'000;
  uint64_t maxBps = 20'000'000;
};

class ProbeController {
 public:
  static constexpr size_t kMaxClusters = 8;

  explicit ProbeController(const ProbeConfig& config = {});

  // Fast start at the first packet of a connection.
  void start(uint64_t startBps, Micros now);
  // Probe for `targetBps` when the estimate is below it, no probe is outstanding and the last
  // request is requestInterval ago (earlyInterval when the estimate `fell` since the last
  // request, once between two regular ones). Returns whether clusters were created.
  bool request(uint64_t targetBps, uint64_t estimateBps, Micros now, bool fell = false);
  // Clusters created since the last call, oldest first; returns how many it wrote.
  size_t takeClusters(std::span<ProbeCluster> out);

  void onProbeSent(int32_t cluster);
  // Feeds a reported packet of a cluster; returns a result once every packet of the cluster
  // was reported (and enough of them arrived).
  std::optional<ProbeResult> onPacketResult(const PacketResult& result, Micros now);

  [[nodiscard]] bool busy(Micros now) const;
  [[nodiscard]] uint64_t failed() const { return mFailed; }

 private:
  struct Cluster {
    ProbeCluster cluster;
    bool active = false;
    bool announced = false;
    bool fastStart = false;
    Micros created = 0;
    uint32_t sent = 0;
    uint32_t reported = 0;
    uint32_t received = 0;
    uint64_t bytes = 0;  // received
    Micros firstSend = 0;
    Micros lastSend = 0;
    uint32_t lastSentSize = 0;
    Micros firstArrival = 0;
    Micros lastArrival = 0;
    uint32_t firstArrivedSize = 0;
  };

  void add(uint64_t bps, bool fastStart, Micros now);
  Cluster* find(int32_t id);
  std::optional<uint64_t> measure(const Cluster& c) const;

  ProbeConfig mConfig;
  std::array<Cluster, kMaxClusters> mClusters{};
  int32_t mNextId = 1;
  Micros mLastRequest = -1;
  bool mEarlyUsed = false;  // the last request came early
  uint64_t mFailed = 0;
};

}  // namespace vicos::bwe
