// RFC 4571 framing of datagrams (STUN, DTLS, SRTP) over a TCP byte stream, as ICE-TCP uses it
// (RFC 6544 3): a reader that cuts whole frames out of what arrived, and a bounded queue of
// frames waiting to be written. Both hold fixed buffers, allocated once per connection.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-------------------------------+-------------------------------+
//   |             LENGTH            |  STUN, DTLS, RTP or RTCP ...  |
//   +-------------------------------+-------------------------------+
#pragma once

#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "common/byte_reader.hpp"

namespace vicos::net {

inline constexpr size_t kFrameHeader = 2;

class FrameReader {
 public:
  // Longest frame handed on, as on UDP (net::kMaxDatagram); a longer one is skipped whole.
  static constexpr size_t kMaxFrame = 1500;
  // Room for several frames per read; always more than one whole frame of kMaxFrame.
  static constexpr size_t kBufferSize = 8192;

  // Where the next read from the socket goes (never empty); moves a partial frame to the front.
  MutableBytes space();
  // `n` bytes were read into space().
  void commit(size_t n);
  // The next whole frame's payload, writable in place, valid until the next space(); nothing
  // when the rest has not arrived yet. Empty and oversized frames are skipped and counted.
  std::optional<MutableBytes> next();

  uint64_t skipped() const { return mSkipped; }
  size_t buffered() const { return mEnd - mBegin; }

 private:
  std::array<uint8_t, kBufferSize> mBuffer{};
  size_t mBegin = 0;
  size_t mEnd = 0;
  size_t mSkip = 0;  // bytes of an oversized frame still to pass over
  uint64_t mSkipped = 0;
};

// Frames waiting for the socket, in a byte ring of fixed capacity: a frame goes in whole or not
// at all, so that a slow receiver costs dropped packets, never a torn stream or a blocked loop.
class FrameQueue {
 public:
  explicit FrameQueue(size_t capacity);

  // Appends the length and `payload`; false (nothing queued) when it does not fit or is longer
  // than a frame can say.
  bool push(Bytes payload);
  // The queued bytes as at most two pieces, for writev; returns how many pieces.
  size_t pending(std::array<iovec, 2>& out) const;
  // `n` bytes of pending() were written.
  void consume(size_t n);
  size_t size() const { return mSize; }
  bool empty() const { return mSize == 0; }
  size_t capacity() const { return mCapacity; }

 private:
  void put(const uint8_t* data, size_t n);

  std::unique_ptr<uint8_t[]> mBuffer;
  size_t mCapacity;
  size_t mHead = 0;  // first queued byte
  size_t mSize = 0;
};

}  // namespace vicos::net
