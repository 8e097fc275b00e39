// ICE-TCP connections of one worker: accept with limits, RFC 4571 frames in and out over
// edge-triggered epoll, queues bounded per connection, timeouts on checks and consent.
#include "sfu/tcp_connections.hpp"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "net/udp_socket.hpp"

namespace vicos::sfu {
namespace {

// Sockets buffer little beyond our own queue: the kernel would otherwise hold seconds of media
// for a slow receiver before the queue notices (the kernel doubles what is asked).
constexpr int kSocketSendBuffer = 32 * 1024;

// The same IPv4 address, or the same IPv6 /64 (one household or office, as http/address_bucket).
bool sameAddress(const ice::Endpoint& a, const ice::Endpoint& b) {
  if (a.isV4() != b.isV4()) return false;
  const stun::StunAddress x = a.toStun();
  const stun::StunAddress y = b.toStun();
  return std::equal(x.address.begin(), x.address.begin() + (a.isV4() ? 4 : 8), y.address.begin());
}

}  // namespace

TcpConnections::TcpConnections(net::EventLoop& loop, const TcpLimits& limits, FrameHandler onFrame,
                               ReadDone readDone)
    : mLoop(loop), mLimits(limits), mOnFrame(std::move(onFrame)), mReadDone(std::move(readDone)) {
  mToWrite.reserve(mLimits.maxConnections);
}

TcpConnections::~TcpConnections() {
  for (auto& [fd, connection] : mByFd) {
    mLoop.unwatch(fd);
    ::close(fd);
  }
  if (mListenFd >= 0) {
    mLoop.unwatch(mListenFd);
    ::close(mListenFd);
  }
}

void TcpConnections::listen(const std::string& ip, uint16_t port) {
  sockaddr_storage address{};
  if (!net::makeAddress(ip, port, address)) throw std::runtime_error("invalid media address: " + ip);
  mListenFd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (mListenFd < 0) throw std::runtime_error("cannot create the ICE-TCP socket");
  const int one = 1;
  ::setsockopt(mListenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(mListenFd, reinterpret_cast<sockaddr*>(&address), net::addressLength(address)) != 0 ||
      ::listen(mListenFd, SOMAXCONN) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(mListenFd);
    mListenFd = -1;
    throw std::runtime_error("cannot listen on TCP port " + std::to_string(port) + ": " + reason);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(mListenFd, reinterpret_cast<sockaddr*>(&bound), &length);
  const auto endpoint = ice::Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&bound), length);
  mPort = endpoint ? endpoint->port() : port;
  mLoop.watch(mListenFd, EPOLLIN, [this](uint32_t) { onAcceptable(); });
}

void TcpConnections::onAcceptable() {
  const Micros now = nowMicros();
  for (;;) {
    const int fd = ::accept4(mListenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      admit(fd, now);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // The connection stays queued and the socket readable: wait for the next sweep rather
      // than spin (HttpServer does the same).
      mLoop.unwatch(mListenFd);
      mAcceptPaused = true;
    }
    return;
  }
}

TcpConnections::Connection* TcpConnections::admit(int fd, Micros now) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  std::optional<ice::Endpoint> remote;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == 0)
    remote = ice::Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&peer), length);
  if (!remote) {
    ::close(fd);
    return nullptr;
  }
  const ice::Endpoint from = remote->overTcp();
  size_t sameSource = 0;
  for (const auto& entry : mByFd) sameSource += sameAddress(entry.second->remote, from) ? 1 : 0;
  // A second connection from the same address and port (to the other listening port) would
  // make its pair ambiguous: refused like one over the limit.
  if (mByFd.size() >= mLimits.maxConnections || mByRemote.contains(from)) {
    ++mCounters.refusedTotal;
    ::close(fd);
    return nullptr;
  }
  if (sameSource >= mLimits.maxPerAddress) {
    ++mCounters.refusedPerAddress;
    ::close(fd);
    return nullptr;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSocketSendBuffer, sizeof kSocketSendBuffer);
  auto owned = std::make_unique<Connection>(fd, from, mLimits.queueBytes, now);
  Connection* connection = owned.get();
  mByFd.emplace(fd, std::move(owned));
  mByRemote.emplace(from, connection);
  ++mCounters.accepted;
  // Edge-triggered: each event is read or written until the kernel says EAGAIN.
  mLoop.watch(fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
              [this, fd](uint32_t events) { onEvents(fd, events); });
  return connection;
}

