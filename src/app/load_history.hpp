// The admin page's graphs: a fixed ring of periodic samples of aggregate load (rooms, people,
// packet rates, queued tasks), kept in memory only. Nothing in it names a room, a person or an
// address; it is gone when the process ends (docs/privacy.md "Admin page").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vicos::app {

// One media worker's packet counters at one moment (cumulative since start).
struct PacketReading {
  uint64_t received = 0;
  uint64_t forwarded = 0;
};

struct PacketRates {
  double receivedPerSecond = 0;
  double forwardedPerSecond = 0;
};

// The packet rates of the workers answering both times, summed; workers missing in either
// reading (not answered in time) count nothing rather than a false jump.
PacketRates packetRates(const std::vector<std::optional<PacketReading>>& before,
                        const std::vector<std::optional<PacketReading>>& after, double seconds);

struct LoadSample {
  int64_t at = 0;  // Unix seconds at the end of the interval
  uint32_t rooms = 0;
  uint32_t participants = 0;
  PacketRates packets;  // averaged over the interval since the previous sample
  uint32_t queuedTasks = 0;
};

class LoadHistory {
 public:
  // One sample a minute for six hours.
  static constexpr size_t kDefaultCapacity = 360;
  static constexpr int64_t kDefaultIntervalSeconds = 60;

  explicit LoadHistory(size_t capacity = kDefaultCapacity);

  // Adds a sample; when full, the oldest goes.
  void push(const LoadSample& sample);
  // Oldest first.
  std::vector<LoadSample> samples() const;
  size_t size() const { return mSize; }
  size_t capacity() const { return mRing.size(); }

 private:
  std::vector<LoadSample> mRing;  // allocated once
  size_t mNext = 0;
  size_t mSize = 0;
};

}  // namespace vicos::app
