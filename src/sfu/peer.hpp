// One participant's media transport on a worker: ICE-lite, DTLS, SRTP in both directions,
// the three uplink producers (mids 0, 1, 2) and their encodings and the downlink consumers (the transport chain ICE → DTLS → SRTP).
#pragma once

#include <netinet/in.h>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "bwe/feedback_writer.hpp"
#include "dtls/dtls_transport.hpp"
#include "ice/ice_lite_server.hpp"
#include "sfu/audio_slot.hpp"
#include "sfu/consumer.hpp"
#include "sfu/downlink_estimate.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/producer.hpp"
#include "sfu/uplink_demux.hpp"
#include "srtp/srtp_session.hpp"

namespace vicos::sfu {

class Peer;

// What a peer needs from its worker.
class PeerHost {
 public:
  virtual ~PeerHost() = default;
  virtual void sendDatagram(Peer& peer, Bytes datagram) = 0;
  virtual void onPeerConnected(Peer& peer) = 0;
  virtual void onPeerFailed(Peer& peer, const char* reason) = 0;
};

class Peer : private dtls::DtlsListener {
 public:
  static constexpr size_t kMaxOutboundStreams = 1024;

  Peer(std::string room, std::string id, media::PeerId peerId, const IceCredentials& local,
       dtls::DtlsContext& dtls, PeerHost& host, Micros now);
  ~Peer() override;

  const std::string& room() const { return mRoom; }
  const std::string& id() const { return mId; }
  media::PeerId peerId() const { return mPeerId; }
  ice::IceLiteServer& ice() { return mIce; }

  // Where we send: the pair ICE chose, while it has consent (ice::CandidatePairs).
  const std::optional<ice::Endpoint>& sendTuple() const { return mIce.sendTuple(); }
  // The local address we send from: where the checks from sendTuple() arrive (on a socket bound
  // to a wildcard address; AF_UNSPEC otherwise, and the kernel chooses).
  const sockaddr_storage* sendFrom() const { return &mSendFrom; }
  void setSendFrom(const sockaddr_storage& local) { mSendFrom = local; }

  void setRemote(const RemoteMediaParams& params, Micros now);
  void onDtls(Bytes datagram);
  void onDtlsTimer(Micros now);
  bool dtlsActive() const;
  // After the handshake: inbound (their keys) and outbound (ours) SRTP.
  srtp::SrtpSession* srtpIn() const { return mSrtpIn.get(); }
  srtp::SrtpSession* srtpOut() const { return mSrtpOut.get(); }
  bool canSend() const { return mSrtpOut && sendTuple(); }

  Producer& producer(MediaKind kind) { return mProducers[static_cast<size_t>(kind)]; }
  // The uplink, encoding and stream a packet belongs to (uplink_demux.hpp; the uplink's index is
  // its MediaKind), or why it belongs to none.
  std::variant<UplinkStream, Drop> classify(const rtp::RtpView& packet) { return mDemux.classify(packet); }

  // Transport-cc feedback on what this peer sends us (draft-holmer-rmcat-transport-wide-cc-
  // extensions-01): made on the first packet that carries a transport-wide sequence number.
  bwe::FeedbackWriter& transportFeedback(uint32_t senderSsrc);
  bwe::FeedbackWriter* transportFeedbackIfAny() const { return mTransportFeedback.get(); }

  // What we send this peer: transport-wide numbers and the estimate from its feedback.
  DownlinkEstimate& downlink() { return mDownlink; }
  const DownlinkEstimate& downlink() const { return mDownlink; }

  // `rtxSsrc`: a video downlink's RTX stream (0: none).
  Consumer& addConsumer(std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc, uint32_t rtxSsrc = 0);
  // Whether the answer took RTX on video downlinks: retransmissions then go as RTX (RFC 4588).
  bool downlinkRtx() const { return mDownlinkRtx; }
  // Returns the removed consumer's producer (to detach it), if any.
  void removeConsumer(const std::string& mid);
  Consumer* consumerBySsrc(uint32_t ssrc);
  const std::vector<std::unique_ptr<Consumer>>& consumers() const { return mConsumers; }

  // The audio m-lines that carry the loudest of the publishers it may hear (audio_slot.hpp);
  // each of its audio consumers forwards only while a slot carries it.
  void addAudioSlot(std::string mid, uint32_t ssrc);
  // Whether there was a slot on `mid`.
  bool removeAudioSlot(const std::string& mid);
  std::span<AudioSlot> audioSlots() { return mAudioSlots; }
  // The slot that carries `source` now (nullptr: a free one), if any.
  AudioSlot* slotCarrying(AudioSource source);

 private:
  void declareUplink(uint8_t uplink, const std::vector<UplinkEncoding>& encodings);
  void onDtlsSend(Bytes datagram) override;
  void onDtlsConnected(const dtls::SrtpKeys& keys) override;
  void onDtlsFailed(const char* reason) override;
  void onDtlsClosed() override;

  std::string mRoom;
  std::string mId;
  media::PeerId mPeerId;
  ice::IceLiteServer mIce;
  sockaddr_storage mSendFrom{};
  dtls::DtlsContext& mDtlsContext;
  PeerHost& mHost;
  std::unique_ptr<dtls::DtlsTransport> mDtls;
  std::unique_ptr<srtp::SrtpSession> mSrtpIn;
  std::unique_ptr<srtp::SrtpSession> mSrtpOut;
  UplinkDemux mDemux;
  std::array<Producer, 3> mProducers{Producer(MediaKind::Audio), Producer(MediaKind::Video),
                                     Producer(MediaKind::Screen)};
  std::vector<std::unique_ptr<Consumer>> mConsumers;
  std::vector<AudioSlot> mAudioSlots;
  std::unique_ptr<bwe::FeedbackWriter> mTransportFeedback;
  DownlinkEstimate mDownlink;
  bool mDownlinkRtx = false;
};

}  // namespace vicos::sfu
