// The load tool's single-threaded loop: signaling through a polled io_context, media
// sockets through epoll, publishers paced by their own schedule.
#include "loadtest/scenario.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include "loadtest/janus_participant.hpp"
#include "loadtest/nack_flood.hpp"
#include "loadtest/vicos_participant.hpp"
#include "media/media_profile.hpp"

namespace vicos::loadtest {
namespace {

constexpr Micros kSecond = 1'000'000;
// The longest the loop sleeps: signaling and protocol timers are looked at this often.
constexpr Micros kMaxSleep = 2'000;

std::string isoDate() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

class Loop {
 public:
  Loop(std::vector<std::unique_ptr<Participant>>& participants, boost::asio::io_context& io,
       std::function<void(Micros)> housekeeping)
      : mParticipants(participants), mIo(io), mHousekeeping(std::move(housekeeping)),
        mEpoll(::epoll_create1(EPOLL_CLOEXEC)) {
    for (size_t i = 0; i < participants.size(); ++i) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      ::epoll_ctl(mEpoll, EPOLL_CTL_ADD, participants[i]->fd(), &ev);
    }
  }
  ~Loop() { ::close(mEpoll); }

  // Runs until `until`, or until `done()` holds (checked with the timers).
  template <typename Done>
  void run(Micros until, Done done) {
    Micros nextHousekeeping = 0;
    for (;;) {
      Micros now = nowMicros();
      if (now >= until) return;
      Micros wake = std::min(until, now + kMaxSleep);
      for (auto& p : mParticipants) {
        if (const auto next = p->sendDueMedia(now)) wake = std::min(wake, *next);
      }
      if (now >= nextHousekeeping) {
        nextHousekeeping = now + kMaxSleep;
        mIo.poll();
        if (mHousekeeping) mHousekeeping(now);
        for (auto& p : mParticipants) {
          p->processSignaling(now);
          const auto due = p->nextTimerDue(now);
          if (due && *due <= now) p->poll(now);
        }
        if (done()) return;
      }
      now = nowMicros();
      const Micros sleep = std::max<Micros>(0, wake - now);
      const timespec timeout{static_cast<time_t>(sleep / kSecond), static_cast<long>(sleep % kSecond) * 1000};
      const int n = ::epoll_pwait2(mEpoll, mEvents.data(), static_cast<int>(mEvents.size()), &timeout, nullptr);
      now = nowMicros();
      for (int i = 0; i < n; ++i) mParticipants[mEvents[i].data.u64]->poll(now);
    }
  }

 private:
  std::vector<std::unique_ptr<Participant>>& mParticipants;
  boost::asio::io_context& mIo;
  std::function<void(Micros)> mHousekeeping;
  int mEpoll;
  std::array<epoll_event, 256> mEvents{};
};

}  // namespace

