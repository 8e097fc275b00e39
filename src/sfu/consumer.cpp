// Per-subscriber header rewriting: our SSRC and mid, the publisher's sequence numbers and
// timestamps, the audio level copied (RFC 6464).
//
// The output is a pure function of the input packet, so a retransmission is byte-identical to
// the first transmission. That matters: SRTP with AES-GCM reuses the nonce for a repeated
// sequence number (RFC 7714 8.1), which is safe only for identical plaintext. So no per-send
// field such as abs-send-time may be written here.
#include "sfu/consumer.hpp"

#include <cstring>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "sfu/producer.hpp"

namespace vicos::sfu {

Consumer::Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid,
                   uint32_t ssrc)
    : mSubscriber(subscriber), mPublisher(std::move(publisher)), mKind(kind), mMid(std::move(mid)),
      mSsrc(ssrc), mRetransmits(isVideo(kind) ? std::make_unique<RetransmitGuard>() : nullptr) {}

size_t Consumer::rewrite(const rtp::RtpView& in, MutableBytes out) {
  if (in.payload.empty()) return 0;  // padding-only probes are not forwarded
  rtp::ExtensionElement extensions[2];
  size_t count = 0;
  const auto midBytes = reinterpret_cast<const uint8_t*>(mMid.data());
  extensions[count++] = {media::kExtMid.id, Bytes(midBytes, mMid.size())};
  if (mKind == MediaKind::Audio) {
    if (auto level = rtp::findExtension(in, media::kExtAudioLevel.id); level && level->size() == 1)
      extensions[count++] = {media::kExtAudioLevel.id, *level};
  }
  const rtp::RtpHeader header{in.marker, in.payloadType, in.sequence, in.timestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, std::span(extensions, count));
  if (headerSize == 0 || out.size() - headerSize < in.payload.size()) return 0;
  std::memcpy(out.data() + headerSize, in.payload.data(), in.payload.size());
  ++mPacketsSent;
  mOctetsSent += static_cast<uint32_t>(in.payload.size());
  mLastTimestamp = in.timestamp;
  return headerSize + in.payload.size();
}

std::optional<Bytes> Consumer::cached(uint16_t sequence) const {
  if (!mProducer) return std::nullopt;
  const RtpCache* cache = mProducer->encoding(mEncoding).cache();
  return cache ? cache->find(sequence) : std::nullopt;
}

size_t Consumer::rewriteCached(Bytes cached, MutableBytes out) {
  const auto view = rtp::parseRtp(cached);
  return view ? rewrite(*view, out) : 0;
}

}  // namespace vicos::sfu
