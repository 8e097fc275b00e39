// RFC 4571 2: a 16-bit big-endian length, then that many bytes; cut out and queued in place.
#include "net/rfc4571_framing.hpp"

#include <algorithm>
#include <cstring>

namespace vicos::net {

MutableBytes FrameReader::space() {
  if (mBegin == mEnd) {
    mBegin = mEnd = 0;
  } else if (mBegin > 0) {
    std::memmove(mBuffer.data(), mBuffer.data() + mBegin, mEnd - mBegin);
    mEnd -= mBegin;
    mBegin = 0;
  }
  return MutableBytes(mBuffer.data() + mEnd, kBufferSize - mEnd);
}

void FrameReader::commit(size_t n) { mEnd = std::min(kBufferSize, mEnd + n); }

std::optional<MutableBytes> FrameReader::next() {
  for (;;) {
    if (mSkip > 0) {
      const size_t passed = std::min(mSkip, mEnd - mBegin);
      mBegin += passed;
      mSkip -= passed;
      if (mSkip > 0) return std::nullopt;
    }
    if (mEnd - mBegin < kFrameHeader) return std::nullopt;
    const size_t length = loadBe16(mBuffer.data() + mBegin);
    if (length == 0 || length > kMaxFrame) {
      mBegin += kFrameHeader;
      mSkip = length;
      ++mSkipped;
      continue;
    }
    if (mEnd - mBegin < kFrameHeader + length) return std::nullopt;
    uint8_t* payload = mBuffer.data() + mBegin + kFrameHeader;
    mBegin += kFrameHeader + length;
    return MutableBytes(payload, length);
  }
}

FrameQueue::FrameQueue(size_t capacity) : mBuffer(new uint8_t[capacity]), mCapacity(capacity) {}

void FrameQueue::put(const uint8_t* data, size_t n) {
  const size_t tail = (mHead + mSize) % mCapacity;
  const size_t first = std::min(n, mCapacity - tail);
  std::memcpy(mBuffer.get() + tail, data, first);
  std::memcpy(mBuffer.get(), data + first, n - first);
  mSize += n;
}

bool FrameQueue::push(Bytes payload) {
  if (payload.size() > 0xffff || mCapacity - mSize < kFrameHeader + payload.size()) return false;
  uint8_t header[kFrameHeader];
  storeBe16(header, static_cast<uint16_t>(payload.size()));
  put(header, kFrameHeader);
  put(payload.data(), payload.size());
  return true;
}

size_t FrameQueue::pending(std::array<iovec, 2>& out) const {
  if (mSize == 0) return 0;
  const size_t first = std::min(mSize, mCapacity - mHead);
  out[0] = {mBuffer.get() + mHead, first};
  if (first == mSize) return 1;
  out[1] = {mBuffer.get(), mSize - first};
  return 2;
}

void FrameQueue::consume(size_t n) {
  n = std::min(n, mSize);
  mHead = (mHead + n) % mCapacity;
  mSize -= n;
  if (mSize == 0) mHead = 0;
}

}  // namespace vicos::net
