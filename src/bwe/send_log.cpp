// Send log ring and feedback matching.
#include "bwe/send_log.hpp"

#include "bwe/seq_extend.hpp"

namespace vicos::bwe {

SendLog::SendLog(size_t capacity) : mEntries(capacity == 0 ? 1 : capacity) {}

void SendLog::onPacketSent(uint16_t seq, uint32_t size, Micros sendTime, int32_t probeCluster) {
  // Nearest to the last one sent: the SFU stamps consecutive numbers, so this is the next.
  const int64_t ext = mLastSent < 0 ? kSeqOrigin + seq : extendNear(mLastSent, seq);
  Entry& e = entry(ext);
  e = Entry{ext, size, sendTime, probeCluster, false, false};
  if (ext > mLastSent) mLastSent = ext;
}

Micros SendLog::unwrapReference(int32_t referenceTime) {
  if (!mHaveReference) {
    mHaveReference = true;
    mReference = referenceTime;
  } else {
    const auto low = static_cast<uint32_t>(mReference) & 0xffffff;
    const int32_t diff =
        static_cast<int32_t>(((static_cast<uint32_t>(referenceTime) - low) & 0xffffff) << 8) >> 8;
    mReference += diff;
  }
  return (mReference - referenceTime) * rtcp::kTransportCcReferenceUnit;
}

bool SendLog::match(const rtcp::TransportCcStatus& status, Micros shift, PacketResult& out) {
  if (mLastSent < 0) {
    ++mCounters.unknown;
    return false;
  }
  const int64_t ext = extendNear(mLastSent, status.seq);
  Entry& e = entry(ext);
  if (ext > mLastSent || e.seq != ext) {
    ++mCounters.unknown;
    return false;
  }
  if (e.reportedReceived || (!status.received && e.reportedLost)) {
    ++mCounters.duplicate;
    return false;
  }
  (status.received ? e.reportedReceived : e.reportedLost) = true;
  out.seq = ext - kSeqOrigin;
  out.size = e.size;
  out.sendTime = e.sendTime;
  out.arrival = status.received ? status.arrival + shift : 0;
  out.probeCluster = e.probeCluster;
  out.received = status.received;
  return true;
}

}  // namespace vicos::bwe
