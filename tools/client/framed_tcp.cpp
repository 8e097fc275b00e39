// Blocking connect, then non-blocking RFC 4571 reads and writes.
#include "client/framed_tcp.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace vicos::client {

FramedTcp::FramedTcp() : mOut(1 << 20) {}

FramedTcp::~FramedTcp() {
  if (mFd >= 0) ::close(mFd);
}

bool FramedTcp::connect(const sockaddr_storage& server, socklen_t length) {
  mFd = ::socket(server.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (mFd < 0) return false;
  if (::connect(mFd, reinterpret_cast<const sockaddr*>(&server), length) != 0) {
    ::close(mFd);
    mFd = -1;
    return false;
  }
  const int one = 1;
  ::setsockopt(mFd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(mFd, F_SETFL, ::fcntl(mFd, F_GETFL) | O_NONBLOCK);
  return true;
}

bool FramedTcp::read(const std::function<void(uint8_t* data, size_t size)>& onFrame) {
  if (mFd < 0) return false;
  for (;;) {
    const MutableBytes space = mIn.space();
    const ssize_t n = ::recv(mFd, space.data(), space.size(), 0);
    if (n > 0) {
      mIn.commit(static_cast<size_t>(n));
      while (auto frame = mIn.next()) onFrame(frame->data(), frame->size());
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

void FramedTcp::flush() {
  while (mFd >= 0 && !mOut.empty()) {
    std::array<iovec, 2> io{};
    msghdr message{};
    message.msg_iov = io.data();
    message.msg_iovlen = mOut.pending(io);
    const ssize_t n = ::sendmsg(mFd, &message, MSG_NOSIGNAL);
    if (n <= 0) return;  // full or closed: the rest waits for the next flush
    mOut.consume(static_cast<size_t>(n));
  }
}

}  // namespace vicos::client
