// One simulated browser in a vicos meeting: its signaling socket (join, answer every offer),
// its media transport (vicos::client::ClientPeer), what it sends as a publisher, and the
// receive duties and accounting of every downlink (loss, jitter, latency, NACK, PLI).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "client/client_peer.hpp"
#include "loadtest/load_media.hpp"
#include "loadtest/signaling_client.hpp"
#include "loadtest/stream_stats.hpp"
#include "sdp/session_description.hpp"

namespace vicos::loadtest {

struct ParticipantConfig {
  std::string room;
  std::string name;
  bool publisher = true;
  bool audioOnly = false;
  uint32_t videoKbps = 1000;
  size_t videoPacketSize = 1200;  // SRTP size on the wire
  Micros keyframeInterval = 10'000'000;
  uint32_t decryptSample = 1;  // decrypt 1 of N received packets (headers are counted all)
};

// Counters that only grow; the report takes differences over the measured interval.
struct TrafficCounters {
  uint64_t packetsSent = 0;
  uint64_t bytesSent = 0;
  uint64_t packetsReceived = 0;
  uint64_t bytesReceived = 0;
  uint64_t nacksSent = 0;
  uint64_t plisSent = 0;
  uint64_t keyframesRequested = 0;  // PLIs the publisher received
};

// Loss of one participant's downlinks over the interval.
struct ReceiveTotals {
  uint64_t expected = 0;
  uint64_t lost = 0;
  double jitterSumMicros = 0;
  size_t streamsWithMedia = 0;
};

class Participant : private client::ClientListener {
 public:
  Participant(boost::asio::io_context& io, boost::asio::ssl::context& tls,
              const ServerAddress& server, ParticipantConfig config);
  ~Participant() override;

  // Opens the signaling socket; `join` goes out once it is open.
  void start();
  // Handles the signaling messages that arrived (offers are answered at once).
  void processSignaling(Micros now);
  // The media socket is readable, or a timer is due.
  void poll(Micros now);
  std::optional<Micros> nextTimerDue(Micros now) const { return mPeer.nextTimeout(now); }
  int fd() const { return mPeer.fd(); }

  // Publishers: sends the audio and video packets due at `now`; returns when next is due.
  std::optional<Micros> sendDueMedia(Micros now);

  // Connected, every offer answered and the expected downlinks present.
  bool ready(size_t expectedDownlinks) const;
  bool failed() const { return !mError.empty(); }
  const std::string& error() const { return mError; }
  const ParticipantConfig& config() const { return mConfig; }
  size_t downlinks() const { return mStreams.size(); }
  // Where a participant that is not ready got stuck, for the error message.
  std::string describe() const;

  // Starts the measured interval (loss and latency count from here).
  void startInterval();
  void setMeasuring(bool measuring) { mMeasuring = measuring; }
  const TrafficCounters& counters() const { return mCounters; }
  ReceiveTotals receiveTotals() const;
  const LatencyHistogram& latency() const { return *mLatency; }
  void leave();

 private:
  struct Downlink {
    sdp::MediaKind kind = sdp::MediaKind::Audio;
    StreamStats stats;
    bool keyframeSeen = false;
    Micros lastPli = 0;
    uint64_t sampleCounter = 0;
  };

  void onOffer(const std::string& sdp, uint64_t offerId, Micros now);
  bool onSrtpHeader(Bytes datagram);  // the ClientPeer's receive filter
  void onRtp(const rtp::RtpView& packet) override;
  void onRtcp(const rtcp::RtcpCompound& compound) override;
  void setError(std::string what);

  ParticipantConfig mConfig;
  SignalingClient mSignaling;
  client::ClientPeer mPeer;
  bool mJoinSent = false;
  bool mOfferOutstanding = false;  // received, not yet answered (never long: answered at once)
  bool mAnswered = false;
  bool mConnectStarted = false;
  std::string mError;
  std::unordered_map<uint32_t, Downlink> mStreams;  // by downlink SSRC
  size_t mTagLength = 16;
  Micros mNow = 0;
  bool mMeasuring = false;
  TrafficCounters mCounters;
  std::unique_ptr<LatencyHistogram> mLatency;

  // Publisher state
  std::optional<AudioPacketizer> mAudio;
  std::optional<VideoPacketizer> mVideo;
  Micros mNextAudio = 0;
  Micros mNextVideo = 0;
  bool mMediaStarted = false;
  std::array<uint8_t, net::kMaxDatagram> mPlain{};
};

}  // namespace vicos::loadtest
