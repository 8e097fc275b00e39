// Output numbering with drop compaction over extended (64-bit) input numbers.
#include "sfu/seq_mapper.hpp"

#include <algorithm>

namespace vicos::sfu {

SeqMapper::SeqMapper(uint16_t firstOutput, uint8_t bits)
    : mBits(bits), mMask((int64_t{1} << bits) - 1), mMaxOut(int64_t{firstOutput} - 1) {}

void SeqMapper::restart(uint16_t input, uint8_t bits, uint16_t skip) {
  mBits = bits;
  mMask = (int64_t{1} << bits) - 1;
  const int64_t in = input & mMask;
  const int64_t firstOut = mMaxOut + 1 + (mStarted ? skip : 0);
  mMaxOut = firstOut - 1;
  mMaxIn = in - 1;
  mCount = 0;
  push({in, in, firstOut - in});
  mStarted = true;
}

// RFC 3550 A.1: the input closest to the newest one, in a space of 2^bits.
int64_t SeqMapper::extend(uint16_t input) const {
  const int64_t modulus = mMask + 1;
  int64_t delta = ((input & mMask) - (mMaxIn & mMask)) & mMask;
  if (delta >= modulus / 2) delta -= modulus;
  return mMaxIn + delta;
}

void SeqMapper::push(const Change& change) {
  mNewest = mCount == 0 ? 0 : (mNewest + 1) % kChanges;
  mChanges[mNewest] = change;
  if (mCount < kChanges) ++mCount;
}

// The change that holds for `input`, or nullptr when it was dropped or is older than all held.
const SeqMapper::Change* SeqMapper::changeFor(int64_t input) const {
  for (size_t i = 0; i < mCount; ++i) {
    const Change& c = mChanges[(mNewest + kChanges - i) % kChanges];
    if (input >= c.from) return &c;
    if (input >= c.droppedFrom) return nullptr;
  }
  return nullptr;
}

std::optional<uint16_t> SeqMapper::forward(uint16_t input) {
  mLastWasNewest = false;
  if (!mStarted) return std::nullopt;
  const int64_t in = extend(input);
  if (in > mMaxIn) {
    mLastWasNewest = true;
    mMaxIn = in;
    mMaxOut = in + mChanges[mNewest].offset;
    return wrap(mMaxOut);
  }
  if (mMaxIn - in >= kMaxAge) return std::nullopt;
  const Change* change = changeFor(in);
  if (!change) return std::nullopt;
  const int64_t out = in + change->offset;
  if (out > mMaxOut) {
    // A late packet whose place lies after the newest output, because the packets after it so
    // far were all dropped and compacted.
    mLastWasNewest = true;
    mMaxOut = out;
  }
  return wrap(out);
}

void SeqMapper::drop(uint16_t input) {
  if (!mStarted) return;
  const int64_t in = extend(input);
  if (in <= mMaxIn) return;  // its place is taken or left unused; nothing to compact
  Change& newest = mChanges[mNewest];
  if (in == newest.from && mMaxIn == in - 1) {
    // Nothing arrived since the last change: widen its dropped range.
    newest.from = in + 1;
    newest.offset -= 1;
  } else {
    push({in, in + 1, newest.offset - 1});
  }
  mMaxIn = in;
}

std::optional<uint16_t> SeqMapper::insert() {
  if (!mStarted) return std::nullopt;
  Change& newest = mChanges[mNewest];
  // After the place of the newest input, not merely after the newest output: the places of
  // inputs lost on the way stay free for them, should they come late.
  mMaxOut = std::max(mMaxOut, mMaxIn + newest.offset) + 1;
  const int64_t next = mMaxIn + 1;  // the first input the new offset applies to
  const int64_t offset = mMaxOut - mMaxIn;
  if (newest.from == next)
    newest.offset = offset;  // nothing arrived since the last change: it moves up as a whole
  else
    push({next, next, offset});
  return wrap(mMaxOut);
}

}  // namespace vicos::sfu
