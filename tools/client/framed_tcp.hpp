// The synthetic browser's ICE-TCP connection (RFC 6544 active side): one TCP stream to the
// server, carrying RFC 4571 frames each way. Non-blocking once connected.
#pragma once

#include <sys/socket.h>

#include <functional>

#include "common/byte_reader.hpp"
#include "net/rfc4571_framing.hpp"

namespace vicos::client {

class FramedTcp {
 public:
  FramedTcp();
  ~FramedTcp();
  FramedTcp(const FramedTcp&) = delete;
  FramedTcp& operator=(const FramedTcp&) = delete;

  // Connects to `server` (waits for the handshake); false when refused.
  bool connect(const sockaddr_storage& server, socklen_t length);
  bool open() const { return mFd >= 0; }
  int fd() const { return mFd; }
  // Reads what waits and calls onFrame for each whole frame; false once the server closed.
  bool read(const std::function<void(uint8_t* data, size_t size)>& onFrame);
  // Queues one frame; false when the queue is full.
  bool send(Bytes payload) { return mOut.push(payload); }
  // Writes what the socket takes now.
  void flush();

 private:
  int mFd = -1;
  net::FrameReader mIn;
  net::FrameQueue mOut;
};

}  // namespace vicos::client
