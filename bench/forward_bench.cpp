// Forwarding hot-path benchmark: one received 1,200-byte SRTP video packet → unprotect →
// route → rewrite and protect for 10 subscribers → one sendmmsg to their loopback sockets, or
// one RFC 4571 frame each on their ICE-TCP connections; beside it the raw cost of one GCM
// protect and of sendto/sendmmsg, and a check that steady forwarding allocates nothing.
#include <benchmark/benchmark.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "client/client_peer.hpp"
#include "common/allocation_counter.hpp"
#include "ice/ice_credentials.hpp"
#include "net/udp_socket.hpp"
#include "sfu/media_worker.hpp"
#include "sfu/relay_ring.hpp"
#include "srtp/srtp_session.hpp"

namespace {

using namespace vicos;

constexpr size_t kSubscribers = 10;
constexpr size_t kSrtpSize = 1200;
constexpr size_t kPlainSize = kSrtpSize - 16;  // AES-GCM tag
constexpr size_t kRing = 4096;                 // packets protected ahead, outside the timing
const std::string kRoom = "bench";

// One worker with a publisher and kSubscribers subscribers of its video, handshakes done,
// its thread stopped so that the benchmark thread may call it directly. With `tcp` the
// subscribers are connected over ICE-TCP (RFC 6544), the publisher still over UDP.
struct ForwardRig {
  explicit ForwardRig(bool tcp) {
    worker = std::make_unique<sfu::MediaWorker>(sfu::WorkerOptions{"127.0.0.1", 0},
                                                [](const std::string&, const std::string&, media::PeerId, sfu::PeerEvent) {});
    client::ClientOptions options;
    options.videoPacketSize = kPlainSize;
    for (size_t i = 0; i <= kSubscribers; ++i) {
      clients.push_back(std::make_unique<client::ClientPeer>(options));
      credentials.push_back(ice::generateIceCredentials());
      worker->addPeer(kRoom, id(i), credentials[i], media::PeerId{i + 1});
    }
    for (size_t i = 1; i <= kSubscribers; ++i)
      worker->addDownlink(kRoom, {id(i), id(0), sfu::MediaKind::Video, "3", 0x50000000u + static_cast<uint32_t>(i)});
    for (size_t i = 0; i <= kSubscribers; ++i) {
      sfu::RemoteMediaParams params{clients[i]->iceCredentials().ufrag, clients[i]->iceCredentials().pwd,
                                    "sha-256", clients[i]->fingerprintSha256(), false, {}};
      params.setSingleLayerSsrcs(clients[i]->audioSsrc(), clients[i]->videoSsrc());
      worker->setRemote(kRoom, id(i), params);
    }
    worker->start();
    for (size_t i = 0; i <= kSubscribers; ++i) {
      client::ServerParams server{"127.0.0.1", worker->port(), credentials[i].ufrag, credentials[i].pwd,
                                  worker->fingerprintSha256()};
      if (tcp && i > 0) {
        server.tcp = true;
        server.port = worker->tcpPort();
      }
      clients[i]->connect(server);
    }
    const Micros deadline = nowMicros() + 20'000'000;
    for (;;) {
      bool all = true;
      for (auto& c : clients) all = all && c->connected();
      if (all) break;
      if (nowMicros() > deadline) throw std::runtime_error("handshakes did not finish");
      std::vector<pollfd> fds;
      for (auto& c : clients) fds.push_back({c->fd(), POLLIN, 0});
      ::poll(fds.data(), fds.size(), 10);
      for (auto& c : clients) c->poll();
    }
    // The client finishes after the server (the server's Finished is the last flight); a
    // short grace lets the worker's last timers run before its thread stops.
    const Micros settle = nowMicros() + 100'000;
    while (nowMicros() < settle) {
      for (auto& c : clients) c->poll();
      ::poll(nullptr, 0, 5);
    }
    worker->stop();
    from = *ice::Endpoint::parse("127.0.0.1", clients[0]->localPort());
    ring = std::make_unique<std::array<std::array<uint8_t, net::kMaxDatagram>, kRing>>();
  }

  static std::string id(size_t i) { return i == 0 ? "publisher" : "subscriber" + std::to_string(i); }

  // Protects the publisher's next kRing video packets (increasing sequence numbers, so the
  // worker's replay window accepts each once) and empties the subscribers' sockets.
  void refill() {
    std::array<uint8_t, net::kMaxDatagram> plain{};
    for (size_t i = 0; i < kRing; ++i) {
      const size_t n = clients[0]->video().writeNext(plain);
      sizes[i] = clients[0]->protectRtp(Bytes(plain.data(), n), (*ring)[i]);
      if (sizes[i] != kSrtpSize) throw std::runtime_error("unexpected SRTP size");
    }
    next = 0;
    drain();
  }

