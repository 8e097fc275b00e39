// A simulated browser's media half: pacing, receive duties and accounting.
#include "loadtest/participant.hpp"

#include <openssl/rand.h>
#include <sys/socket.h>

#include "loadtest/answer_builder.hpp"
#include "media/media_profile.hpp"
#include "rtcp/feedback_pli.hpp"
#include "rtcp/sender_report.hpp"
#include "rtp/rtp_extensions.hpp"
#include "rtp/vp8_descriptor.hpp"
#include "sdp/session_description.hpp"
#include "srtp/srtp_profile.hpp"

namespace vicos::loadtest {
namespace {

// Browsers repeat a PLI about twice a second while they wait for a keyframe.
constexpr Micros kPliInterval = 500'000;
// Receive buffer of each media socket: the load tool may fall behind for a moment without
// the kernel dropping what the server sent (counted as loss otherwise).
constexpr int kReceiveBuffer = 4 * 1024 * 1024;

template <typename T>
T randomValue() {
  T value{};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1) value = T{1};
  return value;
}

client::ClientOptions clientOptions(const ParticipantConfig& config) {
  client::ClientOptions o;
  o.bindIp = config.bindIp;
  return o;
}

}  // namespace

Participant::Participant(ParticipantConfig config)
    : mConfig(std::move(config)), mPeer(clientOptions(mConfig), this),
      mFeedback(bwe::FeedbackWriterConfig{mPeer.videoSsrc()}), mLatency(std::make_unique<LatencyHistogram>()) {
  if (mConfig.downlinkKbps > 0) mDownlinkCap.emplace(uint64_t{mConfig.downlinkKbps} * 1000);
  const int fd = mPeer.fd();
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBuffer, sizeof kReceiveBuffer) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
  mPeer.setReceiveFilter([this](Bytes datagram) { return onSrtpHeader(datagram); });
  if (mConfig.publisher) {
    mAudio.emplace(mPeer.audioSsrc(), randomValue<uint16_t>(), randomValue<uint32_t>());
    const size_t plainSize = mConfig.videoPacketSize - 16;  // AES-GCM tag, the server's preference
    if (mConfig.simulcast) {
      for (const auto& layer : media::kCameraLayers)
        mVideo.emplace_back(randomValue<uint32_t>(), randomValue<uint16_t>(), randomValue<uint32_t>(),
                            VideoPacketizer::packetsPerFrameFor(layer.maxBitrate / 1000, mConfig.videoPacketSize),
                            plainSize, mConfig.keyframeInterval, std::string(layer.rid));
    } else {
      mVideo.emplace_back(mPeer.videoSsrc(), randomValue<uint16_t>(), randomValue<uint32_t>(),
                          VideoPacketizer::packetsPerFrameFor(mConfig.videoKbps, mConfig.videoPacketSize),
                          plainSize, mConfig.keyframeInterval);
    }
  }
}

Participant::~Participant() = default;

void Participant::setError(std::string what) {
  if (mError.empty()) mError = mConfig.name + ": " + std::move(what);
}

SdpIdentity Participant::sdpIdentity(uint64_t sessionId) const {
  SdpIdentity id;
  id.sessionId = sessionId;
  id.iceUfrag = mPeer.iceCredentials().ufrag;
  id.icePwd = mPeer.iceCredentials().pwd;
  id.fingerprintSha256 = mPeer.fingerprintSha256();
  id.candidateIp = mConfig.bindIp;
  id.candidatePort = mPeer.localPort();
  id.audioSsrc = mPeer.audioSsrc();
  id.videoSsrc = mPeer.videoSsrc();
  id.cname = mConfig.name;
  return id;
}

void Participant::setDownlinks(const sdp::SessionDescription& offer) {
  for (const auto& m : offer.media)
    for (const auto& e : m.extMaps)
      if (e.uri == media::kExtTransportCc.uri) mTransportCcId = static_cast<uint8_t>(e.id);
  const auto offered = offeredStreams(offer);
  for (auto it = mStreams.begin(); it != mStreams.end();)
    it = offered.contains(it->first) ? std::next(it) : mStreams.erase(it);
  for (const auto& [ssrc, stream] : offered) {
    if (mStreams.contains(ssrc)) continue;
    Downlink d;
    d.kind = stream.kind;
    d.stats = StreamStats(stream.kind == sdp::MediaKind::Audio ? 48'000 : 90'000);
    mStreams.emplace(ssrc, d);
  }
}

