// The Prometheus metrics: counters read from each media worker (one task posted to it per scrape,
// so the workers take no lock per packet), from the rooms, the HTTPS server and the login API,
// written in the text format by prometheus-cpp. Labels name workers, reasons and limits only,
// never a room, a person, a login or an address (P6, P27, P28).
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/login_api.hpp"
#include "sfu/media_worker.hpp"
#include "turn/turn_server.hpp"

namespace vicos::app {

// What one media worker reports, copied on its own thread.
struct WorkerSnapshot {
  sfu::WorkerCounters counters;
  sfu::DropCounters drops;
  size_t peers = 0;
  size_t queuedTasks = 0;
  double cpuSeconds = 0;  // the worker thread's CPU time since it started
};

// What the control thread reports.
struct ControlSnapshot {
  size_t rooms = 0;
  size_t participants = 0;             // joined and waiting, all rooms
  size_t connections = 0;              // open HTTPS and WebSocket connections
  std::array<uint64_t, 3> refusals{};  // http::Refusal order: total, per address, WebSockets per address
  LoginCounts logins;
  // The built-in TURN server's counts (docs/security.md "TURN relay"); nothing when it is off.
  struct Turn {
    size_t allocations = 0;
    uint64_t refusedStreams = 0;
    turn::TurnCounters counters;
  };
  std::optional<Turn> turn;
};

// The exposition text; a worker without a snapshot did not answer in time (vicos_media_worker_up 0).
std::string exposition(const std::vector<std::optional<WorkerSnapshot>>& workers,
                       const ControlSnapshot& control, const std::string& version);

class MetricsCollector {
 public:
  // `workers[i]` runs a task on worker i's thread and `snapshot` runs there; `control` runs on
  // the control thread (`io`'s).
  using Poster = std::function<void(std::function<void()>)>;
  struct Worker {
    Poster post;
    std::function<WorkerSnapshot()> snapshot;
  };

  MetricsCollector(boost::asio::io_context& io, std::vector<Worker> workers,
                   std::function<ControlSnapshot()> control, std::string version,
                   std::chrono::milliseconds deadline);

  // Control thread; `done` gets the text on the control thread once every worker answered, or at
  // the deadline without those that did not.
  void collect(std::function<void(std::string)> done);
  // The same round, handing over the snapshots themselves (the admin page's load monitor).
  using SnapshotDone =
      std::function<void(const std::vector<std::optional<WorkerSnapshot>>&, const ControlSnapshot&)>;
  void snapshot(SnapshotDone done);

 private:
  struct Round;
  boost::asio::io_context& mIo;
  std::vector<Worker> mWorkers;
  std::function<ControlSnapshot()> mControl;
  std::string mVersion;
  std::chrono::milliseconds mDeadline;
};

// A media worker as the collector reads it: its post queue, and its counters copied on its thread.
MetricsCollector::Worker metricsWorker(sfu::MediaWorker& worker);

inline constexpr std::chrono::milliseconds kMetricsDeadline{1000};

}  // namespace vicos::app
