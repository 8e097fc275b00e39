// Send-side bandwidth estimation for one transport (draft-ietf-rmcat-gcc-02 with transport-cc
// feedback): the lower of the delay-based and the loss-based estimate, within bounds, with
// probing. Owned by the transport; everything runs on its worker thread.
#pragma once

#include <cstdint>
#include <span>

#include "bwe/acked_bitrate.hpp"
#include "bwe/aimd_rate.hpp"
#include "bwe/loss_based.hpp"
#include "bwe/probe_controller.hpp"
#include "bwe/send_log.hpp"
#include "bwe/trendline.hpp"
#include "rtcp/feedback_transport_cc.hpp"

namespace vicos::bwe {

struct EstimatorConfig {
  uint64_t startBps = 300'000;
  uint64_t minBps = 30'000;
  uint64_t maxBps = 20'000'000;
  size_t logCapacity = 2048;  // packets in flight the feedback can still be matched to
  bool fastStart = true;      // probe at 3× and 6× the start rate at the first packet
};

struct EstimatorStats {
  uint64_t delayBasedBps = 0;
  uint64_t lossBasedBps = 0;
  uint64_t ackedBps = 0;  // 0 until known
  double lossFraction = 0;
  Micros rtt = 0;  // feedback's round trip: send of the newest reported packet → feedback
  BandwidthUsage usage = BandwidthUsage::Normal;
  uint64_t probeResults = 0;
  uint64_t feedbacks = 0;
};

class SendSideEstimator {
 public:
  explicit SendSideEstimator(const EstimatorConfig& config = {});

  // Every packet stamped with a transport-wide sequence number, when it goes to the socket.
  void onPacketSent(uint16_t seq, uint32_t size, Micros now, int32_t probeCluster = kNoProbe);
  // Every transport-cc feedback from the receiver (rtcp::parseTransportCc).
  void onFeedback(const rtcp::TransportCc& feedback, Micros now);
  // Bits per second the sender may use now.
  [[nodiscard]] uint64_t targetRate() const { return mTarget; }

  // A layer waits to go up and needs `targetBps` in total: probe for it (ignored while the
  // estimate covers it or a probe is outstanding). Returns whether probes were planned.
  bool requestProbe(uint64_t targetBps, Micros now);
  // Probe clusters the sender should pace out now; stamp their packets with the cluster id.
  size_t takeProbeClusters(std::span<ProbeCluster> out) { return mProbes.takeClusters(out); }

  [[nodiscard]] EstimatorStats stats() const;
  [[nodiscard]] const SendLogCounters& logCounters() const { return mLog.counters(); }

 private:
  void onResult(const PacketResult& r, Micros now);

  EstimatorConfig mConfig;
  SendLog mLog;
  Trendline mTrendline;
  AckedBitrate mAcked;
  AimdRate mDelay;
  LossBased mLoss;
  ProbeController mProbes;
  uint64_t mTarget;
  uint64_t mPeakTarget = 0;  // the highest target since the last probe request
  bool mStarted = false;
  Micros mRtt = 0;
  uint64_t mProbeResults = 0;
  uint64_t mFeedbacks = 0;
  // Per feedback.
  uint32_t mLost = 0;
  uint32_t mReported = 0;
  Micros mNewestSend = 0;
  uint64_t mBestProbe = 0;
};

}  // namespace vicos::bwe