void Participant::poll(Micros now) {
  mNow = now;
  mPeer.poll(now);
  if (mPeer.state() == client::ClientState::Failed) setError("ICE or DTLS failed");
  sendTransportFeedback(now);
}

// Every 50 ms while packets arrive, as Chromium does; each feedback packet in an SRTCP packet
// of its own (RFC 5506 reduced size).
void Participant::sendTransportFeedback(Micros now) {
  if (mTransportCcId == 0 || !mPeer.connected()) return;
  while (mFeedback.due(now)) {
    const size_t size = mFeedback.writeNext(MutableBytes(mRtcp.data(), mRtcp.size()), now);
    if (size == 0 || !sendRtcp(Bytes(mRtcp.data(), size))) return;
    ++mCounters.feedbackSent;
  }
}

std::optional<Micros> Participant::sendDueMedia(Micros now) {
  if (!mConfig.publisher || !mConfig.sendMedia || !mPeer.connected()) return std::nullopt;
  if (!mMediaStarted) {
    mMediaStarted = true;
    // Spread publishers over the frame interval, as independent browsers would be.
    mNextAudio = now + randomValue<uint16_t>() % AudioPacketizer::kInterval;
    mNextVideo = now + randomValue<uint16_t>() % VideoPacketizer::kFrameInterval;
  }
  if (const auto& keys = mPeer.srtpKeys()) {
    if (const auto profile = srtp::profileFromDtlsId(keys->profileId)) mTagLength = srtp::tagLength(*profile);
  }
  // A loop that fell far behind (a stall) skips ahead instead of bursting.
  constexpr Micros kMaxBehind = 1'000'000;
  if (now - mNextAudio > kMaxBehind) mNextAudio = now;
  if (now - mNextVideo > kMaxBehind) mNextVideo = now;
  while (mNextAudio <= now) {
    const size_t size = mAudio->writeNext(mPlain, now);
    if (size && mPeer.sendRtp(Bytes(mPlain.data(), size))) {
      ++mCounters.packetsSent;
      mCounters.bytesSent += size + mTagLength;
    }
    mNextAudio += AudioPacketizer::kInterval;
  }
  if (!mConfig.audioOnly) {
    while (mNextVideo <= now) {
      for (auto& video : mVideo) {
        for (size_t i = 0; i < video.packetsPerFrame(); ++i) {
          const size_t size = video.writeNext(mPlain, now);
          if (size && mPeer.sendRtp(Bytes(mPlain.data(), size))) {
            ++mCounters.packetsSent;
            mCounters.bytesSent += size + mTagLength;
          }
        }
      }
      mNextVideo += VideoPacketizer::kFrameInterval;
    }
  }
  if (!mConfig.audioOnly && now >= mNextReport) sendSenderReports(now);
  mPeer.flush();
  return mConfig.audioOnly ? mNextAudio : std::min(mNextAudio, mNextVideo);
}

// RFC 3550 6.4.1, once a second as browsers send them for video: the SFU places a simulcast
// layer's timestamps by them when it switches a subscriber to it.
void Participant::sendSenderReports(Micros now) {
  mNextReport = now + 1'000'000;
  const uint64_t ntp = ntpNow();
  for (const auto& video : mVideo) {
    const auto info = video.senderInfo(now, ntp);
    if (!info) continue;
    const size_t size = rtcp::writeSenderReport(MutableBytes(mRtcp.data(), mRtcp.size()), *info, {});
    if (size > 0) sendRtcp(Bytes(mRtcp.data(), size));
  }
}

