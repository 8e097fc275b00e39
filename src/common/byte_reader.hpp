// Bounds-checked big-endian reader over untrusted bytes: every read says whether it fit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vicos {

using Bytes = std::span<const uint8_t>;
using MutableBytes = std::span<uint8_t>;

inline uint16_t loadBe16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t loadBe24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
}
inline uint32_t loadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
inline uint64_t loadBe64(const uint8_t* p) {
  return (uint64_t{loadBe32(p)} << 32) | loadBe32(p + 4);
}
inline void storeBe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void storeBe24(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 16);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v);
}
inline void storeBe32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline void storeBe64(uint8_t* p, uint64_t v) {
  storeBe32(p, static_cast<uint32_t>(v >> 32));
  storeBe32(p + 4, static_cast<uint32_t>(v));
}

class ByteReader {
 public:
  explicit ByteReader(Bytes data) : mData(data) {}

  [[nodiscard]] size_t remaining() const { return mData.size() - mPos; }
  [[nodiscard]] size_t offset() const { return mPos; }
  [[nodiscard]] Bytes rest() const { return mData.subspan(mPos); }

  [[nodiscard]] bool readU8(uint8_t& out) {
    if (remaining() < 1) return false;
    out = mData[mPos++];
    return true;
  }
  [[nodiscard]] bool readU16(uint16_t& out) { return readWith<2>(out, loadBe16); }
  [[nodiscard]] bool readU24(uint32_t& out) { return readWith<3>(out, loadBe24); }
  [[nodiscard]] bool readU32(uint32_t& out) { return readWith<4>(out, loadBe32); }
  [[nodiscard]] bool readU64(uint64_t& out) { return readWith<8>(out, loadBe64); }
  [[nodiscard]] bool readBytes(size_t n, Bytes& out) {
    if (remaining() < n) return false;
    out = mData.subspan(mPos, n);
    mPos += n;
    return true;
  }
  [[nodiscard]] bool skip(size_t n) {
    if (remaining() < n) return false;
    mPos += n;
    return true;
  }

 private:
  template <size_t N, typename T, typename F>
  bool readWith(T& out, F load) {
    if (remaining() < N) return false;
    out = static_cast<T>(load(mData.data() + mPos));
    mPos += N;
    return true;
  }

  Bytes mData;
  size_t mPos = 0;
};

}  // namespace vicos
