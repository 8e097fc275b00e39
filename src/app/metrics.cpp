// Metric families built from the snapshots; the format itself is prometheus-cpp's TextSerializer.
#include "app/metrics.hpp"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <ctime>
#include <memory>
#include <sstream>

namespace vicos::app {

namespace asio = boost::asio;
using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

namespace {

using Labels = std::vector<ClientMetric::Label>;

MetricFamily& family(std::vector<MetricFamily>& out, const char* name, const char* help, MetricType type) {
  out.push_back(MetricFamily{name, help, type, {}});
  return out.back();
}

void add(MetricFamily& f, double value, Labels labels = {}) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f.type == MetricType::Counter)
    m.counter.value = value;
  else
    m.gauge.value = value;
  f.metric.push_back(std::move(m));
}

// One family with a value per worker that answered.
template <typename Get>
void perWorker(std::vector<MetricFamily>& out, const std::vector<std::optional<WorkerSnapshot>>& workers,
               const char* name, const char* help, MetricType type, Get get) {
  MetricFamily& f = family(out, name, help, type);
  for (size_t i = 0; i < workers.size(); ++i)
    if (workers[i]) add(f, static_cast<double>(get(*workers[i])), {{"worker", std::to_string(i)}});
}

}  // namespace

std::string exposition(const std::vector<std::optional<WorkerSnapshot>>& workers,
                       const ControlSnapshot& control, const std::string& version) {
  std::vector<MetricFamily> out;
  const auto G = MetricType::Gauge;
  const auto C = MetricType::Counter;
  add(family(out, "vicos_build_info", "The running vicos version.", G), 1, {{"version", version}});
  add(family(out, "vicos_rooms", "Open rooms.", G), static_cast<double>(control.rooms));
  add(family(out, "vicos_participants", "People joined or waiting, all rooms together.", G),
      static_cast<double>(control.participants));
  add(family(out, "vicos_http_connections", "Open HTTPS and WebSocket connections.", G),
      static_cast<double>(control.connections));
  MetricFamily& refused = family(out, "vicos_http_connections_refused_total",
                                 "Connections closed at once by a connection limit.", C);
  const char* limits[] = {"total", "per-address", "websockets-per-address"};
  for (size_t i = 0; i < control.refusals.size(); ++i)
    add(refused, static_cast<double>(control.refusals[i]), {{"limit", limits[i]}});
  add(family(out, "vicos_login_failures_total", "Organizer logins with a wrong login or password.", C),
      static_cast<double>(control.logins.failures));
  add(family(out, "vicos_login_second_factor_failures_total",
             "Organizer logins with a right password but a wrong second factor.", C),
      static_cast<double>(control.logins.secondFactorFailures));
  MetricFamily& loginRefused =
      family(out, "vicos_login_refused_total", "Organizer logins refused before a password check.", C);
  add(loginRefused, static_cast<double>(control.logins.throttled), {{"reason", "throttled"}});
  add(loginRefused, static_cast<double>(control.logins.busy), {{"reason", "busy"}});

  if (control.turn) {
    const auto& t = *control.turn;
    add(family(out, "vicos_turn_allocations", "TURN relays open now.", G), static_cast<double>(t.allocations));
    add(family(out, "vicos_turn_allocations_created_total", "TURN relays opened.", C),
        static_cast<double>(t.counters.allocationsCreated));
    add(family(out, "vicos_turn_forbidden_total",
               "TURN requests refused (403) for a peer other than this server's media addresses.", C),
        static_cast<double>(t.counters.forbidden));
    add(family(out, "vicos_turn_relayed_bytes_total", "Bytes relayed by TURN, both ways.", C),
        static_cast<double>(t.counters.relayedBytes));
    add(family(out, "vicos_turn_streams_refused_total", "TURN connections over TCP or TLS closed by the cap.", C),
        static_cast<double>(t.refusedStreams));
    MetricFamily& drops = family(out, "vicos_turn_dropped_total", "TURN packets dropped, by reason.", C);
    for (size_t i = 0; i < turn::kTurnDropCount; ++i)
      add(drops, static_cast<double>(t.counters.drops[i]),
          {{"reason", turn::toString(static_cast<turn::TurnDrop>(i))}});
  }
  MetricFamily& up =
      family(out, "vicos_media_worker_up", "1 when the worker answered this scrape in time.", G);
  for (size_t i = 0; i < workers.size(); ++i) add(up, workers[i] ? 1 : 0, {{"worker", std::to_string(i)}});
  perWorker(out, workers, "vicos_media_peers", "Peers (one per participant with media) on the worker.", G,
            [](const WorkerSnapshot& w) { return w.peers; });
  perWorker(out, workers, "vicos_media_worker_queued_tasks", "Tasks posted to the worker, not yet run.", G,
            [](const WorkerSnapshot& w) { return w.queuedTasks; });
  perWorker(out, workers, "vicos_media_worker_cpu_seconds_total",
            "CPU time the worker's thread has used; its rate is the share of a core it takes.", C,
            [](const WorkerSnapshot& w) { return w.cpuSeconds; });
  perWorker(out, workers, "vicos_media_received_packets_total", "RTP packets received.", C,
            [](const WorkerSnapshot& w) { return w.counters.rtpReceived; });
  perWorker(out, workers, "vicos_media_forwarded_packets_total", "RTP packets sent to subscribers.", C,
            [](const WorkerSnapshot& w) { return w.counters.rtpForwarded; });
  perWorker(out, workers, "vicos_media_forwarded_bytes_total", "SRTP bytes sent to subscribers.", C,
            [](const WorkerSnapshot& w) { return w.counters.rtpForwardedBytes; });
  perWorker(out, workers, "vicos_media_relayed_packets_total", "RTP packets handed to another worker.", C,
            [](const WorkerSnapshot& w) { return w.counters.rtpRelayed; });
  perWorker(out, workers, "vicos_media_retransmitted_packets_total", "RTP packets resent after a NACK.", C,
            [](const WorkerSnapshot& w) { return w.counters.retransmitted; });
  perWorker(out, workers, "vicos_media_retransmitted_bytes_total", "RTP bytes resent after a NACK.", C,
            [](const WorkerSnapshot& w) { return w.counters.retransmittedBytes; });
  perWorker(out, workers, "vicos_media_keyframe_requests_total", "Keyframe requests sent to publishers.", C,
            [](const WorkerSnapshot& w) { return w.counters.keyframeRequests; });
  perWorker(out, workers, "vicos_media_transport_feedback_total",
            "Transport-cc feedback packets sent to publishers.", C,
            [](const WorkerSnapshot& w) { return w.counters.transportFeedback; });
  perWorker(out, workers, "vicos_media_downlink_feedback_total",
            "Transport-cc feedback packets read from subscribers.", C,
            [](const WorkerSnapshot& w) { return w.counters.downlinkFeedback; });
  perWorker(out, workers, "vicos_media_probe_packets_total",
            "Padding packets sent to probe subscribers' links for a higher layer.", C,
            [](const WorkerSnapshot& w) { return w.counters.probePackets; });

  MetricFamily& notResent = family(out, "vicos_media_retransmissions_refused_total",
                                   "NACKed packets not resent (sfu/retransmit_guard.hpp).", C);
  MetricFamily& dropped = family(out, "vicos_media_dropped_packets_total", "Datagrams dropped.", C);
  for (size_t i = 0; i < workers.size(); ++i) {
    if (!workers[i]) continue;
    const std::string worker = std::to_string(i);
    const sfu::WorkerCounters& c = workers[i]->counters;
    add(notResent, static_cast<double>(c.nackRepeats), {{"reason", "repeat"}, {"worker", worker}});
    add(notResent, static_cast<double>(c.nackOverCap), {{"reason", "over-cap"}, {"worker", worker}});
    add(notResent, static_cast<double>(c.nackOverBudget), {{"reason", "over-budget"}, {"worker", worker}});
    for (size_t d = 0; d < static_cast<size_t>(sfu::Drop::Count); ++d) {
      const auto drop = static_cast<sfu::Drop>(d);
      add(dropped, static_cast<double>(workers[i]->drops[drop]),
          {{"reason", sfu::dropName(drop)}, {"worker", worker}});
    }
  }

  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, out);
  return text.str();
}

