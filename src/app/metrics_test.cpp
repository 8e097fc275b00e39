// /metrics scraped over a real socket from real media workers: counters move when a worker drops
// a real UDP datagram, a stuck worker is reported down at the deadline, and no label carries
// anything but a worker number, a reason, a limit or the version (P27, P28).
#include "app/metrics.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <future>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <regex>
#include <set>
#include <thread>

#include "http/metrics_listener.hpp"
#include "sfu/worker_media_plane.hpp"

namespace vicos::app {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mMedia = std::make_unique<sfu::WorkerMediaPlane>(
        sfu::WorkerOptions{"127.0.0.1", 0}, 2, std::vector<std::string>{"127.0.0.1"},
        [this](std::function<void()> task) { asio::post(mIo, std::move(task)); });
    mMedia->start();
    std::vector<MetricsCollector::Worker> workers;
    for (size_t i = 0; i < mMedia->workerCount(); ++i) workers.push_back(metricsWorker(mMedia->worker(i)));
    mCollector = std::make_unique<MetricsCollector>(
        mIo, std::move(workers),
        [] {
          ControlSnapshot::Turn turn{2, 1, {}};
          turn.counters.forbidden = 5;
          turn.counters.drops[static_cast<size_t>(turn::TurnDrop::PeerRefused)] = 9;
          return ControlSnapshot{3, 7, 12, {1, 2, 3}, {4, 5, 6, 8}, turn};
        },
        "9.8.7", std::chrono::milliseconds(300));
    mListener = std::make_unique<http::MetricsListener>(
        mIo, "127.0.0.1", 0,
        [this](std::function<void(std::string)> done) { mCollector->collect(std::move(done)); });
    std::string error;
    ASSERT_TRUE(mListener->start(error)) << error;
    mThread = std::thread([this] { mIo.run(); });
  }

  void TearDown() override {
    mIo.stop();
    mThread.join();
    mListener.reset();
    mMedia->stop();
  }

  bhttp::response<bhttp::string_body> get(const std::string& target) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), mListener->port()));
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    return res;
  }

  static bool has(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
  }

  asio::io_context mIo;
  asio::executor_work_guard<asio::io_context::executor_type> mWork{mIo.get_executor()};
  std::unique_ptr<sfu::WorkerMediaPlane> mMedia;
  std::unique_ptr<MetricsCollector> mCollector;
  std::unique_ptr<http::MetricsListener> mListener;
  std::thread mThread;
};

TEST_F(MetricsTest, CountersMoveWhenAWorkerDropsARealDatagram) {
  const auto before = get("/metrics");
  ASSERT_EQ(before.result_int(), 200u);
  EXPECT_EQ(before[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = before.body();
  EXPECT_TRUE(has(text, R"(vicos_build_info{version="9.8.7"} 1)")) << text;
  EXPECT_TRUE(has(text, "vicos_rooms 3"));
  EXPECT_TRUE(has(text, "vicos_participants 7"));
  EXPECT_TRUE(has(text, R"(vicos_http_connections_refused_total{limit="per-address"} 2)"));
  EXPECT_TRUE(has(text, "vicos_login_failures_total 4"));
  EXPECT_TRUE(has(text, "vicos_login_second_factor_failures_total 8"));
  EXPECT_TRUE(has(text, R"(vicos_login_refused_total{reason="busy"} 6)"));
  EXPECT_TRUE(has(text, R"(vicos_media_worker_up{worker="1"} 1)"));
  EXPECT_TRUE(has(text, R"(vicos_media_dropped_packets_total{reason="unknown-kind",worker="0"} 0)")) << text;

  // A datagram whose first byte is no protocol's (RFC 7983), from a real socket.
  asio::io_context io;
  asio::ip::udp::socket udp(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const uint8_t junk[4] = {0xff, 0, 0, 0};
  const asio::ip::udp::endpoint worker0(asio::ip::make_address("127.0.0.1"), mMedia->worker(0).port());
  for (int i = 0; i < 3; ++i) udp.send_to(asio::buffer(junk), worker0);
  bool moved = false;
  for (int i = 0; i < 100 && !moved; ++i) {
    moved = has(get("/metrics").body(),
                R"(vicos_media_dropped_packets_total{reason="unknown-kind",worker="0"} 3)");
    if (!moved) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(moved);
}

// The worker's thread CPU time, read on that thread: a task that spins 300 ms of CPU on worker 0
// shows there and not on worker 1.
TEST_F(MetricsTest, WorkerCpuTimeIsTheWorkerThreadsOwn) {
  auto cpuOf = [](const std::string& text, const std::string& worker) {
    const std::regex line("vicos_media_worker_cpu_seconds_total\\{worker=\"" + worker + "\"\\} ([0-9.e+-]+)");
    std::smatch m;
    return std::regex_search(text, m, line) ? std::stod(m[1]) : -1.0;
  };
  const std::string before = get("/metrics").body();
  const double cpu0 = cpuOf(before, "0"), cpu1 = cpuOf(before, "1");
  ASSERT_GE(cpu0, 0.0) << before;
  ASSERT_GE(cpu1, 0.0) << before;
  std::promise<void> spun;
  mMedia->worker(0).post([&spun] {
    timespec start{}, now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    while ((now.tv_sec - start.tv_sec) * 1'000'000'000L + (now.tv_nsec - start.tv_nsec) < 300'000'000L);
    spun.set_value();
  });
  spun.get_future().wait();
  const std::string after = get("/metrics").body();
  EXPECT_GE(cpuOf(after, "0") - cpu0, 0.3) << after;
  EXPECT_LT(cpuOf(after, "1") - cpu1, 0.2) << after;
}

TEST_F(MetricsTest, LabelsNameOnlyWorkersReasonsLimitsAndTheVersion) {
  const std::string text = get("/metrics").body();
  const std::regex label(R"(([a-z_]+)="([^"]*)\")");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), label); it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  EXPECT_EQ(names, (std::set<std::string>{"limit", "reason", "version", "worker"}));
  EXPECT_EQ(text.find("127.0.0."), std::string::npos);
}

TEST_F(MetricsTest, TurnCountsWithDropsByReason) {
  const std::string text = get("/metrics").body();
  EXPECT_TRUE(has(text, "vicos_turn_allocations 2")) << text;
  EXPECT_TRUE(has(text, "vicos_turn_forbidden_total 5"));
  EXPECT_TRUE(has(text, "vicos_turn_streams_refused_total 1"));
  EXPECT_TRUE(has(text, "vicos_turn_dropped_total{reason=\"peer-refused\"} 9"));
  EXPECT_TRUE(has(text, "vicos_turn_dropped_total{reason=\"over-bandwidth\"} 0"));
}

TEST_F(MetricsTest, AStuckWorkerIsReportedDownAtTheDeadline) {
  mMedia->worker(1).post([] { std::this_thread::sleep_for(std::chrono::milliseconds(1000)); });
  const auto begin = std::chrono::steady_clock::now();
  const std::string text = get("/metrics").body();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(900));
  EXPECT_TRUE(has(text, R"(vicos_media_worker_up{worker="1"} 0)")) << text;
  EXPECT_TRUE(has(text, R"(vicos_media_worker_up{worker="0"} 1)"));
  EXPECT_EQ(text.find(R"(vicos_media_peers{worker="1"})"), std::string::npos);
}

TEST_F(MetricsTest, OnlyGetMetricsIsAnswered) {
  EXPECT_EQ(get("/").result_int(), 404u);
  EXPECT_EQ(get("/metrics/../healthz").result_int(), 404u);
}

}  // namespace
}  // namespace vicos::app
