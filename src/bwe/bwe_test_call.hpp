// Test helper: a deterministic bottleneck link and a call over it that runs the real send log,
// estimator, feedback writer, RTCP writer and parser in one process, driven by simulated time.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "bwe/feedback_writer.hpp"
#include "bwe/send_side_estimator.hpp"
#include "rtcp/rtcp_compound.hpp"

namespace vicos::bwe::test {

struct LinkConfig {
  uint64_t capacityBps = 1'500'000;
  size_t queueBytes = 64'000;   // drop-tail limit of the bottleneck queue
  Micros propagation = 25'000;  // one way, both directions
  double loss = 0;              // random loss after the queue
  uint64_t crossBps = 0;        // constant-rate cross traffic (1200-byte packets) through the same queue
  uint64_t seed = 1;
};

// A FIFO bottleneck: serialisation at the capacity, a byte-limited drop-tail queue, random loss
// (a fixed-seed generator, so every run is the same) and propagation delay.
class TestLink {
 public:
  explicit TestLink(const LinkConfig& config) : mConfig(config), mRandom(config.seed) {}

  void setCapacity(uint64_t bps, Micros now) {
    flushCross(now);
    // What is queued keeps its bytes and drains at the new rate.
    const uint64_t queued = queuedBytes(now);
    mConfig.capacityBps = bps;
    mBusyUntil = now + serialisation(queued);
  }
  void setLoss(double loss) { mConfig.loss = loss; }
  void setCross(uint64_t bps, Micros now) {
    flushCross(now);
    mConfig.crossBps = bps;
    mNextCross = now;
  }

  // A packet entering the bottleneck at `now`: its arrival at the receiver, or nullopt.
  std::optional<Micros> send(uint32_t size, Micros now) {
    flushCross(now);
    Micros departure = 0;
    if (!enqueue(size, now, departure)) return std::nullopt;
    if (mConfig.loss > 0 && nextUniform() < mConfig.loss) return std::nullopt;
    return departure + mConfig.propagation;
  }

  [[nodiscard]] Micros queueDelay(Micros now) const { return std::max<Micros>(0, mBusyUntil - now); }
  [[nodiscard]] uint64_t drops() const { return mDrops; }
  [[nodiscard]] const LinkConfig& config() const { return mConfig; }

 private:
  Micros serialisation(uint64_t bytes) const {
    return static_cast<Micros>(bytes * 8 * 1'000'000 / mConfig.capacityBps);
  }
  uint64_t queuedBytes(Micros now) const {
    return static_cast<uint64_t>(queueDelay(now)) * mConfig.capacityBps / 8'000'000;
  }
  bool enqueue(uint32_t size, Micros now, Micros& departure) {
    if (queuedBytes(now) + size > mConfig.queueBytes) {
      ++mDrops;
      return false;
    }
    departure = std::max(now, mBusyUntil) + serialisation(size);
    mBusyUntil = departure;
    return true;
  }
  void flushCross(Micros now) {
    if (mConfig.crossBps == 0) return;
    constexpr uint32_t kCrossSize = 1200;
    for (; mNextCross <= now;
         mNextCross += static_cast<Micros>(kCrossSize * 8'000'000ull / mConfig.crossBps)) {
      Micros ignored = 0;
      (void)enqueue(kCrossSize, mNextCross, ignored);
    }
  }
  double nextUniform() {
    mRandom = mRandom * 6364136223846793005ull + 1442695040888963407ull;  // Knuth's MMIX LCG
    return static_cast<double>(mRandom >> 11) / static_cast<double>(1ull << 53);
  }

  LinkConfig mConfig;
  uint64_t mRandom;
  Micros mBusyUntil = 0;
  Micros mNextCross = 0;
  uint64_t mDrops = 0;
};

struct Sample {
  Micros time = 0;
  uint64_t target = 0;
  Micros queueDelay = 0;
};

// A sender (paced 1200-byte media at the target rate, probe clusters when the estimator asks)
// and a receiver (feedback writer every 50 ms), one link each way; the feedback path is not
// congested. The receiver's clock runs at an offset, as a real one does.
class TestCall {
 public:
  static constexpr Micros kReceiverClockOffset = 987'654'321;
  static constexpr Micros kSampleEvery = 100'000;
  static constexpr uint32_t kMediaSize = 1200;

