// A synthetic browser towards the SFU: one UDP socket (or one ICE-TCP connection), an ICE agent (controlling
// towards vicos; either role towards a full agent such as Janus), DTLS in either role, SRTP both ways, and
// helpers to send audio, video and RTCP feedback. It is driven by its caller (poll() when the socket is
// readable or nextTimeout() is due), answers nothing on its own, and allocates nothing per packet once
// connected. Used by tests and by the load-test tool; it knows nothing of sfu/ or room/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "client/framed_tcp.hpp"
#include "client/ice_agent.hpp"
#include "client/media_source.hpp"
#include "client/simulcast_source.hpp"
#include "dtls/dtls_certificate.hpp"
#include "dtls/dtls_context.hpp"
#include "dtls/dtls_transport.hpp"
#include "ice/ice_credentials.hpp"
#include "net/udp_socket.hpp"
#include "rtcp/rtcp_compound.hpp"
#include "rtp/rtp_packet.hpp"
#include "srtp/srtp_session.hpp"

namespace vicos::client {

// What the server's offer says about itself.
struct ServerParams {
  std::string ip = "127.0.0.1";
  uint16_t port = 0;
  std::string iceUfrag;
  std::string icePwd;
  std::string fingerprintSha256;  // "AB:CD:..."
  // RFC 8445 6.1.1: against an ICE-lite server, or as offerer, the client controls; as the
  // answerer to a full agent's offer (Janus) it is controlled.
  bool iceControlling = true;
  // RFC 8842 5.3 / 4145 4: setup:active makes the client the DTLS client (vicos, and Janus's
  // offers answered active); Janus answering our actpass with active makes us the server.
  bool dtlsClient = true;
  // ICE-TCP (RFC 6544): connect to ip:port over TCP, as to a passive candidate, instead of UDP.
  bool tcp = false;
};

struct ClientOptions {
  std::string bindIp = "127.0.0.1";
  uint32_t audioSsrc = 0;  // 0: random
  uint32_t videoSsrc = 0;
  size_t videoPacketSize = VideoSource::kDefaultPacketSize;
};

enum class ClientState { New, Checking, Handshaking, Connected, Failed, Closed };

// Media and feedback received; views are valid during the call only.
class ClientListener {
 public:
  virtual ~ClientListener() = default;
  virtual void onRtp(const rtp::RtpView& /*packet*/) {}
  virtual void onRtcp(const rtcp::RtcpCompound& /*compound*/) {}
};

struct ClientCounters {
  uint64_t rtpSent = 0;
  uint64_t rtcpSent = 0;
  uint64_t rtpReceived = 0;
  uint64_t rtcpReceived = 0;
  uint64_t srtpFailures = 0;    // unprotect refused (auth, replay)
  uint64_t malformed = 0;       // parsed badly after decryption, or unknown first byte
  uint64_t foreign = 0;         // from an address other than the server's
  uint64_t filtered = 0;        // dropped by the receive filter (simulated loss)
  uint64_t stunIgnored = 0;     // STUN that was not an authentic answer to our check
  uint64_t checksAnswered = 0;  // the peer's Binding requests we answered
};

class ClientPeer : private dtls::DtlsListener {
 public:
  // Binds a socket on bindIp, port 0; makes a certificate and ICE credentials. Throws
  // std::runtime_error when any of that fails (set-up path only).
  explicit ClientPeer(const ClientOptions& options = {}, ClientListener* listener = nullptr);
  ~ClientPeer() override;
  ClientPeer(const ClientPeer&) = delete;
  ClientPeer& operator=(const ClientPeer&) = delete;

  // What the browser's answer would carry.
  const ice::IceCredentials& iceCredentials() const { return mCredentials; }
  const std::string& fingerprintSha256() const { return mCertificate.fingerprintSha256(); }
  uint32_t audioSsrc() const { return mAudio.ssrc(); }
  uint32_t videoSsrc() const { return mVideo.ssrc(); }
  uint16_t localPort() const { return mSocket.localPort(); }
  // The socket to wait on: the UDP one, or the ICE-TCP connection once connect() made it.
  int fd() const { return mTcp ? mTcp->fd() : mSocket.fd(); }

