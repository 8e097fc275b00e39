// Tests of the admin page's sample ring: bounded to its capacity, oldest first, rates that ignore
// workers which did not answer; and of the load monitor reading real worker tasks through the
// metrics collector on a real io_context.
#include "app/load_history.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "app/load_monitor.hpp"

namespace vicos::app {
namespace {

TEST(LoadHistoryTest, KeepsTheNewestSamplesUpToItsCapacityOldestFirst) {
  LoadHistory ring(3);
  EXPECT_TRUE(ring.samples().empty());
  for (int64_t t = 1; t <= 2; ++t) ring.push(LoadSample{t, 0, static_cast<uint32_t>(t), {}, 0});
  ASSERT_EQ(ring.samples().size(), 2u);
  EXPECT_EQ(ring.samples()[0].at, 1);
  for (int64_t t = 3; t <= 7; ++t) ring.push(LoadSample{t, 0, static_cast<uint32_t>(t), {}, 0});
  const auto samples = ring.samples();
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(ring.capacity(), 3u);
  EXPECT_EQ(samples[0].at, 5);
  EXPECT_EQ(samples[1].at, 6);
  EXPECT_EQ(samples[2].at, 7);
  EXPECT_EQ(samples[2].participants, 7u);
}

TEST(LoadHistoryTest, DefaultIsSixHoursAtOneSampleAMinute) {
  LoadHistory ring;
  EXPECT_EQ(ring.capacity() * LoadHistory::kDefaultIntervalSeconds, 6u * 3600u);
  for (int64_t t = 0; t < 1000; ++t) ring.push(LoadSample{t, 0, 0, {}, 0});
  EXPECT_EQ(ring.samples().size(), 360u);
  EXPECT_EQ(ring.samples().front().at, 640);
}

TEST(LoadHistoryTest, RatesSumAnsweringWorkersAndSkipMissingOnes) {
  using R = std::optional<PacketReading>;
  const std::vector<R> before{PacketReading{100, 1000}, std::nullopt, PacketReading{50, 50},
                              PacketReading{9, 9}};
  const std::vector<R> after{PacketReading{200, 1600}, PacketReading{1'000'000, 1'000'000}, std::nullopt,
                             PacketReading{1, 1}};
  const PacketRates rates = packetRates(before, after, 10);
  EXPECT_DOUBLE_EQ(rates.receivedPerSecond, 10);
  EXPECT_DOUBLE_EQ(rates.forwardedPerSecond, 60);
  EXPECT_DOUBLE_EQ(packetRates(before, after, 0).forwardedPerSecond, 0);
}

TEST(LoadMonitorTest, ReadsWorkersThroughPostedTasksAndFillsTheRing) {
  boost::asio::io_context io;
  sfu::WorkerCounters counters;  // changed between readings, read on the "worker" (here: io)
  size_t peers = 2;
  std::vector<MetricsCollector::Worker> workers;
  workers.push_back({[&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); },
                     [&] {
                       return WorkerSnapshot{counters, {}, peers, 0};
                     }});
  workers.push_back({[](std::function<void()>) {}, [] { return WorkerSnapshot{}; }});  // never answers
  MetricsCollector metrics(
      io, std::move(workers),
      [] {
        return ControlSnapshot{3, 4, 5, {}, {}, std::nullopt};
      },
      "test", std::chrono::milliseconds(50));
  int64_t wall = 1000;
  LoadMonitor monitor(
      io, metrics, [&wall] { return wall; }, LoadMonitor::Timing{std::chrono::hours(1), 0, 8});

  bool done = false;
  monitor.read([&done] { done = true; });
  io.run_for(std::chrono::seconds(2));
  ASSERT_TRUE(done);
  EXPECT_EQ(monitor.current().rooms, 3u);
  EXPECT_EQ(monitor.current().participants, 4u);
  ASSERT_EQ(monitor.current().workers.size(), 2u);
  EXPECT_TRUE(monitor.current().workers[0].up);
  EXPECT_EQ(monitor.current().workers[0].participants, 2u);
  EXPECT_FALSE(monitor.current().workers[1].up);
  ASSERT_EQ(monitor.history().size(), 1u);  // the first reading starts the ring, at rate zero
  EXPECT_EQ(monitor.history().samples()[0].packets.forwardedPerSecond, 0);

  counters.rtpReceived = 500;
  counters.rtpForwarded = 1000;
  wall = 1060;
  done = false;
  io.restart();
  monitor.read([&done] { done = true; });
  io.run_for(std::chrono::seconds(2));
  ASSERT_TRUE(done);
  const auto samples = monitor.history().samples();
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].at, 1060);
  EXPECT_EQ(samples[1].rooms, 3u);
  EXPECT_GT(samples[1].packets.forwardedPerSecond, 0);
  EXPECT_GT(monitor.current().workers[0].packets.receivedPerSecond, 0);
  EXPECT_DOUBLE_EQ(samples[1].packets.forwardedPerSecond / samples[1].packets.receivedPerSecond, 2.0);
}

}  // namespace
}  // namespace vicos::app
