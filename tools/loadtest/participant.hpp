// One simulated browser's media half, whatever server it talks to: its transport
// (vicos::client::ClientPeer), what it sends as a publisher, and the receive duties and
// accounting of every downlink (loss, jitter, latency, NACK, PLI). Subclasses add the
// server's signaling (VicosParticipant, JanusParticipant).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bwe/feedback_writer.hpp"
#include "client/client_peer.hpp"
#include "loadtest/link_cap.hpp"
#include "loadtest/load_media.hpp"
#include "loadtest/sdp_identity.hpp"
#include "loadtest/stream_stats.hpp"
#include "sdp/session_description.hpp"

namespace vicos::loadtest {

struct ParticipantConfig {
  std::string room;
  std::string name;
  bool publisher = true;
  bool audioOnly = false;
  bool sendMedia = true;  // false: connected and negotiated, silent (the idle cost)
  uint32_t videoKbps = 1000;
  // The camera as the profile's simulcast layers (media::kCameraLayers: their rids, and each
  // layer's bit rate cap instead of videoKbps); needs a server with media.simulcast on.
  bool simulcast = false;
  size_t videoPacketSize = 1200;  // SRTP size on the wire
  Micros keyframeInterval = 10'000'000;
  uint32_t decryptSample = 1;  // decrypt 1 of N received packets (headers are counted all)
  size_t expectedDownlinks = 0;  // streams to receive before the participant is ready
  std::string bindIp = "127.0.0.1";
  // The downlink through an emulated bottleneck of this many kbit/s (LinkCap); 0: none.
  uint32_t downlinkKbps = 0;
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
  // Packets no newer than their stream's highest so far: retransmissions, mostly.
  uint64_t repeatsReceived = 0;
  uint64_t repeatBytesReceived = 0;
  uint64_t feedbackSent = 0;  // transport-cc feedback packets
  uint64_t capDropped = 0;    // lost in the emulated downlink bottleneck
};

// A video stream this participant receives, as far as it got.
struct ReceivedVideo {
  uint32_t ssrc = 0;
  uint16_t highestSequence = 0;
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
  explicit Participant(ParticipantConfig config);
  ~Participant() override;
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;

  // ---- signaling, by subclass ----
  // Opens the signaling; joining follows from processSignaling().
  virtual void start() = 0;
  // Handles the signaling that arrived (offers are answered at once).
  virtual void processSignaling(Micros now) = 0;
  // Connected, signaling done and the expected downlinks present.
  virtual bool ready() const = 0;
  virtual void leave() = 0;
  // Where a participant that is not ready got stuck, for the error message.
  virtual std::string describe() const;

  // The media socket is readable, or a timer is due.
  void poll(Micros now);
  std::optional<Micros> nextTimerDue(Micros now) const { return mPeer.nextTimeout(now); }
  int fd() const { return mPeer.fd(); }

  // Publishers: sends the audio and video packets due at `now`; returns when next is due.
  std::optional<Micros> sendDueMedia(Micros now);

  bool failed() const { return !mError.empty(); }
  const std::string& error() const { return mError; }
  const ParticipantConfig& config() const { return mConfig; }
  size_t downlinks() const { return mStreams.size(); }
  // The video streams that have carried packets so far.
  std::vector<ReceivedVideo> receivedVideo() const;
  // Protects and sends a plaintext RTCP compound at once; false when not connected.
  bool sendRtcp(Bytes plaintext);

  // Starts the measured interval (loss and latency count from here).
  void startInterval();
  void setMeasuring(bool measuring) { mMeasuring = measuring; }
  const TrafficCounters& counters() const { return mCounters; }
  ReceiveTotals receiveTotals() const;
  const LatencyHistogram& latency() const { return *mLatency; }

 protected:
  void setError(std::string what);
  // The downlinks become the streams `offer` sends; statistics of those that stay are kept.
  void setDownlinks(const sdp::SessionDescription& offer);
  bool mediaReady() const { return mPeer.connected() && mStreams.size() >= mConfig.expectedDownlinks; }
  // This participant as its offers and answers describe it.
  SdpIdentity sdpIdentity(uint64_t sessionId) const;

  ParticipantConfig mConfig;
  client::ClientPeer mPeer;

 private:
  struct Downlink {
    sdp::MediaKind kind = sdp::MediaKind::Audio;
    StreamStats stats;
    bool keyframeSeen = false;
    Micros lastPli = 0;
    uint64_t sampleCounter = 0;
  };

  bool onSrtpHeader(Bytes datagram);  // the ClientPeer's receive filter
  void sendTransportFeedback(Micros now);
  void sendSenderReports(Micros now);
  void onRtp(const rtp::RtpView& packet) override;
  void onRtcp(const rtcp::RtcpCompound& compound) override;

  std::string mError;
  std::unordered_map<uint32_t, Downlink> mStreams;  // by downlink SSRC
  // Transport-cc, as a browser: the offer's extension id (0: not offered), and the feedback
  // on every numbered packet that arrives (draft-holmer-rmcat-transport-wide-cc-extensions-01).
  uint8_t mTransportCcId = 0;
  bwe::FeedbackWriter mFeedback;
  std::optional<LinkCap> mDownlinkCap;
  size_t mTagLength = 16;
  Micros mNow = 0;
  bool mMeasuring = false;
  TrafficCounters mCounters;
  std::unique_ptr<LatencyHistogram> mLatency;

  // Publisher state
  std::optional<AudioPacketizer> mAudio;
  std::vector<VideoPacketizer> mVideo;  // one, or a simulcast layer each
  Micros mNextAudio = 0;
  Micros mNextVideo = 0;
  Micros mNextReport = 0;  // sender reports on the video streams, once a second
  bool mMediaStarted = false;
  std::array<uint8_t, net::kMaxDatagram> mPlain{};
  std::array<uint8_t, net::kMaxDatagram> mRtcp{};
};

}  // namespace vicos::loadtest
