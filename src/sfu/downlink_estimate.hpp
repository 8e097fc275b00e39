// A subscriber's downlink as the server sends it: one transport-wide number per packet and the
// send-side estimate of what the link carries, from the subscriber's transport-cc feedback.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include "bwe/send_side_estimator.hpp"
#include "common/clock.hpp"
#include "rtcp/feedback_transport_cc.hpp"

namespace vicos::sfu {

// Every RTP packet to the subscriber carries the next transport-wide sequence number
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 2); its browser reports their arrival
// times, and bwe::SendSideEstimator (draft-ietf-rmcat-gcc-02) turns them into a rate. A
// retransmission carries its first transmission's number (consumer.cpp, the nonce rule) and is
// not logged again: the estimate counts first transmissions only.
//
// Until the first feedback arrives (or forever, from a browser that sends none) there is no
// estimate and the subscriber's layers are not limited by it.
//
// When a layer waits to go up, the estimator plans probe clusters (bwe::ProbeController): bursts
// of padding at a rate above the estimate, paced out here; what arrives of them can raise the
// estimate at once.
class DownlinkEstimate {
 public:
  // Padding per probe packet (RFC 3550 5.1 allows up to 255 bytes).
  static constexpr uint8_t kProbePadding = 240;
  // A probe that cannot be sent (no video between frames) is given up after this long.
  static constexpr Micros kProbeGiveUp = 200'000;

  // Padding due now for the cluster being paced out.
  struct ProbeDue {
    int32_t cluster = bwe::kNoProbe;
    uint32_t bytes = 0;
  };

  // The estimate starts where layers are not cut on a link that carries them: a congested one
  // reports overuse within a few hundred milliseconds and the estimate falls to what arrives.
  static constexpr uint64_t kStartBps = 8'000'000;

  uint16_t nextSeq() const { return mNextSeq; }
  // Packet nextSeq() went to the socket with `size` bytes on the wire (SRTP included), as part
  // of probe cluster `probeCluster` if it is one.
  void onSent(uint32_t size, Micros now, int32_t probeCluster = bwe::kNoProbe);
  void onFeedback(const rtcp::TransportCc& feedback, Micros now);

  // The videos need `neededBps` in all for one more to go up: probe for it. The estimator refuses
  // while the estimate covers it, a probe is out, or the last request is recent.
  void requestProbe(uint64_t neededBps, Micros now);
  bool probing() const { return mQueued > 0; }
  // What the pacer should send now (padding packets of kProbePadding, stamped with the
  // cluster); nullopt when no probe is due.
  std::optional<ProbeDue> probeDue(Micros now);
  // Nothing could be sent for the cluster now; it is given up after kProbeGiveUp.
  void probeBlocked(Micros now);

  // Bits per second the subscriber's link carries, once it has given feedback.
  std::optional<uint64_t> targetBps() const;
  // The layers were chosen for `targetBps` (the worker does it each second).
  void noteAllocation(uint64_t targetBps) { mAllocatedFor = targetBps; }
  // The estimate fell by a fifth or more since the layers were chosen: choose again now rather
  // than let the link stay congested until the next second.
  bool fellSinceAllocation() const;
  // Null before the first packet.
  const bwe::SendSideEstimator* estimator() const { return mEstimator.get(); }

 private:
  // A cluster being paced out: rate × time since its start, until its minimum is sent.
  struct Pacing {
    bwe::ProbeCluster cluster;
    Micros start = -1;
    uint64_t bytes = 0;
    uint32_t packets = 0;
  };
  void popProbe();

  uint16_t mNextSeq = 0;
  std::array<Pacing, 2> mProbes{};  // ProbeConfig::requestScales: two clusters per request
  size_t mQueued = 0;
  std::unique_ptr<bwe::SendSideEstimator> mEstimator;  // made at the first packet
  bool mHaveFeedback = false;
  uint64_t mAllocatedFor = 0;
};

}  // namespace vicos::sfu