void TcpConnections::adopt(int fd, Bytes firstBytes, Micros now) {
  Connection* connection = admit(fd, now);
  if (!connection) return;
  const MutableBytes space = connection->reader.space();
  const size_t n = std::min(space.size(), firstBytes.size());
  std::memcpy(space.data(), firstBytes.data(), n);
  connection->reader.commit(n);
  handleFrames(*connection);
  mReadDone();
}

void TcpConnections::onEvents(int fd, uint32_t events) {
  auto it = mByFd.find(fd);
  if (it == mByFd.end()) return;
  Connection& connection = *it->second;
  if (connection.failed) return;
  if (events & EPOLLOUT) write(connection);
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) readFrom(connection);
}

void TcpConnections::readFrom(Connection& connection) {
  while (!connection.failed) {
    const MutableBytes space = connection.reader.space();
    const ssize_t n = ::recv(connection.fd, space.data(), space.size(), MSG_DONTWAIT);
    if (n > 0) {
      connection.reader.commit(static_cast<size_t>(n));
      handleFrames(connection);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    connection.failed = true;  // end of stream or an error: closed at the next sweep
  }
  mReadDone();
}

void TcpConnections::handleFrames(Connection& connection) {
  const uint64_t skippedBefore = connection.reader.skipped();
  while (!connection.failed) {
    const auto frame = connection.reader.next();
    if (!frame) break;
    mOnFrame(frame->data(), frame->size(), connection.remote);
  }
  mCounters.skippedFrames += connection.reader.skipped() - skippedBefore;
}

TcpConnections::SendResult TcpConnections::send(const ice::Endpoint& to, Bytes payload) {
  auto it = mByRemote.find(to);
  if (it == mByRemote.end() || it->second->failed) return SendResult::NoConnection;
  Connection& connection = *it->second;
  if (!connection.queue.push(payload)) return SendResult::QueueFull;
  if (!connection.queued) {
    connection.queued = true;
    mToWrite.push_back(&connection);
  }
  return SendResult::Queued;
}

void TcpConnections::flush() {
  for (Connection* connection : mToWrite) {
    connection->queued = false;
    if (!connection->failed) write(*connection);
  }
  mToWrite.clear();
}

void TcpConnections::write(Connection& connection) {
  while (!connection.queue.empty()) {
    std::array<iovec, 2> io{};
    msghdr message{};
    message.msg_iov = io.data();
    message.msg_iovlen = connection.queue.pending(io);
    const ssize_t n = ::sendmsg(connection.fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      connection.queue.consume(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // EPOLLOUT resumes
    connection.failed = true;
    return;
  }
}

void TcpConnections::onCheckPassed(const ice::Endpoint& from, Micros now) {
  auto it = mByRemote.find(from);
  if (it != mByRemote.end()) it->second->lastCheck = now;
}

void TcpConnections::sweep(Micros now, const std::function<void(const ice::Endpoint&)>& closed) {
  if (mAcceptPaused) {
    mAcceptPaused = false;
    mLoop.watch(mListenFd, EPOLLIN, [this](uint32_t) { onAcceptable(); });
  }
  for (auto it = mByFd.begin(); it != mByFd.end();) {
    Connection& connection = *it->second;
    const bool unchecked = connection.lastCheck == 0 && now - connection.opened >= mLimits.checkTimeout;
    const bool idle = connection.lastCheck != 0 && now - connection.lastCheck >= mLimits.idleTimeout;
    if (!connection.failed && !unchecked && !idle) {
      ++it;
      continue;
    }
    ++(connection.failed ? mCounters.closedByPeer
       : unchecked       ? mCounters.closedUnchecked
                         : mCounters.closedIdle);
    const ice::Endpoint remote = connection.remote;
    if (connection.queued) std::erase(mToWrite, &connection);
    mByRemote.erase(remote);
    mLoop.unwatch(it->first);
    ::close(it->first);
    it = mByFd.erase(it);
    closed(remote);
  }
}

}  // namespace vicos::sfu
