// A media worker's ICE-TCP connections (RFC 6544 passive candidates): its own listening TCP
// socket, sockets handed over from the HTTPS port, RFC 4571 frames in and out, and the limits
// that keep them from eating the worker (docs/security.md "ICE over TCP"). Worker thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "ice/candidate_pairs.hpp"
#include "ice/endpoint.hpp"
#include "net/event_loop.hpp"
#include "net/rfc4571_framing.hpp"

namespace vicos::sfu {

struct TcpLimits {
  size_t maxConnections = 512;  // per worker
  size_t maxPerAddress = 64;    // per worker, per IPv4 address or IPv6 /64 (several people behind one NAT)
  // A connection must pass a STUN check this soon after it opened, and then keep passing them
  // (consent, RFC 7675); otherwise it is closed.
  Micros checkTimeout = 10'000'000;
  Micros idleTimeout = ice::CandidatePairs::kConsentTimeout;
  // Frames waiting for a slow receiver; beyond this, packets are dropped (about 130 ms of a
  // 2 Mbit/s downlink: late media is worth less than lost media).
  size_t queueBytes = 32 * 1024;
};

struct TcpCounters {
  uint64_t accepted = 0;
  uint64_t refusedTotal = 0;       // over maxConnections
  uint64_t refusedPerAddress = 0;  // over maxPerAddress
  uint64_t closedUnchecked = 0;    // no check passed within checkTimeout
  uint64_t closedIdle = 0;         // no check passed within idleTimeout
  uint64_t closedByPeer = 0;       // end of stream, reset, or a write error
  uint64_t skippedFrames = 0;      // empty or longer than a datagram
};

class TcpConnections {
 public:
  // A frame that arrived on the connection from `from` (an ICE-TCP endpoint); writable in place.
  using FrameHandler = std::function<void(uint8_t* data, size_t size, const ice::Endpoint& from)>;
  // Called after the frames of one read were handled (the worker sends what they queued).
  using ReadDone = std::function<void()>;
  enum class SendResult : uint8_t { Queued, NoConnection, QueueFull };

  TcpConnections(net::EventLoop& loop, const TcpLimits& limits, FrameHandler onFrame, ReadDone readDone);
  ~TcpConnections();
  TcpConnections(const TcpConnections&) = delete;
  TcpConnections& operator=(const TcpConnections&) = delete;

  // Listens on ip:port (port 0: a free one); throws std::runtime_error when it cannot.
  void listen(const std::string& ip, uint16_t port);
  uint16_t port() const { return mPort; }
  // Takes over a connected socket (from the HTTPS port) with the bytes already read from it.
  void adopt(int fd, Bytes firstBytes, Micros now);

  // Queues `payload` as one frame to the connection `to` names (written by flush()).
  SendResult send(const ice::Endpoint& to, Bytes payload);
  void flush();
  // A STUN check from `from` passed: the connection lives on for idleTimeout.
  void onCheckPassed(const ice::Endpoint& from, Micros now);
  // Closes connections that outlived their timeouts or failed, calling closed(endpoint) for each.
  void sweep(Micros now, const std::function<void(const ice::Endpoint&)>& closed);

  size_t size() const { return mByFd.size(); }
  const TcpCounters& counters() const { return mCounters; }

 private:
  struct Connection {
    Connection(int fd_, const ice::Endpoint& remote_, size_t queueBytes, Micros now)
        : fd(fd_), remote(remote_), queue(queueBytes), opened(now) {}
    int fd;
    ice::Endpoint remote;
    net::FrameReader reader;
    net::FrameQueue queue;
    Micros opened;
    Micros lastCheck = 0;  // 0: none passed yet
    bool failed = false;   // closed at the next sweep (never while its own callback runs)
    bool queued = false;   // in mToWrite
  };

  void onAcceptable();
  // Applies the limits; takes the socket or closes it.
  Connection* admit(int fd, Micros now);
  void onEvents(int fd, uint32_t events);
  void readFrom(Connection& connection);
  void handleFrames(Connection& connection);
  void write(Connection& connection);

  net::EventLoop& mLoop;
  TcpLimits mLimits;
  FrameHandler mOnFrame;
  ReadDone mReadDone;
  int mListenFd = -1;
  uint16_t mPort = 0;
  bool mAcceptPaused = false;  // out of file descriptors: listening again at the next sweep
  std::unordered_map<int, std::unique_ptr<Connection>> mByFd;
  std::unordered_map<ice::Endpoint, Connection*> mByRemote;
  std::vector<Connection*> mToWrite;  // capacity maxConnections, reserved once
  TcpCounters mCounters;
};

}  // namespace vicos::sfu
