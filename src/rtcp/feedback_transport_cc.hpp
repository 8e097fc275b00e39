// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
// 3.1): which transport-wide sequence numbers arrived, and when, as RTPFB FMT 15.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/clock.hpp"
#include "rtcp/feedback.hpp"

namespace vicos::rtcp {

inline constexpr uint8_t kFmtTransportCc = 15;              // RTPFB, draft-holmer-…-01 3.1
inline constexpr Micros kTransportCcTick = 250;             // recv delta unit, 3.1.5
inline constexpr Micros kTransportCcReferenceUnit = 64000;  // reference time unit, 3.1
inline constexpr Micros kTransportCcReferenceWrap = kTransportCcReferenceUnit << 24;

enum class TransportCcError : uint8_t {
  None,
  NotTransportCc,  // another PT or FMT
  TooShort,        // the fixed fields are cut off
  NoStatus,        // packet status count 0
  ChunksCutOff,    // the chunks end before the status count is reached
  ReservedSymbol,  // symbol 11 for a counted packet
  DeltasCutOff,    // fewer recv delta bytes than the symbols ask for
  TrailingBytes,   // more than 3 bytes, or non-zero bytes, after the deltas
};

// One packet a feedback reports on.
struct TransportCcStatus {
  uint16_t seq = 0;
  bool received = false;
  // Received only: reference time plus all deltas so far, in µs of the receiver's clock
  // (a multiple of 250; it wraps with the 24-bit reference time, every 2^24 × 64 ms).
  Micros arrival = 0;
};

// Walks the statuses of a feedback in sequence order, checking as it goes.
class TransportCcReader {
 public:
  TransportCcReader(uint16_t baseSeq, uint16_t statusCount, int32_t referenceTime, Bytes chunksAndDeltas);

  // False at the end or at the first error (then error() says which).
  [[nodiscard]] bool next(TransportCcStatus& out);
  [[nodiscard]] TransportCcError error() const { return mError; }
  // After the last status: where the recv deltas ended (the padding starts).
  [[nodiscard]] size_t deltaEnd() const { return mDeltaPos; }

 private:
  bool loadChunk();

  Bytes mData;
  size_t mChunkPos = 0;  // next chunk
  size_t mDeltaPos = 0;  // next recv delta
  uint16_t mSeq = 0;
  uint32_t mLeft = 0;  // statuses still to report
  uint16_t mChunk = 0;
  uint16_t mChunkLeft = 0;  // symbols left in mChunk
  uint16_t mChunkIndex = 0;
  Micros mArrival = 0;
  TransportCcError mError = TransportCcError::None;
};

// A validated feedback: every symbol and delta fits; walk it with forEach or reader().
struct TransportCc {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  uint16_t baseSeq = 0;
  uint16_t statusCount = 0;
  int32_t referenceTime = 0;  // signed 24 bits, units of 64 ms
  uint8_t feedbackCount = 0;
  Bytes chunksAndDeltas;  // the FCI after its 8 fixed bytes, padding removed
  uint16_t receivedCount = 0;

  [[nodiscard]] TransportCcReader reader() const {
    return TransportCcReader(baseSeq, statusCount, referenceTime, chunksAndDeltas);
  }
  // Calls f(const TransportCcStatus&) for each of the statusCount packets, base first.
  template <typename F>
  void forEach(F&& f) const {
    TransportCcReader r = reader();
    for (TransportCcStatus s; r.next(s);) f(s);
  }
};

std::optional<TransportCc> parseTransportCc(const RtcpPacket& packet, TransportCcError* error = nullptr);

struct TransportCcHeader {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  uint16_t baseSeq = 0;
  uint8_t feedbackCount = 0;
};

// What a feedback writer knows of one sequence number: statuses[i] is baseSeq + i.
struct PacketArrival {
  bool received = false;
  Micros arrival = 0;  // receiver clock, µs; rounded to 250 µs on the wire
};

// Writes one feedback packet of at most out.size() bytes for the longest prefix of `statuses`
// that fits (the byte limit, 0xffff statuses, recv deltas of −8192…8191.75 ms) and sets
// `consumed` to its length; write the rest with baseSeq + consumed in a next packet. Chunks
// are chosen greedily: a run when it covers at least what a vector would, else a vector.
// The reference time is the first received arrival rounded down to 64 ms (0 when none is).
// Pads with the P bit and a count, as current libwebrtc does. Returns the bytes written, 0
// when `statuses` is empty or not even one status fits.
size_t writeTransportCc(MutableBytes out, const TransportCcHeader& header,
                        std::span<const PacketArrival> statuses, size_t& consumed);

}  // namespace vicos::rtcp
