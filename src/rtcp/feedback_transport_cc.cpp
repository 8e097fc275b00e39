// Transport-wide CC feedback parsing and building (draft-holmer-rmcat-transport-wide-cc-extensions-01
// 3.1).
#include "rtcp/feedback_transport_cc.hpp"

#include <algorithm>

namespace vicos::rtcp {

// draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1, the FCI after the two SSRCs:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      base sequence number     |      packet status count      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 reference time                | fb pkt. count |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          packet chunk         |         packet chunk          |
// .                                                               .
// |         packet chunk          |  recv delta   |  recv delta   |
// .                                                               .
// |           recv delta          |  recv delta   | zero padding  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Run length chunk (3.1.3):  |T=0| S (2) | run length (13)       |
// Status vector chunk (3.1.4): |T=1|S| 14 × 1-bit (S=0) or 7 × 2-bit (S=1) symbols |
// Symbols: 00 not received, 01 received with a 1-byte delta (0…63.75 ms), 10 received with a
// signed 2-byte delta, 11 reserved. Deltas (3.1.5) count 250 µs, the first from the reference
// time, each next one from the previous received packet.

namespace {

constexpr size_t kFixedSize = kFeedbackHeaderSize + 8;  // header, SSRCs, base … fb count
constexpr uint32_t kMaxRun = 0x1fff;
constexpr uint16_t kMaxStatuses = 0xffff;

enum Symbol : uint8_t { kNotReceived = 0, kSmall = 1, kLarge = 2, kReserved = 3, kUnfit = 4 };

uint16_t chunkCapacity(uint16_t chunk) {
  if ((chunk & 0x8000) == 0) return chunk & kMaxRun;
  return (chunk & 0x4000) == 0 ? 14 : 7;
}

uint8_t chunkSymbol(uint16_t chunk, uint16_t index) {
  if ((chunk & 0x8000) == 0) return (chunk >> 13) & 3;
  if ((chunk & 0x4000) == 0) return (chunk >> (13 - index)) & 1;
  return (chunk >> (12 - 2 * index)) & 3;
}

Micros floorDiv(Micros a, Micros b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

TransportCcReader::TransportCcReader(uint16_t baseSeq, uint16_t statusCount, int32_t referenceTime,
                                     Bytes chunksAndDeltas)
    : mData(chunksAndDeltas),
      mSeq(baseSeq),
      mLeft(statusCount),
      mArrival(Micros{referenceTime} * kTransportCcReferenceUnit) {
  // The deltas start after the chunk that reaches the status count: find it first.
  uint32_t symbols = 0;
  size_t pos = 0;
  while (symbols < statusCount) {
    if (pos + 2 > mData.size()) {
      mError = TransportCcError::ChunksCutOff;
      mLeft = 0;
      return;
    }
    symbols += chunkCapacity(loadBe16(mData.data() + pos));
    pos += 2;
  }
  mDeltaPos = pos;
}

bool TransportCcReader::loadChunk() {
  mChunk = loadBe16(mData.data() + mChunkPos);
  mChunkPos += 2;
  mChunkLeft = chunkCapacity(mChunk);
  mChunkIndex = 0;
  return mChunkLeft != 0;
}

bool TransportCcReader::next(TransportCcStatus& out) {
  if (mLeft == 0 || mError != TransportCcError::None) return false;
  while (mChunkLeft == 0) (void)loadChunk();  // the constructor checked the chunks reach
  const uint8_t symbol = chunkSymbol(mChunk, mChunkIndex);
  ++mChunkIndex;
  --mChunkLeft;
  out.seq = mSeq;
  out.received = symbol == kSmall || symbol == kLarge;
  if (symbol == kReserved) {
    mError = TransportCcError::ReservedSymbol;
    return false;
  }
  if (out.received) {
    const size_t size = symbol == kSmall ? 1 : 2;
    if (mDeltaPos + size > mData.size()) {
      mError = TransportCcError::DeltasCutOff;
      return false;
    }
    const uint8_t* p = mData.data() + mDeltaPos;
    const int32_t ticks = symbol == kSmall ? int32_t{p[0]} : int32_t{static_cast<int16_t>(loadBe16(p))};
    mDeltaPos += size;
    mArrival += ticks * kTransportCcTick;
    out.arrival = mArrival;
  } else {
    out.arrival = 0;
  }
  ++mSeq;
  --mLeft;
  return true;
}

std::optional<TransportCc> parseTransportCc(const RtcpPacket& packet, TransportCcError* error) {
  auto fail = [&](TransportCcError why) -> std::optional<TransportCc> {
    if (error != nullptr) *error = why;
    return std::nullopt;
  };
  const auto fb = parseFeedback(packet, kTypeRtpfb, kFmtTransportCc);
  if (!fb)
    return fail(packet.type == kTypeRtpfb && packet.count == kFmtTransportCc
                    ? TransportCcError::TooShort
                    : TransportCcError::NotTransportCc);
  ByteReader r(fb->fci);
  TransportCc out;
  out.senderSsrc = fb->senderSsrc;
  out.mediaSsrc = fb->mediaSsrc;
  uint32_t reference = 0;
  if (!r.readU16(out.baseSeq) || !r.readU16(out.statusCount) || !r.readU24(reference) ||
      !r.readU8(out.feedbackCount))
    return fail(TransportCcError::TooShort);
  if (out.statusCount == 0) return fail(TransportCcError::NoStatus);
  out.referenceTime = static_cast<int32_t>(reference << 8) >> 8;  // sign-extend 24 bits
  out.chunksAndDeltas = r.rest();

  TransportCcReader reader = out.reader();
  uint32_t received = 0;
  for (TransportCcStatus s; reader.next(s);) received += s.received ? 1 : 0;
  if (reader.error() != TransportCcError::None) return fail(reader.error());
  // Zero padding without the P bit (older libwebrtc); with P the compound already removed it.
  const Bytes tail = out.chunksAndDeltas.subspan(reader.deltaEnd());
  if (tail.size() > 3 || std::any_of(tail.begin(), tail.end(), [](uint8_t b) { return b != 0; }))
    return fail(TransportCcError::TrailingBytes);
  out.chunksAndDeltas = out.chunksAndDeltas.first(reader.deltaEnd());
  out.receivedCount = static_cast<uint16_t>(received);
  if (error != nullptr) *error = TransportCcError::None;
  return out;
}

namespace {

// The statuses of one packet being built, with the symbol each gets.
class SymbolScan {
 public:
  SymbolScan(std::span<const PacketArrival> statuses, Micros referenceUs)
      : mStatuses(statuses), mReference(referenceUs) {}

  // Symbol of statuses[i] given the tick of the previous received packet; advances `prevTick`.
  uint8_t symbol(size_t i, int64_t& prevTick) const {
    if (!mStatuses[i].received) return kNotReceived;
    const int64_t tick = floorDiv(mStatuses[i].arrival - mReference + kTransportCcTick / 2, kTransportCcTick);
    const int64_t delta = tick - prevTick;
    if (delta < -0x8000 || delta > 0x7fff) return kUnfit;
    prevTick = tick;
    return delta >= 0 && delta <= 0xff ? kSmall : kLarge;
  }

  // The chunk that covers the most statuses from i (a run on ties); 0 symbols when the
  // delta of statuses[i] cannot be written.
  void choose(size_t i, size_t end, int64_t prevTick, uint16_t& chunk, size_t& count) const {
    int64_t tick = prevTick;
    const uint8_t first = symbol(i, tick);
    count = 0;
    if (first == kUnfit) return;
    size_t run = 1;
    for (size_t j = i + 1; j < end && run < kMaxRun; ++j, ++run) {
      int64_t t = tick;
      if (symbol(j, t) != first) break;
      tick = t;
    }
    // Vector: 1-bit symbols up to the first large delta, or 2-bit ones for up to 7. A vector
    // always carries its 14 or 7 symbols, so a shorter one only ends the packet.
    size_t oneBit = 0;
    size_t twoBit = 0;
    size_t scanned = 0;
    bool narrow = true;
    tick = prevTick;
    for (size_t j = i; j < end && j < i + 14; ++j, ++scanned) {
      const uint8_t s = symbol(j, tick);
      if (s == kUnfit) break;
      narrow = narrow && s != kLarge;
      if (narrow) oneBit = j - i + 1;
      if (j - i < 7) twoBit = j - i + 1;
    }
    if (oneBit != 14 && oneBit != scanned) oneBit = 0;
    if (twoBit != 7 && twoBit != scanned) twoBit = 0;
    if (run >= std::max(oneBit, twoBit)) {
      chunk = static_cast<uint16_t>((first << 13) | run);
      count = run;
      return;
    }
    const bool wide = twoBit > oneBit;
    count = wide ? twoBit : oneBit;
    chunk = wide ? 0xc000 : 0x8000;
    tick = prevTick;
    for (size_t k = 0; k < count; ++k) {
      const uint8_t s = symbol(i + k, tick);
      chunk |= wide ? static_cast<uint16_t>(s << (12 - 2 * k)) : static_cast<uint16_t>(s << (13 - k));
    }
  }

 private:
  std::span<const PacketArrival> mStatuses;
  Micros mReference;
};

// A chunk cut to its first `count` symbols (the rest of a vector is never read).
uint16_t cutChunk(uint16_t chunk, size_t count) {
  if ((chunk & 0x8000) == 0) return static_cast<uint16_t>((chunk & 0x6000) | count);
  const bool wide = (chunk & 0x4000) != 0;
  const size_t unused = (wide ? 7 : 14) - count;
  const auto mask = static_cast<uint16_t>(0xffff << (unused * (wide ? 2 : 1)));
  return static_cast<uint16_t>(chunk & mask);
}

}  // namespace

size_t writeTransportCc(MutableBytes out, const TransportCcHeader& header,
                        std::span<const PacketArrival> statuses, size_t& consumed) {
  consumed = 0;
  const size_t limit = std::min<size_t>(out.size(), 4 * 0x10000) & ~size_t{3};
  if (statuses.empty() || limit < kFixedSize + 4) return 0;
  const size_t end = std::min<size_t>(statuses.size(), kMaxStatuses);
  Micros reference = 0;
  const auto firstReceived = std::find_if(statuses.begin(), statuses.begin() + end,
                                          [](const PacketArrival& p) { return p.received; });
  if (firstReceived != statuses.begin() + end)
    reference = floorDiv(firstReceived->arrival, kTransportCcReferenceUnit) * kTransportCcReferenceUnit;
  const SymbolScan scan(statuses, reference);

  // Pass 1: the chunks, in place, as long as chunks plus deltas fit the limit.
  size_t chunks = 0;
  size_t deltaBytes = 0;
  size_t i = 0;
  int64_t prevTick = 0;
  bool full = false;
  while (i < end && !full) {
    uint16_t chunk = 0;
    size_t count = 0;
    scan.choose(i, end, prevTick, chunk, count);
    if (count == 0) break;
    size_t taken = 0;
    size_t bytes = 0;
    int64_t tick = prevTick;
    for (; taken < count; ++taken) {
      int64_t t = tick;
      const uint8_t s = scan.symbol(i + taken, t);
      const size_t more = s == kSmall ? 1 : s == kLarge ? 2 : 0;
      if (kFixedSize + 2 * (chunks + 1) + deltaBytes + bytes + more > limit) break;
      bytes += more;
      tick = t;
    }
    if (taken == 0) break;
    if (taken < count) {
      chunk = cutChunk(chunk, taken);
      full = true;
    }
    storeBe16(out.data() + kFixedSize + 2 * chunks, chunk);
    ++chunks;
    deltaBytes += bytes;
    prevTick = tick;
    i += taken;
  }
  if (i == 0) return 0;
  consumed = i;

  // Pass 2: the deltas after the chunks.
  uint8_t* p = out.data() + kFixedSize + 2 * chunks;
  prevTick = 0;
  for (size_t k = 0; k < consumed; ++k) {
    const int64_t before = prevTick;
    const uint8_t s = scan.symbol(k, prevTick);
    if (s == kSmall) {
      *p++ = static_cast<uint8_t>(prevTick - before);
    } else if (s == kLarge) {
      storeBe16(p, static_cast<uint16_t>(static_cast<int16_t>(prevTick - before)));
      p += 2;
    }
  }
  const size_t unpadded = kFixedSize + 2 * chunks + deltaBytes;
  const size_t size = (unpadded + 3) & ~size_t{3};
  const auto pad = static_cast<uint8_t>(size - unpadded);
  if (pad > 0) {
    std::fill(out.data() + unpadded, out.data() + size, uint8_t{0});
    out[size - 1] = pad;
  }
  ByteWriter w(out.first(kFixedSize));
  writeFeedbackHeader(w, kTypeRtpfb, kFmtTransportCc, size, header.senderSsrc, header.mediaSsrc);
  if (pad > 0) out[0] |= 0x20;  // P (RFC 3550 6.4.1)
  w.u16(header.baseSeq);
  w.u16(static_cast<uint16_t>(consumed));
  w.u24(static_cast<uint32_t>(reference / kTransportCcReferenceUnit) & 0xffffff);
  w.u8(header.feedbackCount);
  return w.ok() ? size : 0;
}

}  // namespace vicos::rtcp
