// Transport-cc feedback writer: arrival ring, reordering, gaps and restarts.
#include "bwe/feedback_writer.hpp"

#include <algorithm>

#include "bwe/seq_extend.hpp"

namespace vicos::bwe {

FeedbackWriter::FeedbackWriter(const FeedbackWriterConfig& config)
    : mConfig(config),
      mSlots(std::max<size_t>(config.capacity, 16)),
      mScratch(std::min<size_t>(mSlots.size(), 0xffff)) {}

void FeedbackWriter::onPacket(uint16_t seq, uint32_t mediaSsrc, Micros arrival) {
  const auto size = static_cast<int64_t>(mSlots.size());
  mMediaSsrc = mediaSsrc;
  if (!mStarted) {
    mStarted = true;
    mStart = mEnd = kSeqOrigin + seq;
  }
  const int64_t newest = mEnd - 1;
  const int64_t ext = extendNear(newest, seq);
  if (ext >= mEnd) {
    if (ext - newest > size / 2) {
      // A long gap (a restarted sender, a stall): report from here on, not thousands of losses.
      ++mCounters.restarts;
      mStart = ext;
    } else if (ext - mStart >= size) {
      mCounters.overwritten += static_cast<uint64_t>(ext - size + 1 - mStart);
      mStart = ext - size + 1;
    }
    for (int64_t s = std::max(mEnd, ext - size + 1); s < ext; ++s) slot(s) = Slot{s, 0, false};
    slot(ext) = Slot{ext, arrival, true};
    mEnd = ext + 1;
    return;
  }
  Slot& sl = slot(ext);
  if (ext <= mEnd - size || sl.seq != ext) {
    ++mCounters.tooLate;
    return;
  }
  if (sl.received) {
    ++mCounters.duplicates;
    return;
  }
  if (ext < mStart) {
    // Reported as lost already: report again from here, if not too far back.
    if (mEnd - ext > static_cast<int64_t>(mConfig.maxRewind)) {
      ++mCounters.tooLate;
      return;
    }
    mStart = ext;
  }
  sl.arrival = arrival;
  sl.received = true;
}

bool FeedbackWriter::due(Micros now) const {
  return mStarted && mStart < mEnd && (mLastWrite < 0 || now - mLastWrite >= mConfig.interval);
}

size_t FeedbackWriter::writeNext(MutableBytes out, Micros now) {
  if (!mStarted || mStart >= mEnd) return 0;
  const auto count =
      static_cast<size_t>(std::min<int64_t>(mEnd - mStart, static_cast<int64_t>(mScratch.size())));
  for (size_t i = 0; i < count; ++i) {
    const int64_t s = mStart + static_cast<int64_t>(i);
    const Slot& sl = slot(s);
    mScratch[i] = sl.seq == s && sl.received ? rtcp::PacketArrival{true, sl.arrival} : rtcp::PacketArrival{};
  }
  const rtcp::TransportCcHeader header{mConfig.senderSsrc, mMediaSsrc, static_cast<uint16_t>(mStart),
                                       mFeedbackCount};
  size_t consumed = 0;
  const size_t n = rtcp::writeTransportCc(out.first(std::min(out.size(), mConfig.maxPacketSize)), header,
                                          std::span(mScratch).first(count), consumed);
  if (n == 0) return 0;
  ++mFeedbackCount;
  mStart += static_cast<int64_t>(consumed);
  mLastWrite = now;
  return n;
}

}  // namespace vicos::bwe