  TestCall(const EstimatorConfig& estimator, const LinkConfig& link)
      : mEstimator(estimator), mLink(link), mWriter(FeedbackWriterConfig{}) {}

  // When set, a layer "waits to go up": every `every`, while the target is below `bps`, the
  // call asks the estimator to probe for it.
  void wantRate(uint64_t bps, Micros every) {
    mWant = bps;
    mWantEvery = every;
  }

  void runUntil(Micros until) {
    while (true) {
      const Micros next = std::min({mNextMedia, mProbes.empty() ? kNever : mProbes.front().time,
                                    mArrivals.empty() ? kNever : mArrivals.front().time,
                                    mFeedback.empty() ? kNever : mFeedback.front().time, mNextTick});
      if (next > until) break;
      mNow = next;
      if (!mArrivals.empty() && mArrivals.front().time == mNow) {
        mWriter.onPacket(mArrivals.front().seq, 0x5555, mNow + kReceiverClockOffset);
        mArrivals.pop_front();
      } else if (!mFeedback.empty() && mFeedback.front().time == mNow) {
        deliverFeedback(mFeedback.front().bytes);
        mFeedback.pop_front();
      } else if (!mProbes.empty() && mProbes.front().time == mNow) {
        sendPacket(mProbes.front().size, mProbes.front().cluster);
        mProbes.pop_front();
      } else if (mNextMedia == mNow) {
        sendPacket(kMediaSize, kNoProbe);
        mNextMedia = mNow + static_cast<Micros>(uint64_t{kMediaSize} * 8'000'000 / mEstimator.targetRate());
      } else {
        tick();
      }
    }
    mNow = until;
  }

  SendSideEstimator& estimator() { return mEstimator; }
  TestLink& link() { return mLink; }
  [[nodiscard]] Micros now() const { return mNow; }
  [[nodiscard]] const std::vector<Sample>& samples() const { return mSamples; }
  [[nodiscard]] uint64_t probePackets() const { return mProbePackets; }

