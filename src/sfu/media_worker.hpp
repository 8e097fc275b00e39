// A media worker: one thread, one event loop, one UDP port and its ICE-TCP connections, and
// every peer and router pinned to it. All methods but the constructor, start(), stop() and
// post() run on its thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "dtls/dtls_certificate.hpp"
#include "dtls/dtls_context.hpp"
#include "ice/endpoint.hpp"
#include "net/event_loop.hpp"
#include "net/udp_socket.hpp"
#include "rtcp/feedback_nack.hpp"
#include "sfu/drop_counters.hpp"
#include "sfu/media_plane.hpp"
#include "sfu/peer.hpp"
#include "sfu/relay_ring.hpp"
#include "sfu/router.hpp"
#include "sfu/tcp_connections.hpp"
#include "sfu/transport_registry.hpp"

namespace vicos::sfu {

struct WorkerOptions {
  WorkerOptions() = default;
  WorkerOptions(std::string ip, uint16_t udpPort) : bindIp(std::move(ip)), port(udpPort) {}

  std::string bindIp = "0.0.0.0";
  uint16_t port = 40000;  // 0 picks a free port (tests)
  // ICE-TCP (RFC 6544) on the same port number over TCP (a free one of its own with port 0);
  // sockets handed over from the HTTPS port are taken either way.
  bool tcp = true;
  TcpLimits tcpLimits;
};

struct WorkerCounters {
  uint64_t rtpReceived = 0;
  uint64_t rtpForwarded = 0;
  uint64_t rtpForwardedBytes = 0;  // SRTP, as sent
  uint64_t rtpRelayed = 0;  // copied to another worker's ring
  uint64_t retransmitted = 0;
  uint64_t retransmittedBytes = 0;  // RTP before SRTP
  // NACKed sequence numbers not resent (retransmit_guard.hpp): resent less than
  // kRepeatInterval ago, beyond one NACK's first kMaxPerNack, or over the downlink's budget.
  uint64_t nackRepeats = 0;
  uint64_t nackOverCap = 0;
  uint64_t nackOverBudget = 0;
  uint64_t keyframeRequests = 0;
  uint64_t transportFeedback = 0;  // transport-cc feedback packets sent to publishers
  uint64_t downlinkFeedback = 0;   // transport-cc feedback packets from subscribers, read
  uint64_t probePackets = 0;       // padding sent to probe subscribers' links
};

// The SSRC the server uses as RTCP sender towards publishers (RFC 3550 8: any value not used
// by a stream of that session; browsers' SSRCs are random, collisions only affect reports).
inline constexpr uint32_t kServerSsrc = 0x76696373;  // "vics"

class MediaWorker final : public PeerHost {
 public:
  // `events` is called on the worker thread; the caller re-posts it where it belongs.
  MediaWorker(const WorkerOptions& options, PeerEventHandler events);
  ~MediaWorker() override;

  // Thread control (any thread).
  void start();
  void stop();
  void post(std::function<void()> task) { mLoop.post(std::move(task)); }
  // Called on the worker thread when a room's active speaker changes; set before start().
  void setSpeakerHandler(SpeakerHandler handler) { mSpeakerEvents = std::move(handler); }
  // Called on the worker thread when a publisher should send fewer or more encodings (dynacast);
  // set before start().
  void setLayersHandler(LayersHandler handler) { mLayersEvents = std::move(handler); }

  uint16_t port() const { return mSocket.localPort(); }
  // The ICE-TCP port; 0 when not listening.
  uint16_t tcpPort() const { return mTcp->port(); }
  const std::string& fingerprintSha256() const { return mCertificate.fingerprintSha256(); }

  // Worker thread.
  void addPeer(const std::string& room, const std::string& id, const IceCredentials& credentials,
               media::PeerId peerId);
  void removePeer(const std::string& room, const std::string& id);
  void setRemote(const std::string& room, const std::string& id, const RemoteMediaParams& params);
  void addDownlink(const std::string& room, const Downlink& downlink);
  void removeDownlink(const std::string& room, const std::string& subscriber, const std::string& mid);
  void requestKeyframe(const std::string& room, const std::string& publisher);
  // One encoding's keyframe, asked for by a mirror of it on another worker.
  void requestKeyframe(const std::string& room, const std::string& publisher, MediaKind kind, size_t encoding);
  void setView(const std::string& room, const std::string& subscriber, const DownlinkViews& views);
  void setForwarding(const std::string& room, const std::string& publisher, MediaKind kind, bool allowed);
  // Takes over an ICE-TCP connection accepted on the HTTPS port, with the bytes read from it.
  void adoptTcp(int fd, const std::vector<uint8_t>& firstBytes);

  // A room spread over several workers (media_worker_relay.cpp). On the publisher's worker:
  // copy the publisher's `kind` packets into `ring` for `dest`, under `relayId`.
  void addRelay(const std::string& room, const std::string& publisher, MediaKind kind, uint32_t relayId,
                RelayRing* ring, MediaWorker* dest);
  void removeRelay(const std::string& room, const std::string& publisher, MediaKind kind, uint32_t relayId);
  // On the subscribers' worker: a mirror producer fed from `ring`; keyframe requests for it
  // go to `source`.
  void addMirror(const std::string& room, const std::string& publisher, MediaKind kind, uint32_t relayId,
                 RelayRing* ring, MediaWorker* source);
  void removeMirror(uint32_t relayId);
  // Any thread: packets wait in one of this worker's incoming rings.
  void notifyRelay();

