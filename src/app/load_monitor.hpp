// The admin page's view of the load: every few seconds it reads the media workers' counters
// through the metrics collector (a task posted to each worker, no lock on the media path), keeps
// the current load per worker and for this node, and once a minute adds a sample to the ring
// behind the graphs. Aggregates only (P28).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "app/load_history.hpp"
#include "app/metrics.hpp"

namespace vicos::app {

struct WorkerLoad {
  bool up = false;          // answered the last reading in time
  size_t participants = 0;  // peers with media on the worker
  size_t queuedTasks = 0;
  PacketRates packets;
  double cpu = 0;  // share of one core the worker thread used since the previous reading
};

struct NodeLoad {
  int64_t at = 0;  // Unix seconds of the reading; 0 before the first
  size_t rooms = 0;
  size_t participants = 0;  // joined and waiting, all rooms
  size_t connections = 0;
  size_t queuedTasks = 0;
  PacketRates packets;
  std::vector<WorkerLoad> workers;
  double busiestCpu() const;  // the largest worker's cpu: what placement by load compares
};

class LoadMonitor {
 public:
  struct Timing {
    std::chrono::milliseconds readEvery{std::chrono::seconds(5)};
    int64_t sampleEverySeconds = LoadHistory::kDefaultIntervalSeconds;
    size_t capacity = LoadHistory::kDefaultCapacity;
  };

  // `wallClock` gives Unix seconds for the samples' time stamps.
  LoadMonitor(boost::asio::io_context& io, MetricsCollector& metrics, std::function<int64_t()> wallClock,
              Timing timing);

  // Takes the first reading now (it starts the ring) and then one every readEvery.
  void start();
  void stop();
  // One reading now; `done` runs once it is in (tests).
  void read(std::function<void()> done = {});

  const NodeLoad& current() const { return mCurrent; }
  const LoadHistory& history() const { return mHistory; }

 private:
  void schedule();
  void take(const std::vector<std::optional<WorkerSnapshot>>& workers, const ControlSnapshot& control);

  boost::asio::io_context& mIo;
  MetricsCollector& mMetrics;
  std::function<int64_t()> mWallClock;
  Timing mTiming;
  boost::asio::steady_timer mTimer;
  LoadHistory mHistory;
  NodeLoad mCurrent;
  // Counters at the previous reading and at the previous sample, with their times.
  std::vector<std::optional<PacketReading>> mLastReading, mLastSample;
  std::vector<double> mLastCpuSeconds;
  std::chrono::steady_clock::time_point mLastReadingAt, mLastSampleAt;
  bool mStarted = false;
  bool mStopped = false;
};

}  // namespace vicos::app