  // Empties the subscribers' sockets (datagrams, or bytes of the TCP streams).
  void drain() {
    std::array<uint8_t, 16384> sink{};
    for (size_t i = 1; i <= kSubscribers; ++i)
      while (::recv(clients[i]->fd(), sink.data(), sink.size(), MSG_DONTWAIT) > 0) {
      }
  }

  // The worker is bound to 127.0.0.1: datagrams carry no arrival address (AF_UNSPEC).
  static constexpr sockaddr_storage kBoundToOneAddress{};

  // One received packet through the worker: what recvmmsg would hand it, then the batch send.
  void forwardOne() {
    std::memcpy(work.data(), (*ring)[next].data(), sizes[next]);
    worker->onDatagram(work.data(), sizes[next], from, kBoundToOneAddress);
    worker->flush();
    ++next;
  }

  std::unique_ptr<sfu::MediaWorker> worker;
  std::vector<std::unique_ptr<client::ClientPeer>> clients;
  std::vector<ice::IceCredentials> credentials;
  ice::Endpoint from;
  std::unique_ptr<std::array<std::array<uint8_t, net::kMaxDatagram>, kRing>> ring;
  std::array<size_t, kRing> sizes{};
  std::array<uint8_t, net::kMaxDatagram> work{};
  size_t next = kRing;
};

ForwardRig& rig() {
  static ForwardRig instance(false);
  return instance;
}

ForwardRig& tcpRig() {
  static ForwardRig instance(true);
  return instance;
}

// Over TCP the subscribers read every so often, outside the timing, so that their queues
// (32 KiB each on the worker) never fill: 16 packets of 1,202 bytes each.
constexpr size_t kTcpDrainEvery = 16;

void forwardVideoTo10(benchmark::State& state, ForwardRig& r, bool tcp) {
  const uint64_t forwardedBefore = r.worker->counters().rtpForwarded;
  size_t sinceDrain = 0;
  for (auto _ : state) {
    if (r.next == kRing || (tcp && ++sinceDrain == kTcpDrainEvery)) {
      state.PauseTiming();
      if (r.next == kRing) r.refill();
      r.drain();
      sinceDrain = 0;
      state.ResumeTiming();
    }
    r.forwardOne();
  }
  const uint64_t forwarded = r.worker->counters().rtpForwarded - forwardedBefore;
  if (forwarded != state.iterations() * kSubscribers) state.SkipWithError("not every packet was forwarded");
  const double n = static_cast<double>(forwarded);
  state.counters["fwd_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["s_per_fwd"] = benchmark::Counter(n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["worker_drops"] = static_cast<double>(r.worker->drops().total());
}

void BM_ForwardVideoTo10(benchmark::State& state) { forwardVideoTo10(state, rig(), false); }
BENCHMARK(BM_ForwardVideoTo10);

// The same to 10 subscribers over ICE-TCP: one frame queued per subscriber, one sendmsg each.
void BM_ForwardVideoTo10Tcp(benchmark::State& state) { forwardVideoTo10(state, tcpRig(), true); }
BENCHMARK(BM_ForwardVideoTo10Tcp);

// Steady-state forwarding must not allocate (docs/architecture.md), over UDP (0) or TCP (1).
void BM_ForwardAllocations(benchmark::State& state) {
  const bool tcp = state.range(0) != 0;
  ForwardRig& r = tcp ? tcpRig() : rig();
  uint64_t allocations = 0;
  uint64_t packets = 0;
  for (auto _ : state) {
    if (r.next == kRing) r.refill();
    if (tcp && packets % kTcpDrainEvery == 0) r.drain();
    const uint64_t before = heapAllocations();
    r.forwardOne();
    allocations += heapAllocations() - before;
    ++packets;
  }
  state.counters["allocations"] = static_cast<double>(allocations);
  state.counters["packets"] = static_cast<double>(packets);
  if (allocations != 0) state.SkipWithError("forwarding allocated");
}
BENCHMARK(BM_ForwardAllocations)->Arg(0)->Arg(1)->Iterations(20'000);

// The raw cost of one SRTP (AES-128-GCM) protect of a 1,200-byte packet.
void BM_SrtpProtectGcm1200(benchmark::State& state) {
  const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const uint8_t salt[12] = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
  auto session = srtp::SrtpSession::create(srtp::SrtpProfile::AeadAes128Gcm, key, salt);
  std::array<uint8_t, net::kMaxDatagram> packet{};
  uint16_t sequence = 0;
  for (auto _ : state) {
    packet[0] = 0x80;
    packet[1] = 96;
    storeBe16(packet.data() + 2, sequence++);
    storeBe32(packet.data() + 8, 0x11223344);
    size_t size = kPlainSize;
    if (!session->protectRtp(packet.data(), size, packet.size())) state.SkipWithError("protect failed");
    benchmark::DoNotOptimize(packet.data());
  }
}
BENCHMARK(BM_SrtpProtectGcm1200);

// The raw cost of sending 1,200 bytes to a loopback socket: one sendto, and one sendmmsg
// of 10 (the forwarding path's batch), per datagram.
struct LoopbackPair {
  net::UdpSocket sender{"127.0.0.1", 0};
  net::UdpSocket receiver{"127.0.0.1", 0};
  sockaddr_storage to{};
  LoopbackPair() { net::makeAddress("127.0.0.1", receiver.localPort(), to); }
  void drain() {
    std::array<uint8_t, net::kMaxDatagram> sink{};
    while (::recv(receiver.fd(), sink.data(), sink.size(), MSG_DONTWAIT) > 0) {
    }
  }
};

void BM_Sendto1200(benchmark::State& state) {
  LoopbackPair pair;
  std::array<uint8_t, kSrtpSize> data{};
  data[0] = 0x80;
  size_t sent = 0;
  for (auto _ : state) {
    if (++sent % 256 == 0) {
      state.PauseTiming();
      pair.drain();
      state.ResumeTiming();
    }
    ::sendto(pair.sender.fd(), data.data(), data.size(), 0, reinterpret_cast<const sockaddr*>(&pair.to),
             net::addressLength(pair.to));
  }
}
BENCHMARK(BM_Sendto1200);

// state.range(0) = 1: each datagram names its source address (IP_PKTINFO), as a worker bound
// to a wildcard address sends.
void BM_Sendmmsg10x1200(benchmark::State& state) {
  LoopbackPair pair;
  auto batch = std::make_unique<net::SendBatch>();
  sockaddr_storage source{};
  net::makeAddress("127.0.0.1", pair.sender.localPort(), source);
  const sockaddr_storage* from = state.range(0) ? &source : nullptr;
  std::array<uint8_t, kSrtpSize> data{};
  data[0] = 0x80;
  size_t sent = 0;
  for (auto _ : state) {
    if (++sent % 32 == 0) {
      state.PauseTiming();
      pair.drain();
      state.ResumeTiming();
    }
    for (size_t i = 0; i < kSubscribers; ++i)
      batch->add(data, reinterpret_cast<const sockaddr*>(&pair.to), net::addressLength(pair.to), from);
    pair.sender.flush(*batch);
  }
  state.counters["s_per_datagram"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kSubscribers), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Sendmmsg10x1200)->Arg(0)->Arg(1);

}  // namespace

// The cost a spread room adds per packet and other worker (sfu/relay_ring.hpp): one copy of
// 1,200 bytes into the ring on the publisher's worker and one read on the other worker, here
// on one thread (the copy and the bookkeeping) and on two (with the cache lines crossing).
void BM_RelayRingPushPop1200(benchmark::State& state) {
  sfu::RelayRing ring;
  std::array<uint8_t, kPlainSize> packet{};
  for (auto _ : state) {
    ring.push(1, 0, packet, 0);
    benchmark::DoNotOptimize(ring.front()->data[0]);
    ring.pop();
  }
}
BENCHMARK(BM_RelayRingPushPop1200);

void BM_RelayRingAcrossThreads1200(benchmark::State& state) {
  sfu::RelayRing ring;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> drained{0};
  std::thread reader([&] {
    uint64_t n = 0;
    while (!done.load(std::memory_order_relaxed)) {
      while (sfu::RelayRing::Packet* p = ring.front()) {
        benchmark::DoNotOptimize(p->data[kPlainSize - 1]);
        ring.pop();
        ++n;
      }
    }
    drained = n;
  });
  std::array<uint8_t, kPlainSize> packet{};
  uint64_t pushed = 0;
  for (auto _ : state) {
    while (!ring.push(1, 0, packet, 0)) {
    }
    ++pushed;
  }
  done = true;
  reader.join();
  state.counters["drained"] = static_cast<double>(drained.load());
  state.counters["pushed"] = static_cast<double>(pushed);
}
BENCHMARK(BM_RelayRingAcrossThreads1200)->UseRealTime();

BENCHMARK_MAIN();
