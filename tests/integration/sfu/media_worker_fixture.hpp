// Test fixture for the media worker over real UDP on 127.0.0.1: two synthetic browsers
// (client::ClientPeer) connect through ICE, DTLS and SRTP and subscribe each other; the
// fixture plays the room layer and drives the worker through posted calls.
#pragma once

#include "sfu/media_worker.hpp"

#include <poll.h>

#include <future>
#include <mutex>
#include <tuple>

#include <gtest/gtest.h>

#include "client/client_peer.hpp"
#include "ice/ice_credentials.hpp"
#include "media/media_profile.hpp"
#include "rtcp/feedback_pli.hpp"
#include "rtcp/feedback_transport_cc.hpp"
#include "rtcp/receiver_report.hpp"
#include "rtp/rtp_extensions.hpp"
#include "stun/stun_builder.hpp"

namespace vicos::sfu::test {

inline constexpr Micros kMs = 1'000;
inline constexpr Micros kDeadline = 5'000 * kMs;
inline const std::string kRoom = "room";

inline std::string midOf(const rtp::RtpView& packet) {
  const auto bytes = rtp::findExtension(packet, media::kExtMid.id);
  const auto mid = bytes ? rtp::readMid(*bytes) : std::nullopt;
  return mid ? std::string(*mid) : std::string();
}

// A forwarded video packet against the one the publisher sent: the consumer renumbers video
// (sequence number, timestamp, VP8 PictureID at payload bytes 2-3, tools/client/media_source.cpp)
// and leaves every other payload byte alone.
inline bool sameVideoPayload(const rtp::RtpView& got, const rtp::RtpView& original) {
  if (got.payload.size() != original.payload.size() || got.payload.size() < 4) return false;
  return std::equal(got.payload.begin(), got.payload.begin() + 2, original.payload.begin()) &&
         std::equal(got.payload.begin() + 4, got.payload.end(), original.payload.begin() + 4);
}

// What one synthetic browser received, decrypted.
struct Recorder : client::ClientListener {
  std::vector<std::vector<uint8_t>> rtp;
  std::vector<std::pair<uint32_t, Micros>> plis;  // media SSRC, arrival
  std::vector<std::vector<uint32_t>> reports;      // the SSRCs of each receiver report's blocks
  std::vector<uint16_t> transportCcReceived;      // sequence numbers transport-cc feedback said arrived
  size_t rembs = 0;                                // REMB packets (PSFB application layer feedback)