  // Starts ICE checks towards the server; as DTLS client the handshake follows the first
  // successful check, as DTLS server it waits for the peer's ClientHello from the start.
  // False when the server address does not parse.
  bool connect(const ServerParams& server, Micros now = nowMicros());
  // Reads every datagram waiting, runs due timers, sends what is queued.
  void poll(Micros now = nowMicros());
  // When poll() must run even without input; empty when nothing is scheduled.
  std::optional<Micros> nextTimeout(Micros now) const;

  ClientState state() const { return mState; }
  bool connected() const { return mState == ClientState::Connected; }
  const IceAgent* ice() const { return mIce.get(); }
  // Stops ICE consent checks (a browser that vanished); media may still be sent.
  void stopIce() {
    if (mIce) mIce->stop();
  }

  // ---- sending; queued until flush() or poll(). False when not connected or refused. ----
  bool sendAudio();
  bool sendVideo();
  // Instead of sendVideo(): the next packet of the simulcast camera on mid 1 (SimulcastSource).
  bool sendSimulcast();
  AudioSource& audio() { return mAudio; }
  VideoSource& video() { return mVideo; }
  SimulcastSource& simulcast() { return mSimulcast; }
  // Protects a copy of plaintext RTP and queues it.
  bool sendRtp(Bytes plaintext);
  // Protects plaintext RTP from `in` into `out` without sending (benchmarks feed the server
  // directly); returns the SRTP size, 0 on failure.
  size_t protectRtp(Bytes plaintext, MutableBytes out);
  // Protects a copy of a plaintext RTCP compound and queues it.
  bool sendRtcp(Bytes plaintext);
  bool sendPli(uint32_t mediaSsrc);
  bool sendNack(uint32_t mediaSsrc, std::span<const uint16_t> lost);
  // Queues bytes exactly as given (malformed-input tests).
  void sendRaw(Bytes datagram);
  void flush();

  // ---- receiving ----
  // Called with each SRTP datagram before decryption; returning true drops it (loss
  // simulation). Set it before the traffic it should see.
  void setReceiveFilter(std::function<bool(Bytes)> filter) { mFilter = std::move(filter); }
  // The keys DTLS produced (tests decrypt dropped packets with a session of their own).
  const std::optional<dtls::SrtpKeys>& srtpKeys() const { return mKeys; }
  const ClientCounters& counters() const { return mCounters; }

 private:
  void onDatagram(uint8_t* data, size_t size, Micros now);
  void onStun(Bytes packet, Micros now);
  void onSrtp(uint8_t* data, size_t size, bool isRtcp);
  void runTimers(Micros now);
  bool queue(size_t size);

  // DtlsListener
  void onDtlsSend(Bytes datagram) override;
  void onDtlsConnected(const dtls::SrtpKeys& keys) override;
  void onDtlsFailed(const char* reason) override;
  void onDtlsClosed() override;

  ClientListener* mListener;
  net::UdpSocket mSocket;
  std::unique_ptr<FramedTcp> mTcp;  // ServerParams::tcp
  std::unique_ptr<net::RecvBatch> mRecv;
  std::unique_ptr<net::SendBatch> mSend;
  dtls::DtlsCertificate mCertificate;
  std::unique_ptr<dtls::DtlsContext> mDtlsContext;
  ice::IceCredentials mCredentials;
  AudioSource mAudio;
  VideoSource mVideo;
  SimulcastSource mSimulcast;

  ClientState mState = ClientState::New;
  sockaddr_storage mServer{};
  socklen_t mServerLength = 0;
  std::unique_ptr<IceAgent> mIce;
  std::unique_ptr<dtls::DtlsTransport> mDtls;
  std::string mServerFingerprint;
  std::optional<dtls::SrtpKeys> mKeys;
  std::unique_ptr<srtp::SrtpSession> mSrtpIn;
  std::unique_ptr<srtp::SrtpSession> mSrtpOut;
  std::function<bool(Bytes)> mFilter;
  ClientCounters mCounters;
};

}  // namespace vicos::client
