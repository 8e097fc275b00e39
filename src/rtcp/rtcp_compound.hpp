// Compound RTCP packets (RFC 3550 6.1): validation of the whole compound, iteration over its
// packets, and the common header every RTCP writer starts with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>

#include "common/byte_writer.hpp"

namespace vicos::rtcp {

inline constexpr uint8_t kTypeSr = 200;
inline constexpr uint8_t kTypeRr = 201;
inline constexpr uint8_t kTypeSdes = 202;
inline constexpr uint8_t kTypeBye = 203;
inline constexpr uint8_t kTypeApp = 204;
inline constexpr uint8_t kTypeRtpfb = 205;  // RFC 4585 6.1, transport layer feedback
inline constexpr uint8_t kTypePsfb = 206;   // RFC 4585 6.1, payload-specific feedback
inline constexpr size_t kHeaderSize = 4;

// One packet of a compound.
struct RtcpPacket {
  uint8_t count = 0;  // RC, SC or FMT: the 5 bits after V and P
  uint8_t type = 0;   // PT
  Bytes packet;       // the whole packet, header and padding included
  Bytes body;         // after the 4-byte header, padding removed
};

enum class RtcpError : uint8_t {
  None,
  Empty,           // no bytes at all
  TooShort,        // fewer than 4 bytes left for a header
  BadVersion,      // V != 2
  LengthOverrun,   // the length field runs past the end
  BadPadding,      // padding count 0 or larger than the packet body
  PaddingNotLast,  // P set on a packet that is not the last of the compound
};

// A compound whose every packet header has been validated; iterate it with range-for.
class RtcpCompound {
 public:
  class Iterator {
   public:
    using value_type = RtcpPacket;
    using difference_type = std::ptrdiff_t;

    Iterator() = default;
    explicit Iterator(Bytes rest);
    const RtcpPacket& operator*() const { return mCurrent; }
    const RtcpPacket* operator->() const { return &mCurrent; }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& other) const {
      return mRest.data() == other.mRest.data() && mRest.size() == other.mRest.size();
    }

   private:
    Bytes mRest;
    RtcpPacket mCurrent;
  };

  [[nodiscard]] Iterator begin() const { return Iterator(mData); }
  [[nodiscard]] Iterator end() const { return Iterator(mData.subspan(mData.size())); }
  [[nodiscard]] size_t count() const { return mCount; }
  [[nodiscard]] Bytes bytes() const { return mData; }

 private:
  friend std::optional<RtcpCompound> parseCompound(Bytes, RtcpError*);
  RtcpCompound(Bytes data, size_t count) : mData(data), mCount(count) {}

  Bytes mData;
  size_t mCount = 0;
};

// Validates every packet header of a compound (RFC 3550 6.1, A.2 without the "first packet
// is SR or RR" rule, which reduced-size RTCP (RFC 5506) lifts).
std::optional<RtcpCompound> parseCompound(Bytes data, RtcpError* error = nullptr);

// Writes the 4-byte common header of a packet of `packetSize` bytes (a multiple of 4).
void writeRtcpHeader(ByteWriter& w, uint8_t count, uint8_t type, size_t packetSize);

}  // namespace vicos::rtcp