  const DropCounters& drops() const { return mDrops; }
  const WorkerCounters& counters() const { return mCounters; }
  // Tasks posted to this worker and not yet taken up.
  size_t queuedTasks() { return mLoop.queued(); }
  size_t peerCount() const { return mTransports.size(); }
  size_t tupleCount() const { return mTransports.tupleCount(); }
  size_t tcpConnectionCount() const { return mTcp->size(); }
  const TcpCounters& tcpCounters() const { return mTcp->counters(); }

  // Handles one datagram as if received from `from` (the receive loop, and benchmarks).
  void onDatagram(uint8_t* data, size_t size, const ice::Endpoint& from, const sockaddr_storage& local);
  // Sends what onDatagram queued.
  void flush();

 private:
  void onReadable();
  // After a read: send what it queued, wake relay targets, remove failed peers.
  void afterRead();
  void onStun(Bytes packet, const ice::Endpoint& from, const sockaddr_storage& local);
  void removeDoomed();
  void onRtp(Peer& peer, uint8_t* data, size_t size);
  // Sends a received packet of one encoding to the producer's consumers of that encoding here,
  // and to its relays elsewhere.
  void forward(Producer& producer, uint8_t encoding, const rtp::RtpView& packet);
  void onRelayReadable();
  void drainRelays();
  void wakeRelayTargets();
  // A keyframe request from a consumer here reaches the publisher, wherever its peer is.
  void requestKeyframeUpstream(const std::string& room, const std::string& publisher, Producer& producer,
                               size_t encoding);
  void relaySenderReport(Producer& producer, size_t encoding, uint64_t ntp, uint32_t rtpTimestamp);
  void onRtcp(Peer& peer, uint8_t* data, size_t size);
  void onFastTick();
  void onSlowTick();
  void onSpeakerTick();
  void removePeerNow(Peer& peer, PeerEvent reason);

  void sendKeyframeRequest(Peer& publisher, const ProducerEncoding& encoding);
  void onNack(Peer& subscriber, const rtcp::Nack& nack);
  void retransmit(Peer& subscriber, Consumer& consumer, uint16_t sequence);
  void sendTransportFeedback(Peer& peer);
  void chooseLayers(Peer& subscriber);
  // Tells the control thread when the publisher should send fewer or more encodings of a video.
  void updateDynacast(Peer& publisher);
  void armProbeTimer();
  void onProbeTick();
  void sendProbe(Peer& subscriber);
  void sendReports(Peer& peer);
  // Protects `size` bytes of RTCP in the next send slot and queues them for `peer`.
  void sendRtcp(Peer& peer, size_t size);
  // Protects the RTP packet of `length` bytes in the next send slot for `subscriber` and queues
  // it; returns its protected length, or 0 (counted) when SRTP refuses it.
  size_t sendRtp(Peer& subscriber, size_t length);
  // Queues the next send slot's first `length` bytes to the peer's selected pair, from the
  // local address its checks arrive at; a full batch is flushed.
  void queueTo(Peer& peer, size_t length);
  // A packet that is not in a send slot (STUN answers, DTLS) to `to`, over UDP or ICE-TCP.
  void sendPacket(Bytes packet, const ice::Endpoint& to, const sockaddr_storage* from);
  void sendOverTcp(const ice::Endpoint& to, Bytes packet);

  // PeerHost
  void sendDatagram(Peer& peer, Bytes datagram) override;
  void onPeerConnected(Peer& peer) override;
  void onPeerFailed(Peer& peer, const char* reason) override;

  net::EventLoop mLoop;
  net::UdpSocket mSocket;
  std::unique_ptr<net::RecvBatch> mRecv;
  std::unique_ptr<net::SendBatch> mSend;
  std::unique_ptr<TcpConnections> mTcp;
  dtls::DtlsCertificate mCertificate;
  std::unique_ptr<dtls::DtlsContext> mDtlsContext;
  PeerEventHandler mEvents;
  SpeakerHandler mSpeakerEvents;
  LayersHandler mLayersEvents;
  std::thread mThread;

  TransportRegistry mTransports;
  std::map<std::string, Router> mRouters;

  // Relays (a room spread over workers): rings out to other workers, touched in this batch;
  // rings in, drained when mRelayFd fires; mirrors by relay id.
  struct OutLink {
    RelayRing* ring = nullptr;
    MediaWorker* dest = nullptr;
    bool touched = false;
  };
  struct Mirror {
    std::string room;
    std::string publisher;
    MediaKind kind = MediaKind::Audio;
    Producer* producer = nullptr;
    MediaWorker* source = nullptr;
  };
  bool mProbeTimerArmed = false;
  int mRelayFd = -1;
  std::vector<OutLink> mOutLinks;
  std::vector<RelayRing*> mInRings;
  std::unordered_map<uint32_t, Mirror> mMirrors;

  DropCounters mDrops;
  WorkerCounters mCounters;
  uint64_t mLastDropTotal = 0;
  uint64_t mLastRefused = 0;  // NACKed packets not resent, when last summarised
  Micros mNow = 0;
};

}  // namespace vicos::sfu
