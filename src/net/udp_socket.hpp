// Non-blocking UDP socket that receives and sends in batches (recvmmsg/sendmmsg), so that a
// busy worker pays one syscall per batch instead of one per packet.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>

#include "common/byte_reader.hpp"

namespace vicos::net {

// Largest datagram we accept or send; browsers keep RTP under ~1,200 bytes.
constexpr size_t kMaxDatagram = 1500;
constexpr size_t kBatchSize = 32;

struct Datagram {
  uint8_t* data = nullptr;
  size_t size = 0;
  sockaddr_storage from{};
  // The address it arrived at, on a socket bound to a wildcard address (IP_PKTINFO,
  // IPV6_RECVPKTINFO); family AF_UNSPEC otherwise. Answers must leave from it: the kernel
  // would pick its route's source address, and browsers ignore answers from any address but
  // the one they sent to (RFC 8445 7.2.5.2.1).
  sockaddr_storage local{};
};

// Room for one IP_PKTINFO or IPV6_PKTINFO control message.
constexpr size_t kPktInfoSpace = CMSG_SPACE(sizeof(in6_pktinfo)) > CMSG_SPACE(sizeof(in_pktinfo))
                                     ? CMSG_SPACE(sizeof(in6_pktinfo))
                                     : CMSG_SPACE(sizeof(in_pktinfo));
using PktInfoBuffer = std::array<uint8_t, kPktInfoSpace>;

// Receive buffers owned by the socket's user, allocated once.
class RecvBatch {
 public:
  RecvBatch();
  size_t count() const { return mCount; }
  Datagram& operator[](size_t i) { return mDatagrams[i]; }

 private:
  friend class UdpSocket;
  std::array<std::array<uint8_t, kMaxDatagram>, kBatchSize> mBuffers{};
  std::array<Datagram, kBatchSize> mDatagrams{};
  std::array<mmsghdr, kBatchSize> mHeaders{};
  std::array<iovec, kBatchSize> mIov{};
  alignas(cmsghdr) std::array<PktInfoBuffer, kBatchSize> mControl{};
  size_t mCount = 0;
};

// Outgoing datagrams collected until flush(); slots are reused, nothing is allocated per packet.
class SendBatch {
 public:
  SendBatch();
  // A buffer of kMaxDatagram bytes for the next datagram; commit() queues it.
  uint8_t* slot() { return mBuffers[mCount].data(); }
  // Queues the slot's first `size` bytes for `to`, leaving from the local address `from`
  // (a Datagram::local; nullptr or AF_UNSPEC: the kernel chooses); returns true when the batch
  // is now full.
  bool commit(size_t size, const sockaddr* to, socklen_t toLength, const sockaddr_storage* from = nullptr);
  // Queues a copy of `data`.
  bool add(Bytes data, const sockaddr* to, socklen_t toLength, const sockaddr_storage* from = nullptr);
  size_t count() const { return mCount; }

 private:
  friend class UdpSocket;
  std::array<std::array<uint8_t, kMaxDatagram>, kBatchSize> mBuffers{};
  std::array<sockaddr_storage, kBatchSize> mTo{};
  std::array<socklen_t, kBatchSize> mToLength{};
  std::array<mmsghdr, kBatchSize> mHeaders{};
  std::array<iovec, kBatchSize> mIov{};
  alignas(cmsghdr) std::array<PktInfoBuffer, kBatchSize> mControl{};
  std::array<size_t, kBatchSize> mControlLength{};  // 0: no source address given
  size_t mCount = 0;
};

struct SocketCounters {
  uint64_t received = 0;
  uint64_t sent = 0;
  uint64_t sendErrors = 0;
  uint64_t truncated = 0;
};

class UdpSocket {
 public:
  // Binds to ip:port (IPv4 or IPv6 text form); throws std::runtime_error on failure. Bound to
  // a wildcard address (0.0.0.0, ::), it reports each datagram's local address.
  UdpSocket(const std::string& ip, uint16_t port);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return mFd; }
  uint16_t localPort() const { return mPort; }

  // Fills `batch` with up to kBatchSize datagrams; returns how many (0 when none are waiting).
  size_t receive(RecvBatch& batch);
  // Sends and empties `batch`. Datagrams the kernel refuses are counted and dropped.
  void flush(SendBatch& batch);

  const SocketCounters& counters() const { return mCounters; }

 private:
  int mFd = -1;
  uint16_t mPort = 0;
  bool mPktInfo = false;
  SocketCounters mCounters;
};

socklen_t addressLength(const sockaddr_storage& address);
// Parses "ip" and port into a sockaddr_storage; false when ip is not an IPv4/IPv6 literal.
bool makeAddress(const std::string& ip, uint16_t port, sockaddr_storage& out);

}  // namespace vicos::net
