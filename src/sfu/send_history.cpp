// The ring of sent-packet records behind byte-identical retransmissions.
#include "sfu/send_history.hpp"

#include <algorithm>

#include "common/seq_num.hpp"

namespace vicos::sfu {

void SendHistory::record(const SentRecord& sent) {
  const RtpMapping& m = sent.mapping;
  if (!mSlots) mSlots = std::make_unique<Slot[]>(kSlots);  // once per downlink
  if (mAny && seqNewer(m.sequence, mNewest)) {
    // Numbers skipped on the way (there are none while the output is contiguous) must not
    // find what their slots held kSlots numbers earlier.
    const uint16_t gap = static_cast<uint16_t>(m.sequence - mNewest - 1);
    for (uint16_t i = 1; i <= std::min<uint16_t>(gap, kSlots); ++i)
      mSlots[static_cast<uint16_t>(mNewest + i) % kSlots].flags = 0;
  }
  Slot& slot = mSlots[m.sequence % kSlots];
  slot.sequence = m.sequence;
  slot.inputSequence = sent.inputSequence;
  slot.inputSsrc = sent.inputSsrc;
  slot.timestamp = m.timestamp;
  slot.pictureId = m.pictureId;
  slot.tl0PicIdx = m.tl0PicIdx;
  slot.transportSeq = sent.transportSeq.value_or(0);
  slot.flags = static_cast<uint8_t>(kValid | (m.hasPictureId ? kHasPictureId : 0) |
                                    (m.hasTl0PicIdx ? kHasTl0PicIdx : 0) |
                                    (sent.transportSeq ? kHasTransportSeq : 0) | (sent.encoding & kEncodingMask));
  if (!mAny || seqNewer(m.sequence, mNewest)) mNewest = m.sequence;
  mAny = true;
}

std::optional<SentRecord> SendHistory::find(uint16_t sequence) const {
  // A number kSlots or more behind the newest has had its slot reused (or is a stale slot from
  // 65,536 numbers ago that happens to carry the same number).
  if (!mAny || static_cast<uint16_t>(mNewest - sequence) >= kSlots) return std::nullopt;
  const Slot& slot = mSlots[sequence % kSlots];
  if (!(slot.flags & kValid) || slot.sequence != sequence) return std::nullopt;
  SentRecord r;
  r.encoding = slot.flags & kEncodingMask;
  r.inputSsrc = slot.inputSsrc;
  r.inputSequence = slot.inputSequence;
  r.mapping.sequence = slot.sequence;
  r.mapping.timestamp = slot.timestamp;
  r.mapping.hasPictureId = (slot.flags & kHasPictureId) != 0;
  r.mapping.hasTl0PicIdx = (slot.flags & kHasTl0PicIdx) != 0;
  r.mapping.pictureId = slot.pictureId;
  r.mapping.tl0PicIdx = slot.tl0PicIdx;
  if (slot.flags & kHasTransportSeq) r.transportSeq = slot.transportSeq;
  return r;
}

void SendHistory::clear() {
  if (mSlots) std::fill_n(mSlots.get(), kSlots, Slot{});
  mAny = false;
}

}  // namespace vicos::sfu
