// One downlink: a publisher's track forwarded to one subscriber under the subscriber's own
// mid and SSRC. It rewrites each packet's header for that subscriber; payloads pass unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "rtp/rtp_packet.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/retransmit_guard.hpp"

namespace vicos::sfu {

class Peer;
class Producer;

class Consumer {
 public:
  Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc);

  Peer& subscriber() const { return mSubscriber; }
  const std::string& publisher() const { return mPublisher; }
  MediaKind kind() const { return mKind; }
  const std::string& mid() const { return mMid; }
  uint32_t ssrc() const { return mSsrc; }

  Producer* producer() const { return mProducer; }
  void setProducer(Producer* producer) { mProducer = producer; }
  // The producer's encoding it forwards: the lowest layer until simulcast consumers choose
  // (docs/design/media-model.md, S15).
  uint8_t encoding() const { return mEncoding; }

  // Writes `in` as this consumer sends it into `out` (plaintext RTP, before SRTP); returns
  // the size, or 0 when it does not fit or the packet carries no payload.
  size_t rewrite(const rtp::RtpView& in, MutableBytes out);

  // The packet with our sequence number `sequence` as the producer received it, if it still
  // holds it. rewriteCached turns it into a retransmission byte-identical to the first
  // transmission (see consumer.cpp); 0 when it is no valid RTP or does not fit.
  std::optional<Bytes> cached(uint16_t sequence) const;
  size_t rewriteCached(Bytes cached, MutableBytes out);
  // What NACKs may still make us resend; video downlinks only (audio is not cached).
  RetransmitGuard* retransmits() const { return mRetransmits.get(); }

  uint32_t packetsSent() const { return mPacketsSent; }
  uint32_t octetsSent() const { return mOctetsSent; }
  uint32_t lastTimestamp() const { return mLastTimestamp; }

 private:
  Peer& mSubscriber;
  std::string mPublisher;
  MediaKind mKind;
  std::string mMid;
  uint32_t mSsrc;
  Producer* mProducer = nullptr;
  uint8_t mEncoding = 0;
  std::unique_ptr<RetransmitGuard> mRetransmits;
  uint32_t mPacketsSent = 0;
  uint32_t mOctetsSent = 0;
  uint32_t mLastTimestamp = 0;
};

}  // namespace vicos::sfu
