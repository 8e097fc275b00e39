// A simulated browser: signaling state, answering, media pacing and receive duties.
#include "loadtest/participant.hpp"

#include <openssl/rand.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "loadtest/answer_builder.hpp"
#include "rtcp/feedback_pli.hpp"
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

client::ClientOptions clientOptions() {
  client::ClientOptions o;
  o.bindIp = "127.0.0.1";
  return o;
}

}  // namespace

Participant::Participant(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                         const ServerAddress& server, ParticipantConfig config)
    : mConfig(std::move(config)), mSignaling(io, tls, server), mPeer(clientOptions(), this),
      mLatency(std::make_unique<LatencyHistogram>()) {
  const int fd = mPeer.fd();
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBuffer, sizeof kReceiveBuffer) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
  mPeer.setReceiveFilter([this](Bytes datagram) { return onSrtpHeader(datagram); });
  if (mConfig.publisher) {
    mAudio.emplace(mPeer.audioSsrc(), randomValue<uint16_t>(), randomValue<uint32_t>());
    const size_t plainSize = mConfig.videoPacketSize - 16;  // AES-GCM tag, the server's preference
    mVideo.emplace(mPeer.videoSsrc(), randomValue<uint16_t>(), randomValue<uint32_t>(),
                   VideoPacketizer::packetsPerFrameFor(mConfig.videoKbps, mConfig.videoPacketSize),
                   plainSize, mConfig.keyframeInterval);
  }
}

Participant::~Participant() = default;

void Participant::setError(std::string what) {
  if (mError.empty()) mError = mConfig.name + ": " + std::move(what);
}

void Participant::start() { mSignaling.start(); }

void Participant::processSignaling(Micros now) {
  if (mSignaling.state() == SignalingClient::State::Failed) {
    setError("signaling: " + mSignaling.error());
    return;
  }
  if (mSignaling.state() == SignalingClient::State::Open && !mJoinSent) {
    mSignaling.send(nlohmann::json{{"type", "join"}, {"version", 1}, {"room", mConfig.room}, {"name", mConfig.name}}.dump());
    mJoinSent = true;
  }
  std::string text;
  while (mSignaling.receive(text)) {
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("type")) {
      setError("server sent a message that is not a JSON object");
      continue;
    }
    const std::string type = json.value("type", "");
    if (type == "offer") {
      onOffer(json.value("sdp", ""), json.value("offerId", uint64_t{0}), now);
    } else if (type == "error") {
      setError("server error " + json.value("code", "") + ": " + json.value("message", ""));
    }
  }
}

void Participant::onOffer(const std::string& text, uint64_t offerId, Micros now) {
  const auto parsed = sdp::parseSessionDescription(text);
  if (const auto* e = std::get_if<sdp::SdpError>(&parsed)) return setError("offer does not parse: " + e->what);
  const auto& offer = std::get<sdp::SessionDescription>(parsed);
  // Keep the statistics of streams that stay; add the new ones.
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
  AnswerParams params;
  params.sessionId = 1000 + offerId;
  params.sessionVersion = offerId;
  params.iceUfrag = mPeer.iceCredentials().ufrag;
  params.icePwd = mPeer.iceCredentials().pwd;
  params.fingerprintSha256 = mPeer.fingerprintSha256();
  params.candidatePort = mPeer.localPort();
  params.audioSsrc = mPeer.audioSsrc();
  params.videoSsrc = mPeer.videoSsrc();
  params.cname = mConfig.name;
  const std::string answer = buildAnswer(offer, params);
  if (answer.empty()) return setError("cannot answer an offer without m-lines");
  mSignaling.send(nlohmann::json{{"type", "answer"}, {"offerId", offerId}, {"sdp", answer}}.dump());
  mAnswered = true;
  if (!mConnectStarted) {
    const auto server = serverParamsFromOffer(offer);
    if (!server) return setError("offer names no usable host candidate, ICE credentials or fingerprint");
    if (!mPeer.connect(*server, now)) return setError("bad server address in the offer");
    mConnectStarted = true;
  }
}

void Participant::poll(Micros now) {
  mNow = now;
  mPeer.poll(now);
  if (mPeer.state() == client::ClientState::Failed) setError("ICE or DTLS failed");
}

bool Participant::ready(size_t expectedDownlinks) const {
  return mPeer.connected() && mAnswered && mStreams.size() >= expectedDownlinks;
}

std::optional<Micros> Participant::sendDueMedia(Micros now) {
  if (!mConfig.publisher || !mPeer.connected()) return std::nullopt;
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
      for (size_t i = 0; i < mVideo->packetsPerFrame(); ++i) {
        const size_t size = mVideo->writeNext(mPlain, now);
        if (size && mPeer.sendRtp(Bytes(mPlain.data(), size))) {
          ++mCounters.packetsSent;
          mCounters.bytesSent += size + mTagLength;
        }
      }
      mNextVideo += VideoPacketizer::kFrameInterval;
    }
  }
  mPeer.flush();
  return mConfig.audioOnly ? mNextAudio : std::min(mNextAudio, mNextVideo);
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
  Downlink& d = it->second;
  ++mCounters.packetsReceived;
  mCounters.bytesReceived += datagram.size();
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
  if (!mVideo) return;
  for (const auto& p : compound) {
    if (p.type != rtcp::kTypePsfb) continue;
    const auto pli = rtcp::parsePli(p);
    if (pli && pli->mediaSsrc == mVideo->ssrc()) {
      mVideo->requestKeyframe();
      ++mCounters.keyframesRequested;
    }
  }
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
  std::string text = mConfig.name + ": " + std::to_string(mStreams.size()) + " downlinks, answered " +
                     (mAnswered ? "yes" : "no") + ", media " + kStates[static_cast<int>(mPeer.state())];
  if (const auto* ice = mPeer.ice())
    text += ", ICE checks " + std::to_string(ice->requestsSent()) + " successes " + std::to_string(ice->successes());
  text += ", STUN ignored " + std::to_string(c.stunIgnored) + ", foreign " + std::to_string(c.foreign);
  return text;
}

void Participant::leave() {
  if (mSignaling.state() == SignalingClient::State::Open) mSignaling.send(R"({"type":"leave"})");
}

}  // namespace vicos::loadtest
