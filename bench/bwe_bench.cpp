// Bandwidth estimation cost per packet: the sender's onPacketSent plus its share of parsing and
// applying transport-cc feedback, and the receiver's feedback writer per received packet.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "bwe/feedback_writer.hpp"
#include "bwe/send_side_estimator.hpp"
#include "rtcp/rtcp_compound.hpp"

namespace {

using vicos::Bytes;
using vicos::Micros;
namespace bwe = vicos::bwe;
namespace rtcp = vicos::rtcp;

constexpr Micros kGap = 2500;     // 1,200-byte packets at 3.84 Mbit/s
constexpr int kPerFeedback = 16;  // 40 ms of packets per feedback
constexpr size_t kCycle = 65536;  // feedbacks repeat after one turn of the sequence number
// One turn lasts 65536 × 2.5 ms = 2560 × 64 ms: the next turn's reference times are 2560 more.
constexpr uint32_t kReferencePerCycle = 2560;

// One turn of feedback packets as a receiver writes them: every 64th packet lost, arrivals with
// a little jitter.
std::vector<std::vector<uint8_t>> feedbackCycle() {
  bwe::FeedbackWriter writer;
  std::vector<std::vector<uint8_t>> out;
  std::array<uint8_t, 1500> buf{};
  static_assert(kCycle % kPerFeedback == 0);
  for (size_t i = 0; i < kCycle; ++i) {
    const auto seq = static_cast<uint16_t>(i);
    const Micros arrival = static_cast<Micros>(i) * kGap + 30'000 + static_cast<Micros>(i % 5) * 250;
    if (i % 64 != 0) writer.onPacket(seq, 0x1234, arrival);
    if ((i + 1) % kPerFeedback == 0)
      while (const size_t n = writer.writeNext(buf, arrival)) out.emplace_back(buf.begin(), buf.begin() + n);
  }
  return out;
}

void BM_EstimatorPerPacket(benchmark::State& state) {
  auto feedback = feedbackCycle();
  bwe::EstimatorConfig config;
  config.fastStart = false;
  bwe::SendSideEstimator estimator(config);
  std::vector<uint32_t> references;
  for (const auto& f : feedback) references.push_back(vicos::loadBe24(f.data() + 16));
  uint64_t sent = 0;
  size_t next = 0;
  uint32_t cycle = 0;
  for (auto _ : state) {
    const Micros now = static_cast<Micros>(sent) * kGap;
    estimator.onPacketSent(static_cast<uint16_t>(sent), 1200, now);
    ++sent;
    if (sent % kPerFeedback == 0) {
      auto& bytes = feedback[next];
      vicos::storeBe24(bytes.data() + 16, (references[next] + cycle * kReferencePerCycle) & 0xffffff);
      if (++next == feedback.size()) {
        next = 0;
        ++cycle;
      }
      const auto compound = rtcp::parseCompound(Bytes(bytes.data(), bytes.size()));
      const auto fb = rtcp::parseTransportCc(*compound->begin());
      estimator.onFeedback(*fb, now + 5000);
    }
    benchmark::DoNotOptimize(estimator.targetRate());
  }
  state.counters["target_kbps"] = static_cast<double>(estimator.targetRate()) / 1000;
}
BENCHMARK(BM_EstimatorPerPacket);

void BM_FeedbackWriterPerPacket(benchmark::State& state) {
  bwe::FeedbackWriter writer;
  std::array<uint8_t, 1500> buf{};
  uint64_t received = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    const Micros arrival = static_cast<Micros>(received) * kGap;
    writer.onPacket(static_cast<uint16_t>(received), 0x1234, arrival);
    ++received;
    if (received % kPerFeedback == 0)
      while (const size_t n = writer.writeNext(buf, arrival)) bytes += n;
  }
  benchmark::DoNotOptimize(bytes);
  state.counters["feedback_bytes_per_packet"] = static_cast<double>(bytes) / static_cast<double>(received);
}
BENCHMARK(BM_FeedbackWriterPerPacket);

}  // namespace

BENCHMARK_MAIN();
