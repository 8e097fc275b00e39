// Bounds-checked big-endian writer into a caller-owned buffer; a write that does not fit
// marks the writer failed instead of overrunning.
#pragma once

#include <cstring>

#include "common/byte_reader.hpp"

namespace vicos {

class ByteWriter {
 public:
  explicit ByteWriter(MutableBytes buffer) : mBuf(buffer) {}

  [[nodiscard]] bool ok() const { return mOk; }
  [[nodiscard]] size_t size() const { return mPos; }
  [[nodiscard]] Bytes written() const { return Bytes(mBuf.data(), mPos); }
  [[nodiscard]] uint8_t* at(size_t offset) { return mBuf.data() + offset; }

  void u8(uint8_t v) {
    if (reserve(1)) mBuf[mPos++] = v;
  }
  void u16(uint16_t v) { put<2>(v, storeBe16); }
  void u24(uint32_t v) { put<3>(v, storeBe24); }
  void u32(uint32_t v) { put<4>(v, storeBe32); }
  void u64(uint64_t v) { put<8>(v, storeBe64); }
  void bytes(Bytes b) {
    if (!reserve(b.size())) return;
    if (!b.empty()) std::memcpy(mBuf.data() + mPos, b.data(), b.size());
    mPos += b.size();
  }
  void zeros(size_t n) {
    if (!reserve(n)) return;
    std::memset(mBuf.data() + mPos, 0, n);
    mPos += n;
  }

 private:
  bool reserve(size_t n) {
    if (!mOk || mBuf.size() - mPos < n) {
      mOk = false;
      return false;
    }
    return true;
  }
  template <size_t N, typename T, typename F>
  void put(T v, F store) {
    if (!reserve(N)) return;
    store(mBuf.data() + mPos, v);
    mPos += N;
  }

  MutableBytes mBuf;
  size_t mPos = 0;
  bool mOk = true;
};

}  // namespace vicos
