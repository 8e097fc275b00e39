// RTP header extensions (RFC 8285): iteration over the one-byte and two-byte forms, readers
// for the extensions vicos negotiates, and a header writer with a one-byte extension block.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/clock.hpp"
#include "rtp/rtp_packet.hpp"

namespace vicos::rtp {

inline constexpr uint16_t kOneByteProfile = 0xBEDE;  // RFC 8285 4.2
inline constexpr uint16_t kTwoByteProfileMask = 0xFFF0;
inline constexpr uint16_t kTwoByteProfile = 0x1000;  // RFC 8285 4.3, low 4 bits "appbits"

struct ExtensionElement {
  uint8_t id = 0;
  Bytes data;
};

enum class ExtensionForm : uint8_t { None, OneByte, TwoByte, Other };

ExtensionForm extensionForm(const RtpView& packet);

// Walks the elements of a packet's extension block in order, skipping padding bytes.
// next() returns false at the end, at a one-byte ID 15 (RFC 8285 4.2: stop, keep what came
// before), or when an element overruns the block (then malformed() is true).
class ExtensionIterator {
 public:
  explicit ExtensionIterator(const RtpView& packet);

  [[nodiscard]] bool next(ExtensionElement& out);
  [[nodiscard]] bool malformed() const { return mMalformed; }

 private:
  ByteReader mReader;
  ExtensionForm mForm;
  bool mDone = false;
  bool mMalformed = false;
};

// The first element with this ID; nullopt when absent or when the block is malformed
// before it is reached.
std::optional<Bytes> findExtension(const RtpView& packet, uint8_t id);

// urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464 3): V flag and level in -dBov.
struct AudioLevel {
  bool voice = false;
  uint8_t level = 0;  // 0 (loudest) .. 127 (silence)
};
std::optional<AudioLevel> readAudioLevel(Bytes data);

// urn:ietf:params:rtp-hdrext:sdes:mid (RFC 8843 15.2): the MID as text, never empty.
std::optional<std::string_view> readMid(Bytes data);

// urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id and repaired-rtp-stream-id (RFC 8852 3.3): the
// RID as text, 1-16 characters of RFC 8851 10's rid-id (letters, digits, "-", "_"); 16 is what
// the one-byte form carries and more than any RID we offer.
std::optional<std::string_view> readRid(Bytes data);

// abs-send-time: 24-bit, 6.18 fixed-point seconds (wraps every 64 s).
std::optional<uint32_t> readAbsSendTime(Bytes data);
uint32_t absSendTimeFromMicros(Micros time);
std::array<uint8_t, 3> absSendTimeBytes(Micros time);

// Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 2): 16 bits,
// one counter per transport across all its streams, counted per send.
std::optional<uint16_t> readTransportSeq(Bytes data);
std::array<uint8_t, 2> transportSeqBytes(uint16_t seq);
// Overwrites the 2-byte element `id` of a built packet with `seq` (the number is given when the
// packet is sent, after its header was written). False when the packet has no such element.
bool stampTransportSeq(MutableBytes packet, uint8_t id, uint16_t seq);

// The fixed-header fields a forwarded packet gets per subscriber.
struct RtpHeader {
  bool marker = false;
  uint8_t payloadType = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
};

// Writes V=2, no padding, no CSRCs and, when `extensions` is non-empty, a one-byte-form
// block (RFC 8285 4.2) padded with zero bytes to a 32-bit boundary. Returns the header size,
// or 0 when it does not fit or an element cannot be written in the one-byte form (ID outside
// 1..14, data outside 1..16 bytes).
size_t writeRtpHeader(MutableBytes out, const RtpHeader& header,
                      std::span<const ExtensionElement> extensions);

}  // namespace vicos::rtp