  void onRtp(const rtp::RtpView& packet) override { rtp.emplace_back(packet.packet.begin(), packet.packet.end()); }
  void onRtcp(const rtcp::RtcpCompound& compound) override {
    for (const auto& packet : compound)
      if (packet.type == rtcp::kTypePsfb && packet.count == rtcp::kFmtPli) {
        if (const auto pli = rtcp::parsePli(packet)) plis.emplace_back(pli->mediaSsrc, nowMicros());
      } else if (packet.type == rtcp::kTypePsfb && packet.count == rtcp::kFmtAfb) {
        ++rembs;
      }
    for (const auto& packet : compound)
      if (packet.type == rtcp::kTypeRr)
        if (const auto rr = rtcp::parseReceiverReport(packet)) {
          std::vector<uint32_t> ssrcs;
          for (size_t i = 0; i < rr->blocks.count(); ++i) ssrcs.push_back(rr->blocks[i].ssrc);
          reports.push_back(std::move(ssrcs));
        }
    for (const auto& packet : compound)
      if (packet.type == rtcp::kTypeRtpfb && packet.count == rtcp::kFmtTransportCc)
        if (const auto feedback = rtcp::parseTransportCc(packet))
          feedback->forEach([&](const rtcp::TransportCcStatus& status) {
            if (status.received) transportCcReceived.push_back(status.seq);
          });
  }
  size_t plisFor(uint32_t ssrc) const {
    size_t n = 0;
    for (const auto& [s, t] : plis) n += s == ssrc;
    return n;
  }
  // Received packets of one downlink SSRC.
  std::vector<rtp::RtpView> of(uint32_t ssrc) const {
    std::vector<rtp::RtpView> out;
    for (const auto& bytes : rtp)
      if (auto p = rtp::parseRtp(bytes); p && p->ssrc == ssrc) out.push_back(*p);
    return out;
  }
};

struct Participant {
  std::string id;
  Recorder recorder;
  std::unique_ptr<client::ClientPeer> client;
  IceCredentials serverCredentials;
  // Downlink SSRCs under which this participant receives the other's audio and video.
  uint32_t audioDownlink = 0;
  uint32_t videoDownlink = 0;
  uint32_t videoRtx = 0;  // the video downlink's RTX stream, used once setRemote says downlinkRtx
};

// A synthetic browser with fixed uplink SSRCs, not yet known to any worker.
inline std::unique_ptr<Participant> makeClient(const std::string& id, uint32_t audioSsrc, uint32_t videoSsrc) {
  auto p = std::make_unique<Participant>();
  p->id = id;
  client::ClientOptions options;
  options.audioSsrc = audioSsrc;
  options.videoSsrc = videoSsrc;
  p->client = std::make_unique<client::ClientPeer>(options, &p->recorder);
  return p;
}

// What the participant's SDP answer would tell the server.
inline RemoteMediaParams remoteParamsOf(const Participant& p) {
  RemoteMediaParams params;
  params.iceUfrag = p.client->iceCredentials().ufrag;
  params.icePwd = p.client->iceCredentials().pwd;
  params.fingerprintAlgorithm = "sha-256";
  params.fingerprintValue = p.client->fingerprintSha256();
  params.serverIsDtlsClient = false;
  params.setSingleLayerSsrcs(p.client->audioSsrc(), p.client->videoSsrc());
  return params;
}

// Polls the clients until `done` holds or `timeout` passes.
inline bool pumpClients(std::initializer_list<Participant*> participants, const std::function<bool()>& done,
                        Micros timeout = kDeadline) {
  const Micros deadline = nowMicros() + timeout;
  for (;;) {
    if (done()) return true;
    const Micros now = nowMicros();
    if (now >= deadline) return false;
    std::vector<pollfd> fds;
    for (Participant* p : participants)
      if (p && p->client) fds.push_back({p->client->fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), static_cast<int>(std::min<Micros>(10 * kMs, deadline - now) / kMs) + 1);
    for (Participant* p : participants)
      if (p && p->client) p->client->poll(nowMicros());
  }
}

// Sends a packet of `p`'s own audio or video source and returns its plaintext.
inline std::vector<uint8_t> sendFrom(Participant& p, MediaKind kind) {
  std::vector<uint8_t> buf(net::kMaxDatagram);
  const size_t n = kind == MediaKind::Audio ? p.client->audio().writeNext(buf) : p.client->video().writeNext(buf);
  buf.resize(n);
  EXPECT_TRUE(p.client->sendRtp(buf));
  return buf;
}

class MediaWorkerTest : public ::testing::Test {
 public:
  void SetUp() override {
    worker = std::make_unique<MediaWorker>(WorkerOptions{bindIp, 0},
                                           [this](const std::string&, const std::string& id, media::PeerId peer, PeerEvent e) {
                                             std::lock_guard lock(eventsMutex);
                                             events.emplace_back(id, peer, e);
                                           });
    worker->start();
    a = makeParticipant("alice", 0xA0000001, 0xA0000002);
    b = makeParticipant("bob", 0xB0000001, 0xB0000002);
    // Each subscribes the other: audio on mid "2", video on mid "3".
    subscribe(*b, *a);
    subscribe(*a, *b);
    for (Participant* p : {a.get(), b.get()}) setRemote(*p);
    for (Participant* p : {a.get(), b.get()}) connect(*p);
    ASSERT_TRUE(pumpUntil([&] { return a->client->connected() && b->client->connected(); }));
    ASSERT_TRUE(pumpUntil([&] { return connectedEvents() == 2; }));
  }

