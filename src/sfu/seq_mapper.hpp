// Maps a forwarded stream's input sequence numbers (RTP sequence or VP8 PictureID) to output
// numbers that stay contiguous when the forwarder drops some of them (RFC 3550 5.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace vicos::sfu {

// Packets that are dropped in order are compacted: the next forwarded one takes the number the
// dropped one would have had, so the receiver sees no gap and asks for nothing. Gaps in the input
// (loss upstream) stay gaps in the output, so a late packet or a retransmission still fits its
// place. Late packets map with the offset that held at their place, as long as that place is
// within the last kChanges offset changes and kMaxAge numbers; packets that were dropped, older
// ones and those before the start of the current input space are refused.
//
// Numbers are `bits` wide (16 for RTP sequence numbers, 15 or 7 for VP8 PictureIDs) and wrap at
// that width; internally they are extended to 64 bits (RFC 3550 A.1). Fixed size, no allocation.
class SeqMapper {
 public:
  static constexpr size_t kChanges = 16;
  static constexpr int64_t kMaxAge = 4096;

  // `firstOutput`: the output of the first input; random for a new stream (RFC 3550 5.1).
  explicit SeqMapper(uint16_t firstOutput = 0, uint8_t bits = 16);

  // Starts a new input space (a new source) at `input` and a new width: `input` maps to the
  // output after the last one, plus `skip` unused numbers. The very first call maps `input` to
  // the first output given to the constructor (and ignores `skip`).
  void restart(uint16_t input, uint8_t bits, uint16_t skip = 0);

  // The output number of a forwarded input; nullopt for a refused one (see above), or before
  // restart() was first called.
  std::optional<uint16_t> forward(uint16_t input);

  // Records that `input` is not forwarded. Compacts when it is the newest input so far; an older
  // one leaves its place unused.
  void drop(uint16_t input);

  // A new output number that no input maps to (a packet of the forwarder's own, such as
  // padding): after the newest output and after the place of the newest input (a gap left for
  // inputs lost on the way stays); later inputs move up by one, earlier ones keep their numbers.
  // nullopt before restart() was first called.
  std::optional<uint16_t> insert();

  bool started() const { return mStarted; }
  // Whether the last forward() gave a number newer than all before (a late packet's may be,
  // when everything after it so far was dropped).
  bool lastWasNewest() const { return mLastWasNewest; }
  uint8_t bits() const { return mBits; }
  // The newest output number given (or, before the first, the one before the first output).
  uint16_t lastOutput() const { return wrap(mMaxOut); }

 private:
  // From input `from` on (until the next change) output = input + offset; inputs in
  // [droppedFrom, from) were dropped.
  struct Change {
    int64_t droppedFrom = 0;
    int64_t from = 0;
    int64_t offset = 0;
  };

  int64_t extend(uint16_t input) const;
  uint16_t wrap(int64_t value) const { return static_cast<uint16_t>(value & mMask); }
  void push(const Change& change);
  const Change* changeFor(int64_t input) const;

  uint8_t mBits = 16;
  int64_t mMask = 0xffff;
  bool mStarted = false;
  bool mLastWasNewest = false;
  int64_t mMaxIn = 0;   // newest input seen (forwarded or dropped), extended
  int64_t mMaxOut = 0;  // newest output given, extended
  std::array<Change, kChanges> mChanges{};
  size_t mNewest = 0;  // index of the newest change
  size_t mCount = 0;   // changes held (the oldest is the restart point until evicted)
};

}  // namespace vicos::sfu