RunResult runScenario(const Options& o) {
  RunResult result;
  result.date = isoDate();
  result.target = o.target == Target::Janus ? "janus" : "vicos";
  result.rooms = o.rooms;
  result.publishers = o.publishers;
  result.subscribers = o.subscribers;
  result.audioOnly = o.audioOnly;
  result.idle = o.idle;
  result.videoKbps = o.audioOnly ? 0 : o.videoKbps;
  if (o.simulcast && !o.audioOnly) {
    result.simulcast = true;
    result.videoKbps = 0;
    for (const auto& layer : media::kCameraLayers) result.videoKbps += layer.maxBitrate / 1000;
  }
  result.decryptSample = o.decryptSample;
  result.downlinkKbps = o.downlinkKbps;
  const uint32_t perRoom = o.publishers + o.subscribers;
  result.participantsTotal = o.rooms * perRoom;

  auto address = parseServerUrl(o.server);
  if (!address) {
    result.error = "cannot parse --server " + o.server;
    return result;
  }
  if (o.target == Target::Janus) address->subprotocol = "janus-protocol";
  boost::asio::io_context io;
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
  if (o.insecure) {
    tls.set_verify_mode(boost::asio::ssl::verify_none);
  } else {
    tls.set_default_verify_paths();
    tls.set_verify_mode(boost::asio::ssl::verify_peer);
  }

  std::vector<std::unique_ptr<Participant>> participants;
  std::unique_ptr<JanusRun> janus;
  const std::string prefix = o.roomPrefix + "-" + std::to_string(::getpid());
  // vicos offers a video m-line for every other participant, and the audio of the publishers
  // through at most media::kAudioSlots audio slots (docs/protocol.md "Media model").
  const auto streamsFrom = [&](uint32_t publishers) {
    return (o.audioOnly ? 0 : size_t{publishers}) + std::min<size_t>(media::kAudioSlots, publishers);
  };
  for (uint32_t r = 0; r < o.rooms; ++r) {
    for (uint32_t i = 0; i < perRoom; ++i) {
      ParticipantConfig c;
      c.room = prefix + "-" + std::to_string(r);
      c.publisher = i < o.publishers;
      c.name = std::string(c.publisher ? "pub" : "sub") + "-" + std::to_string(r) + "-" + std::to_string(i);
      c.audioOnly = o.audioOnly;
      c.sendMedia = !o.idle;
      c.videoKbps = o.videoKbps;
      c.simulcast = o.simulcast;
      c.downlinkKbps = c.publisher ? 0 : o.downlinkKbps;
      c.videoPacketSize = o.packetSize;
      c.keyframeInterval = static_cast<Micros>(o.keyframeSeconds) * kSecond;
      c.decryptSample = std::max<uint32_t>(1, o.decryptSample);
      c.bindIp = o.bindIp;
      if (o.target == Target::Vicos) {
        c.expectedDownlinks = streamsFrom(c.publisher ? o.publishers - 1 : o.publishers);
        participants.push_back(std::make_unique<VicosParticipant>(io, tls, *address, c));
      }
    }
  }
  if (o.target == Target::Janus) {
    janus = std::make_unique<JanusRun>(io, tls, *address, o, participants);
  }
  std::unique_ptr<NackFlood> flood;
  Loop loop(participants, io, [&](Micros now) {
    if (janus) janus->process(now);
    if (flood) flood->run(now);
  });

  // Set-up: everyone joins; done when every peer is connected and has all its downlinks.
  const double setupSeconds = o.setupTimeout > 0 ? o.setupTimeout : 20 + 0.1 * result.participantsTotal;
  const Micros setupEnd = nowMicros() + static_cast<Micros>(setupSeconds * kSecond);
  if (janus) janus->start();
  for (auto& p : participants) p->start();
  auto allReady = [&] {
    if (janus && janus->failed()) return true;
    return std::all_of(participants.begin(), participants.end(),
                       [&](const auto& p) { return p->ready() || p->failed(); });
  };
  loop.run(setupEnd, allReady);
  if (janus && janus->failed()) result.error = janus->error();
  size_t legsReady = 0;
  for (const auto& p : participants) {
    if (p->ready()) {
      ++legsReady;
    } else if (result.error.empty()) {
      result.error = p->failed() ? p->error() : "not ready after set-up: " + p->describe();
    }
  }
  // A Janus participant may be two peer connections (publishing and subscribing legs).
  if (legsReady == participants.size() && !participants.empty() && result.error.empty())
    result.participantsReady = result.participantsTotal;
  if (result.participantsReady != result.participantsTotal) return result;

  // Warm-up, then the measured interval.
  loop.run(nowMicros() + static_cast<Micros>(o.warmup * kSecond), [] { return false; });
  TrafficCounters before;
  auto sum = [&](TrafficCounters& t) {
    t = {};
    for (const auto& p : participants) {
      const auto& c = p->counters();
      t.packetsSent += c.packetsSent;
      t.bytesSent += c.bytesSent;
      t.packetsReceived += c.packetsReceived;
      t.bytesReceived += c.bytesReceived;
      t.nacksSent += c.nacksSent;
      t.plisSent += c.plisSent;
      t.feedbackSent += c.feedbackSent;
      t.capDropped += c.capDropped;
    }
  };
  for (auto& p : participants) {
    p->startInterval();
    p->setMeasuring(true);
  }
  sum(before);
  auto subscriberBytes = [&] {
    uint64_t bytes = 0;
    for (const auto& p : participants)
      if (!p->config().publisher) bytes += p->counters().bytesReceived;
    return bytes;
  };
  const uint64_t subscriberBytes0 = subscriberBytes();
  const auto serverCpu0 = o.serverPid ? processCpuSeconds(*o.serverPid) : std::nullopt;
  const auto toolCpu0 = processCpuSeconds("self");
  const Micros start = nowMicros();
  // The last participant of the first room floods, if asked to (it stops by itself).
  Participant& attacker = *participants[perRoom - 1];
  const TrafficCounters attackerBefore = attacker.counters();
  if (o.nackFlood) flood = std::make_unique<NackFlood>(attacker, o.attackRate, start, o.duration);
  loop.run(start + static_cast<Micros>(o.duration * kSecond), [] { return false; });
  const Micros end = nowMicros();
  if (flood) {
    result.attack = "nack-flood";
    result.attackNacks = flood->nacksSent();
    result.attackNackBytes = flood->bytesSent();
    result.attackRepeats = attacker.counters().repeatsReceived - attackerBefore.repeatsReceived;
    result.attackRepeatBytes = attacker.counters().repeatBytesReceived - attackerBefore.repeatBytesReceived;
    flood.reset();
  }
  const auto serverCpu1 = o.serverPid ? processCpuSeconds(*o.serverPid) : std::nullopt;
  const auto toolCpu1 = processCpuSeconds("self");
  TrafficCounters after;
  sum(after);
  for (auto& p : participants) p->setMeasuring(false);

  result.seconds = static_cast<double>(end - start) / kSecond;
  result.packetsIn = after.packetsSent - before.packetsSent;
  result.bytesIn = after.bytesSent - before.bytesSent;
  result.packetsOut = after.packetsReceived - before.packetsReceived;
  result.bytesOut = after.bytesReceived - before.bytesReceived;
  result.nacksSent = after.nacksSent - before.nacksSent;
  result.plisSent = after.plisSent - before.plisSent;
  result.feedbackSent = after.feedbackSent - before.feedbackSent;
  result.capDropped = after.capDropped - before.capDropped;
  const uint64_t subscribers = uint64_t{o.rooms} * o.subscribers;
  if (subscribers > 0 && result.seconds > 0)
    result.subscriberKbps = static_cast<double>(subscriberBytes() - subscriberBytes0) * 8 / result.seconds / 1000 /
                            static_cast<double>(subscribers);
  if (serverCpu0 && serverCpu1) result.serverCpuCores = (*serverCpu1 - *serverCpu0) / result.seconds;
  if (toolCpu0 && toolCpu1) result.toolCpuCores = (*toolCpu1 - *toolCpu0) / result.seconds;
  LatencyHistogram latency;
  double jitterSum = 0;
  for (const auto& p : participants) {
    const auto t = p->receiveTotals();
    result.expected += t.expected;
    result.lost += t.lost;
    result.streamsWithMedia += t.streamsWithMedia;
    jitterSum += t.jitterSumMicros;
    latency.merge(p->latency());
  }
  // Every participant receives each publisher of its room but itself: video, and audio as far
  // as the slots go.
  result.streamsExpected = o.idle ? 0 : static_cast<size_t>(o.rooms) *
                           (o.publishers * streamsFrom(o.publishers - 1) + o.subscribers * streamsFrom(o.publishers));
  if (result.streamsWithMedia < result.streamsExpected && result.error.empty())
    result.error = std::to_string(result.streamsExpected - result.streamsWithMedia) + " streams carried no media";
  result.jitterMs = result.streamsWithMedia ? jitterSum / static_cast<double>(result.streamsWithMedia) / 1000.0 : 0;
  result.latencySamples = latency.count();
  result.latencyP50Ms = static_cast<double>(latency.percentile(0.50)) / 1000.0;
  result.latencyP99Ms = static_cast<double>(latency.percentile(0.99)) / 1000.0;

  // Leave politely and give the server a moment to read it.
  for (auto& p : participants) p->leave();
  if (janus) janus->leave();
  const Micros leaveEnd = nowMicros() + 300'000;
  while (nowMicros() < leaveEnd) {
    io.poll();
    ::usleep(10'000);
  }
  return result;
}

}  // namespace vicos::loadtest