// Every received SRTP datagram passes here before decryption: the RTP header is clear text
// (RFC 3711 3.1), so loss, jitter and NACKs are accounted for every packet, and only a
// sample (plus everything until a stream's first keyframe) is authenticated and decrypted.
bool Participant::onSrtpHeader(Bytes datagram) {
  if (rtp::isRtcp(datagram)) return false;
  const auto header = rtp::parseRtp(datagram);
  if (!header) return false;  // let the peer count it as malformed
  auto it = mStreams.find(header->ssrc);
  if (it == mStreams.end()) return false;
  // Through the bottleneck first: what it drops never arrived. Packets are handled at once
  // either way; the feedback reports the time they would have arrived. The clock is read per
  // packet: a batch read in one poll must not look like a burst that arrived at once.
  Micros arrival = nowMicros();
  if (mDownlinkCap) {
    const auto leaves = mDownlinkCap->admit(datagram.size() + media::kIpUdpOverhead, arrival);
    if (!leaves) {
      ++mCounters.capDropped;
      return true;
    }
    arrival = *leaves;
  }
  if (mTransportCcId != 0)
    if (const auto ext = rtp::findExtension(*header, mTransportCcId))
      if (const auto seq = rtp::readTransportSeq(*ext)) mFeedback.onPacket(*seq, header->ssrc, arrival);
  Downlink& d = it->second;
  ++mCounters.packetsReceived;
  mCounters.bytesReceived += datagram.size();
  if (!d.stats.isNew(header->sequence)) {
    ++mCounters.repeatsReceived;
    mCounters.repeatBytesReceived += datagram.size();
  }
  std::array<uint16_t, StreamStats::kMaxGap> missing{};
  const size_t gap = d.stats.onPacket(header->sequence, header->timestamp, mNow, missing);
  // RFC 4585 6.2.1: a browser asks again for the video packets it missed.
  if (gap > 0 && d.kind == sdp::MediaKind::Video &&
      mPeer.sendNack(header->ssrc, std::span<const uint16_t>(missing.data(), gap)))
    ++mCounters.nacksSent;
  if (!d.keyframeSeen && d.kind == sdp::MediaKind::Video) return false;
  return (d.sampleCounter++ % mConfig.decryptSample) != 0;
}

void Participant::onRtp(const rtp::RtpView& packet) {
  auto it = mStreams.find(packet.ssrc);
  if (it == mStreams.end()) return;
  Downlink& d = it->second;
  if (mMeasuring) {
    if (const auto sent = readProbe(packet.payload)) mLatency->add(mNow - *sent);
  }
  if (d.kind != sdp::MediaKind::Video || d.keyframeSeen) return;
  if (rtp::isVp8Keyframe(packet.payload)) {
    d.keyframeSeen = true;
  } else if (mNow - d.lastPli >= kPliInterval) {
    // RFC 4585 6.3.1: no decodable picture yet, so ask the sender for a keyframe.
    if (mPeer.sendPli(packet.ssrc)) ++mCounters.plisSent;
    d.lastPli = mNow;
  }
}

void Participant::onRtcp(const rtcp::RtcpCompound& compound) {
  for (const auto& p : compound) {
    if (p.type != rtcp::kTypePsfb) continue;
    const auto pli = rtcp::parsePli(p);
    for (auto& video : mVideo) {
      if (pli && pli->mediaSsrc == video.ssrc()) {
        video.requestKeyframe();
        ++mCounters.keyframesRequested;
      }
    }
  }
}

std::vector<ReceivedVideo> Participant::receivedVideo() const {
  std::vector<ReceivedVideo> out;
  for (const auto& [ssrc, d] : mStreams)
    if (d.kind == sdp::MediaKind::Video && d.stats.started())
      out.push_back({ssrc, d.stats.highestSequence()});
  return out;
}

bool Participant::sendRtcp(Bytes plaintext) {
  if (!mPeer.sendRtcp(plaintext)) return false;
  mPeer.flush();
  return true;
}

void Participant::startInterval() {
  for (auto& [ssrc, d] : mStreams) d.stats.startInterval();
  mLatency->clear();
}

ReceiveTotals Participant::receiveTotals() const {
  ReceiveTotals t;
  for (const auto& [ssrc, d] : mStreams) {
    if (!d.stats.started() || d.stats.expected() == 0) continue;
    t.expected += d.stats.expected();
    t.lost += d.stats.lost();
    t.jitterSumMicros += d.stats.jitterMicros();
    ++t.streamsWithMedia;
  }
  return t;
}

std::string Participant::describe() const {
  static constexpr const char* kStates[] = {"new", "checking", "handshaking", "connected", "failed", "closed"};
  const auto& c = mPeer.counters();
  std::string text = mConfig.name + ": " + std::to_string(mStreams.size()) + " of " +
                     std::to_string(mConfig.expectedDownlinks) + " downlinks, media " +
                     kStates[static_cast<int>(mPeer.state())];
  if (const auto* ice = mPeer.ice())
    text += ", ICE checks " + std::to_string(ice->requestsSent()) + " successes " + std::to_string(ice->successes());
  text += ", STUN ignored " + std::to_string(c.stunIgnored) + ", checks answered " +
          std::to_string(c.checksAnswered) + ", foreign " + std::to_string(c.foreign);
  return text;
}

}  // namespace vicos::loadtest
