// Readings on a steady timer; rates from the steady clock, time stamps from the wall clock.
#include "app/load_monitor.hpp"

#include <algorithm>

namespace vicos::app {

namespace {

std::vector<std::optional<PacketReading>> readings(
    const std::vector<std::optional<WorkerSnapshot>>& workers) {
  std::vector<std::optional<PacketReading>> out(workers.size());
  for (size_t i = 0; i < workers.size(); ++i)
    if (workers[i])
      out[i] = PacketReading{workers[i]->counters.rtpReceived, workers[i]->counters.rtpForwarded};
  return out;
}

double secondsBetween(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

LoadMonitor::LoadMonitor(boost::asio::io_context& io, MetricsCollector& metrics,
                         std::function<int64_t()> wallClock, Timing timing)
    : mIo(io),
      mMetrics(metrics),
      mWallClock(std::move(wallClock)),
      mTiming(timing),
      mTimer(io),
      mHistory(timing.capacity) {}

void LoadMonitor::start() {
  read();
  schedule();
}

void LoadMonitor::stop() {
  mStopped = true;
  mTimer.cancel();
}

double NodeLoad::busiestCpu() const {
  double busiest = 0;
  for (const auto& w : workers) busiest = std::max(busiest, w.cpu);
  return busiest;
}

void LoadMonitor::schedule() {
  mTimer.expires_after(mTiming.readEvery);
  mTimer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || mStopped) return;
    read();
    schedule();
  });
}

void LoadMonitor::read(std::function<void()> done) {
  mMetrics.snapshot([this, done = std::move(done)](const std::vector<std::optional<WorkerSnapshot>>& workers,
                                                   const ControlSnapshot& control) {
    if (!mStopped) take(workers, control);
    if (done) done();
  });
}

void LoadMonitor::take(const std::vector<std::optional<WorkerSnapshot>>& workers,
                       const ControlSnapshot& control) {
  const auto now = std::chrono::steady_clock::now();
  const auto counters = readings(workers);
  NodeLoad load;
  load.at = mWallClock();
  load.rooms = control.rooms;
  load.participants = control.participants;
  load.connections = control.connections;
  load.workers.resize(workers.size());
  for (size_t i = 0; i < workers.size(); ++i) {
    WorkerLoad& w = load.workers[i];
    w.up = workers[i].has_value();
    if (!w.up) continue;
    w.participants = workers[i]->peers;
    w.queuedTasks = workers[i]->queuedTasks;
    load.queuedTasks += w.queuedTasks;
    if (mStarted && i < mLastReading.size()) {
      const std::vector<std::optional<PacketReading>> before{mLastReading[i]}, after{counters[i]};
      w.packets = packetRates(before, after, secondsBetween(mLastReadingAt, now));
    }
    const double elapsed = secondsBetween(mLastReadingAt, now);
    if (mStarted && i < mLastCpuSeconds.size() && elapsed > 0)
      w.cpu = std::max(0.0, (workers[i]->cpuSeconds - mLastCpuSeconds[i]) / elapsed);
  }
  mLastCpuSeconds.resize(workers.size());
  for (size_t i = 0; i < workers.size(); ++i)
    if (workers[i]) mLastCpuSeconds[i] = workers[i]->cpuSeconds;
  if (mStarted) load.packets = packetRates(mLastReading, counters, secondsBetween(mLastReadingAt, now));
  mCurrent = std::move(load);
  mLastReading = counters;
  mLastReadingAt = now;

  // The first reading starts the ring (its rates are zero: nothing was measured before it).
  const bool firstSample = !mStarted;
  if (firstSample ||
      secondsBetween(mLastSampleAt, now) >= static_cast<double>(mTiming.sampleEverySeconds) - 0.5) {
    LoadSample sample;
    sample.at = mCurrent.at;
    sample.rooms = static_cast<uint32_t>(control.rooms);
    sample.participants = static_cast<uint32_t>(control.participants);
    sample.queuedTasks = static_cast<uint32_t>(mCurrent.queuedTasks);
    if (!firstSample) sample.packets = packetRates(mLastSample, counters, secondsBetween(mLastSampleAt, now));
    mHistory.push(sample);
    mLastSample = counters;
    mLastSampleAt = now;
  }
  mStarted = true;
}

}  // namespace vicos::app
