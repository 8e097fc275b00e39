// Batched UDP I/O over recvmmsg/sendmmsg.
#include "net/udp_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace vicos::net {

socklen_t addressLength(const sockaddr_storage& address) {
  return address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

bool makeAddress(const std::string& ip, uint16_t port, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    return true;
  }
  return false;
}

namespace {

// Writes the control message that makes a datagram leave from `local`'s address (ip(7)
// IP_PKTINFO ipi_spec_dst, ipv6(7) IPV6_PKTINFO); returns its length, 0 for AF_UNSPEC.
size_t writePktInfo(const sockaddr_storage& local, PktInfoBuffer& buffer) {
  msghdr hdr{};
  hdr.msg_control = buffer.data();
  hdr.msg_controllen = buffer.size();
  cmsghdr* cmsg = CMSG_FIRSTHDR(&hdr);
  if (local.ss_family == AF_INET) {
    in_pktinfo info{};
    info.ipi_spec_dst = reinterpret_cast<const sockaddr_in*>(&local)->sin_addr;
    cmsg->cmsg_level = IPPROTO_IP;
    cmsg->cmsg_type = IP_PKTINFO;
    cmsg->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
    return CMSG_SPACE(sizeof info);
  }
  if (local.ss_family == AF_INET6) {
    in6_pktinfo info{};
    info.ipi6_addr = reinterpret_cast<const sockaddr_in6*>(&local)->sin6_addr;
    cmsg->cmsg_level = IPPROTO_IPV6;
    cmsg->cmsg_type = IPV6_PKTINFO;
    cmsg->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(cmsg), &info, sizeof info);
    return CMSG_SPACE(sizeof info);
  }
  return 0;
}

// Reads the destination address of a received datagram from its control messages.
void readPktInfo(msghdr& hdr, uint16_t port, sockaddr_storage& local) {
  local.ss_family = AF_UNSPEC;
  for (cmsghdr* cmsg = CMSG_FIRSTHDR(&hdr); cmsg; cmsg = CMSG_NXTHDR(&hdr, cmsg)) {
    if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(cmsg), sizeof info);
      auto* v4 = reinterpret_cast<sockaddr_in*>(&local);
      *v4 = sockaddr_in{};
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      v4->sin_addr = info.ipi_addr;
      return;
    }
    if (cmsg->cmsg_level == IPPROTO_IPV6 && cmsg->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(cmsg), sizeof info);
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&local);
      *v6 = sockaddr_in6{};
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      v6->sin6_addr = info.ipi6_addr;
      return;
    }
  }
}

bool isWildcard(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET)
    return reinterpret_cast<const sockaddr_in*>(&address)->sin_addr.s_addr == htonl(INADDR_ANY);
  return IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr);
}

}  // namespace

RecvBatch::RecvBatch() {
  for (size_t i = 0; i < kBatchSize; ++i) {
    mIov[i] = iovec{mBuffers[i].data(), kMaxDatagram};
    mDatagrams[i].data = mBuffers[i].data();
  }
}

SendBatch::SendBatch() {
  for (size_t i = 0; i < kBatchSize; ++i) mIov[i] = iovec{mBuffers[i].data(), 0};
}

bool SendBatch::commit(size_t size, const sockaddr* to, socklen_t toLength, const sockaddr_storage* from) {
  mIov[mCount].iov_len = size;
  std::memcpy(&mTo[mCount], to, toLength);
  mToLength[mCount] = toLength;
  mControlLength[mCount] = from ? writePktInfo(*from, mControl[mCount]) : 0;
  ++mCount;
  return mCount == kBatchSize;
}

bool SendBatch::add(Bytes data, const sockaddr* to, socklen_t toLength, const sockaddr_storage* from) {
  const size_t n = data.size() < kMaxDatagram ? data.size() : kMaxDatagram;
  std::memcpy(slot(), data.data(), n);
  return commit(n, to, toLength, from);
}

UdpSocket::UdpSocket(const std::string& ip, uint16_t port) {
  sockaddr_storage address{};
  if (!makeAddress(ip, port, address)) throw std::runtime_error("invalid media address: " + ip);
  mFd = ::socket(address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (mFd < 0) throw std::runtime_error("cannot create UDP socket");
  const int bufferSize = 4 << 20;
  setsockopt(mFd, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof bufferSize);
  setsockopt(mFd, SOL_SOCKET, SO_SNDBUF, &bufferSize, sizeof bufferSize);
  if (::bind(mFd, reinterpret_cast<sockaddr*>(&address), addressLength(address)) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(mFd);
    throw std::runtime_error("cannot bind UDP port " + std::to_string(port) + ": " + reason);
  }
  if (isWildcard(address)) {
    // A dual-stack IPv6 socket reports IPv4 arrivals as IPV6_PKTINFO with a mapped address.
    const int on = 1;
    mPktInfo = address.ss_family == AF_INET
                   ? setsockopt(mFd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == 0
                   : setsockopt(mFd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0;
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(mFd, reinterpret_cast<sockaddr*>(&bound), &len);
  mPort = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

UdpSocket::~UdpSocket() {
  if (mFd >= 0) ::close(mFd);
}

size_t UdpSocket::receive(RecvBatch& batch) {
  for (size_t i = 0; i < kBatchSize; ++i) {
    auto& hdr = batch.mHeaders[i].msg_hdr;
    hdr = msghdr{};
    hdr.msg_name = &batch.mDatagrams[i].from;
    hdr.msg_namelen = sizeof(sockaddr_storage);
    hdr.msg_iov = &batch.mIov[i];
    hdr.msg_iovlen = 1;
    if (mPktInfo) {
      hdr.msg_control = batch.mControl[i].data();
      hdr.msg_controllen = batch.mControl[i].size();
    }
  }
  const int n = recvmmsg(mFd, batch.mHeaders.data(), kBatchSize, MSG_DONTWAIT, nullptr);
  batch.mCount = n > 0 ? static_cast<size_t>(n) : 0;
  for (size_t i = 0; i < batch.mCount; ++i) {
    batch.mDatagrams[i].size = batch.mHeaders[i].msg_len;
    if (mPktInfo) readPktInfo(batch.mHeaders[i].msg_hdr, mPort, batch.mDatagrams[i].local);
    if (batch.mHeaders[i].msg_hdr.msg_flags & MSG_TRUNC) {
      batch.mDatagrams[i].size = 0;  // dropped: larger than any datagram we accept
      ++mCounters.truncated;
    }
  }
  mCounters.received += batch.mCount;
  return batch.mCount;
}

void UdpSocket::flush(SendBatch& batch) {
  size_t done = 0;
  for (size_t i = 0; i < batch.mCount; ++i) {
    auto& hdr = batch.mHeaders[i].msg_hdr;
    hdr = msghdr{};
    hdr.msg_name = &batch.mTo[i];
    hdr.msg_namelen = batch.mToLength[i];
    hdr.msg_iov = &batch.mIov[i];
    hdr.msg_iovlen = 1;
    if (batch.mControlLength[i] > 0) {
      hdr.msg_control = batch.mControl[i].data();
      hdr.msg_controllen = batch.mControlLength[i];
    }
  }
  while (done < batch.mCount) {
    const int n = sendmmsg(mFd, batch.mHeaders.data() + done, static_cast<unsigned>(batch.mCount - done), 0);
    if (n > 0) {
      done += static_cast<size_t>(n);
      mCounters.sent += static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    ++mCounters.sendErrors;  // the kernel refused this datagram (e.g. buffer full): drop it
    ++done;
  }
  batch.mCount = 0;
}

}  // namespace vicos::net
