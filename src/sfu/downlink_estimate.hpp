// A subscriber's downlink as the server sends it: one transport-wide number per packet and the
// send-side estimate of what the link carries, from the subscriber's transport-cc feedback.
#pragma once

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
class DownlinkEstimate {
 public:
  // The estimate starts where layers are not cut on a link that carries them: a congested one
  // reports overuse within a few hundred milliseconds and the estimate falls to what arrives.
  static constexpr uint64_t kStartBps = 8'000'000;

  uint16_t nextSeq() const { return mNextSeq; }
  // Packet nextSeq() went to the socket with `size` bytes on the wire (SRTP included).
  void onSent(uint32_t size, Micros now);
  void onFeedback(const rtcp::TransportCc& feedback, Micros now);

  // Bits per second the subscriber's link carries, once it has given feedback.
  std::optional<uint64_t> targetBps() const;
  // Null before the first packet.
  const bwe::SendSideEstimator* estimator() const { return mEstimator.get(); }

 private:
  uint16_t mNextSeq = 0;
  std::unique_ptr<bwe::SendSideEstimator> mEstimator;  // made at the first packet
  bool mHaveFeedback = false;
};

}  // namespace vicos::sfu