MetricsCollector::Worker metricsWorker(sfu::MediaWorker& worker) {
  return {
      [&worker](std::function<void()> task) { worker.post(std::move(task)); },
      [&worker] {
        // Runs on the worker's thread, so the thread's own CPU clock is the worker's.
        timespec cpu{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
        return WorkerSnapshot{worker.counters(), worker.drops(), worker.peerCount(), worker.queuedTasks(),
                              static_cast<double>(cpu.tv_sec) + static_cast<double>(cpu.tv_nsec) / 1e9};
      }};
}

// One scrape in flight; like readiness rounds, kept alive by its timer's handler only.
struct MetricsCollector::Round {
  Round(asio::io_context& io, size_t workers, SnapshotDone callback)
      : timer(io), snapshots(workers), pending(workers), done(std::move(callback)) {}

  asio::steady_timer timer;
  std::vector<std::optional<WorkerSnapshot>> snapshots;
  size_t pending;
  SnapshotDone done;
  bool finished = false;
};

MetricsCollector::MetricsCollector(asio::io_context& io, std::vector<Worker> workers,
                                   std::function<ControlSnapshot()> control, std::string version,
                                   std::chrono::milliseconds deadline)
    : mIo(io),
      mWorkers(std::move(workers)),
      mControl(std::move(control)),
      mVersion(std::move(version)),
      mDeadline(deadline) {}

void MetricsCollector::collect(std::function<void(std::string)> done) {
  snapshot([this, done = std::move(done)](const std::vector<std::optional<WorkerSnapshot>>& workers,
                                          const ControlSnapshot& control) {
    done(exposition(workers, control, mVersion));
  });
}

void MetricsCollector::snapshot(SnapshotDone done) {
  auto round = std::make_shared<Round>(mIo, mWorkers.size(), std::move(done));
  auto finish = [this](Round& r) {
    if (r.finished) return;
    r.finished = true;
    r.done(r.snapshots, mControl());
    r.timer.cancel();
  };
  if (mWorkers.empty()) return finish(*round);
  round->timer.expires_after(mDeadline);
  round->timer.async_wait([round, finish](const boost::system::error_code&) { finish(*round); });
  std::weak_ptr<Round> weak = round;
  for (size_t i = 0; i < mWorkers.size(); ++i) {
    const Worker& worker = mWorkers[i];
    worker.post([&io = mIo, &worker, weak, i, finish] {
      asio::post(io, [weak, i, finish, snapshot = worker.snapshot()] {
        auto alive = weak.lock();
        if (!alive || alive->finished) return;
        alive->snapshots[i] = snapshot;
        if (--alive->pending == 0) finish(*alive);
      });
    });
  }
}

}  // namespace vicos::app
