// The NACK flood's pacing and packets.
#include "loadtest/nack_flood.hpp"

#include <algorithm>

namespace vicos::loadtest {

NackFlood::NackFlood(Participant& attacker, uint32_t perSecond, Micros start, double seconds)
    : mAttacker(attacker), mInterval(1'000'000 / std::max<uint32_t>(1, std::min(perSecond, kMaxRate))),
      mNext(start),
      mEnd(start + static_cast<Micros>(std::min(seconds, kMaxSeconds) * 1'000'000)) {}

void NackFlood::run(Micros now) {
  if (now >= mEnd) return;
  const auto streams = mAttacker.receivedVideo();
  if (streams.empty()) return;
  // A loop that fell behind sends what is due, but never more than a second's worth at once.
  if (now - mNext > 1'000'000) mNext = now - 1'000'000;
  while (mNext <= now) {
    mNext += mInterval;
    const ReceivedVideo& stream = streams[mStream++ % streams.size()];
    // RFC 4585 6.2.1 items: PID and 16 more in BLP, ending at the newest packet.
    const auto oldest = static_cast<uint16_t>(stream.highestSequence - 17 * kDistinctItems + 1);
    for (size_t i = 0; i < kItems; ++i)
      mItems[i] = {static_cast<uint16_t>(oldest + 17 * (i % kDistinctItems)), 0xffff};
    const size_t size = rtcp::writeNackItems(mPacket, 1, stream.ssrc, mItems);
    if (size == 0 || !mAttacker.sendRtcp(Bytes(mPacket.data(), size))) continue;
    ++mNacks;
    mBytes += size;
  }
}

}  // namespace vicos::loadtest