  // Over samples in [from, to): mean, lowest and highest target, highest queue delay, and how
  // long the target was above `limit`.
  [[nodiscard]] double meanTarget(Micros from, Micros to) const {
    double sum = 0;
    size_t n = 0;
    for (const Sample& s : window(from, to)) {
      sum += static_cast<double>(s.target);
      ++n;
    }
    return n == 0 ? 0 : sum / static_cast<double>(n);
  }
  [[nodiscard]] uint64_t minTarget(Micros from, Micros to) const {
    uint64_t m = UINT64_MAX;
    for (const Sample& s : window(from, to)) m = std::min(m, s.target);
    return m;
  }
  [[nodiscard]] uint64_t maxTarget(Micros from, Micros to) const {
    uint64_t m = 0;
    for (const Sample& s : window(from, to)) m = std::max(m, s.target);
    return m;
  }
  [[nodiscard]] Micros maxQueueDelay(Micros from, Micros to) const {
    Micros m = 0;
    for (const Sample& s : window(from, to)) m = std::max(m, s.queueDelay);
    return m;
  }
  [[nodiscard]] Micros timeAbove(uint64_t limit, Micros from, Micros to) const {
    Micros t = 0;
    for (const Sample& s : window(from, to)) t += s.target > limit ? kSampleEvery : 0;
    return t;
  }
  // The first sample time in [from, …) at which the target is at least (or at most) `bps`.
  [[nodiscard]] std::optional<Micros> firstAtLeast(uint64_t bps, Micros from) const {
    for (const Sample& s : mSamples)
      if (s.time >= from && s.target >= bps) return s.time;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<Micros> firstAtMost(uint64_t bps, Micros from) const {
    for (const Sample& s : mSamples)
      if (s.time >= from && s.target <= bps) return s.time;
    return std::nullopt;
  }
  // A compact trace for failure messages: the target in kbit/s once a second.
  [[nodiscard]] std::string trace() const {
    std::string out;
    for (const Sample& s : mSamples)
      if (s.time % 1'000'000 == 0)
        out += std::to_string(s.time / 1'000'000) + "s:" + std::to_string(s.target / 1000) + "k/" +
               std::to_string(s.queueDelay / 1000) + "ms ";
    return out;
  }

 private:
  static constexpr Micros kNever = INT64_MAX;
  static constexpr Micros kTick = 10'000;

  struct Arrival {
    Micros time;
    uint16_t seq;
  };
  struct FeedbackPacket {
    Micros time;
    std::vector<uint8_t> bytes;
  };
  struct ProbePacket {
    Micros time;
    uint32_t size;
    int32_t cluster;
  };

  std::vector<Sample> window(Micros from, Micros to) const {
    std::vector<Sample> out;
    for (const Sample& s : mSamples)
      if (s.time >= from && s.time < to) out.push_back(s);
    return out;
  }

  void sendPacket(uint32_t size, int32_t cluster) {
    const uint16_t seq = mSeq++;
    mEstimator.onPacketSent(seq, size, mNow, cluster);
    if (const auto arrival = mLink.send(size, mNow)) mArrivals.push_back({*arrival, seq});
    if (cluster != kNoProbe) ++mProbePackets;
  }

  void deliverFeedback(const std::vector<uint8_t>& bytes) {
    const auto compound = rtcp::parseCompound(bytes);
    ASSERT_TRUE(compound);
    for (const rtcp::RtcpPacket& p : *compound) {
      const auto fb = rtcp::parseTransportCc(p);
      ASSERT_TRUE(fb);
      mEstimator.onFeedback(*fb, mNow);
    }
  }

  void tick() {
    mNextTick = mNow + kTick;
    const Micros receiverNow = mNow + kReceiverClockOffset;
    if (mWriter.due(receiverNow)) {
      std::array<uint8_t, 1500> buf{};
      while (const size_t n = mWriter.writeNext(buf, receiverNow))
        mFeedback.push_back(
            {mNow + mLink.config().propagation, std::vector<uint8_t>(buf.begin(), buf.begin() + n)});
    }
    if (mWant != 0 && mNow >= mNextWant && mEstimator.targetRate() < mWant) {
      mEstimator.requestProbe(mWant, mNow);
      mNextWant = mNow + mWantEvery;
    }
    std::array<ProbeCluster, 8> clusters{};
    const size_t count = mEstimator.takeProbeClusters(clusters);
    Micros start = std::max(mNow, mProbes.empty() ? mNow : mProbes.back().time);
    for (size_t i = 0; i < count; ++i) {
      const ProbeCluster& c = clusters[i];
      const uint32_t packets = std::max(c.minPackets, (c.minBytes + kMediaSize - 1) / kMediaSize);
      const uint32_t size = std::max<uint32_t>(200, (c.minBytes + packets - 1) / packets);
      const auto gap = static_cast<Micros>(uint64_t{size} * 8'000'000 / c.rateBps);
      for (uint32_t k = 0; k < packets; ++k) mProbes.push_back({start + k * gap + 1, size, c.id});
      start += packets * gap + 1;
    }
    if (mNow % kSampleEvery == 0) mSamples.push_back({mNow, mEstimator.targetRate(), mLink.queueDelay(mNow)});
  }

  SendSideEstimator mEstimator;
  TestLink mLink;
  FeedbackWriter mWriter;
  Micros mNow = 0;
  Micros mNextMedia = 0;
  Micros mNextTick = 0;
  uint16_t mSeq = 65000;  // wraps early in every run
  std::deque<Arrival> mArrivals;
  std::deque<FeedbackPacket> mFeedback;
  std::deque<ProbePacket> mProbes;
  std::vector<Sample> mSamples;
  uint64_t mWant = 0;
  Micros mWantEvery = 0;
  Micros mNextWant = 0;
  uint64_t mProbePackets = 0;
};

}  // namespace vicos::bwe::test