  void TearDown() override { worker->stop(); }

  // Runs `f` on the worker thread and returns its result.
  template <typename F>
  auto onWorker(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    worker->post([&task] { task(); });
    return result.get();
  }

  std::unique_ptr<Participant> makeParticipant(const std::string& id, uint32_t audioSsrc, uint32_t videoSsrc) {
    auto p = makeClient(id, audioSsrc, videoSsrc);
    p->serverCredentials = ice::generateIceCredentials();
    onWorker([&] { worker->addPeer(kRoom, id, p->serverCredentials, media::PeerId{++nextPeerId}); return 0; });
    return p;
  }

  void subscribe(Participant& subscriber, const Participant& publisher) {
    subscriber.audioDownlink = subscriber.client->audioSsrc() ^ 0x0F0F0000;
    subscriber.videoDownlink = subscriber.client->videoSsrc() ^ 0x0F0F0000;
    subscriber.videoRtx = subscriber.client->videoSsrc() ^ 0x0F0F00F0;
    onWorker([&] {
      // The publisher's audio, and the audio slot that carries it (audio_slot.hpp).
      worker->addDownlink(kRoom, {subscriber.id, publisher.id, MediaKind::Audio, "~" + publisher.id, 0});
      worker->addDownlink(kRoom, {subscriber.id, "", MediaKind::Audio, "2", subscriber.audioDownlink});
      worker->addDownlink(kRoom, {subscriber.id, publisher.id, MediaKind::Video, "3", subscriber.videoDownlink,
                                  subscriber.videoRtx});
      return 0;
    });
  }

  void setRemote(Participant& p, bool downlinkRtx = false) {
    RemoteMediaParams params = remoteParamsOf(p);
    params.downlinkRtx = downlinkRtx;
    onWorker([&] { worker->setRemote(kRoom, p.id, params); return 0; });
  }

  void connect(Participant& p) {
    client::ServerParams server{serverIp, worker->port(), p.serverCredentials.ufrag,
                                p.serverCredentials.pwd, worker->fingerprintSha256()};
    if (overTcp(p)) {  // ICE-TCP to the worker's passive candidate (RFC 6544)
      server.tcp = true;
      server.port = worker->tcpPort();
    }
    ASSERT_TRUE(p.client->connect(server));
  }
  // Whether `p` connects over ICE-TCP instead of UDP.
  virtual bool overTcp(const Participant&) const { return false; }

  size_t connectedEvents() {
    std::lock_guard lock(eventsMutex);
    size_t n = 0;
    for (const auto& [id, peer, e] : events) n += e == PeerEvent::Connected;
    return n;
  }

  // Polls every client until `done` holds or the deadline passes.
  bool pumpUntil(const std::function<bool()>& done, Micros timeout = kDeadline) {
    return pumpClients({a.get(), b.get()}, done, timeout);
  }
  // Keeps the clients running for `duration` (only for checking that something does NOT
  // happen, after a positive condition established that the worker has done its part).
  void pumpFor(Micros duration) { pumpUntil([] { return false; }, duration); }

  DropCounters drops() { return onWorker([&] { return worker->drops(); }); }
  WorkerCounters counters() { return onWorker([&] { return worker->counters(); }); }

  std::vector<uint8_t> send(Participant& p, MediaKind kind) { return sendFrom(p, kind); }

  // Where the worker binds, and the address the clients send to.
  std::string bindIp = "127.0.0.1";
  std::string serverIp = "127.0.0.1";
  std::unique_ptr<MediaWorker> worker;
  std::mutex eventsMutex;
  std::vector<std::tuple<std::string, media::PeerId, PeerEvent>> events;
  uint64_t nextPeerId = 0;
  std::unique_ptr<Participant> a;
  std::unique_ptr<Participant> b;
};

}  // namespace vicos::sfu::test
