// Per-subscriber forwarding: our SSRC and mid on every packet; audio keeps the publisher's
// sequence numbers and timestamps and its audio level (RFC 6464); video is renumbered by
// VideoForwarding.
//
// A retransmission must be byte-identical to the first transmission: SRTP with AES-GCM reuses
// the nonce for a repeated sequence number (RFC 7714 8.1), which is safe only for identical
// plaintext. So the output is a function of the input packet and what SendHistory recorded
// (the transport-wide number included), and no other per-send field such as abs-send-time is
// written here.
#include "sfu/consumer.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstring>

#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"
#include "sfu/layer_allocation.hpp"
#include "sfu/producer.hpp"

namespace vicos::sfu {

namespace {

StreamRewriter::Start randomStart() {
  StreamRewriter::Start start;
  uint8_t bytes[9];
  if (RAND_bytes(bytes, sizeof bytes) == 1) {
    start.sequence = static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
    start.timestamp = loadBe32(bytes + 2);
    start.pictureId = static_cast<uint16_t>((bytes[6] << 8 | bytes[7]) & 0x7fff);
    start.tl0PicIdx = bytes[8];
  }
  return start;
}

}  // namespace

Consumer::Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc)
    : Consumer(subscriber, std::move(publisher), kind, std::move(mid), ssrc, randomStart()) {}

Consumer::Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc,
                   const StreamRewriter::Start& start)
    : mSubscriber(subscriber), mPublisher(std::move(publisher)), mKind(kind), mMid(std::move(mid)),
      mSsrc(ssrc), mVideo(isVideo(kind) ? std::make_unique<VideoForwarding>(start) : nullptr),
      mRetransmits(isVideo(kind) ? std::make_unique<RetransmitGuard>() : nullptr) {}

size_t Consumer::forward(uint8_t encoding, const rtp::RtpView& in, uint16_t transportSeq,
                         std::span<const LayerClock> clocks, Micros now, MutableBytes out,
                         SwitchDecision& decision) {
  const rtp::ExtensionElement mid = midElement();
  if (mVideo) {
    const size_t size = mVideo->forward(encoding, in, mSsrc, std::span(&mid, 1), transportSeq, clocks, now,
                                        out, decision);
    return counted(size, in);
  }
  if (encoding != 0 || in.payload.empty()) return 0;  // padding-only probes are not forwarded
  const auto seqBytes = rtp::transportSeqBytes(transportSeq);
  rtp::ExtensionElement extensions[3] = {mid, {media::kExtTransportCc.id, Bytes(seqBytes.data(), 2)}};
  size_t count = 2;
  if (auto level = rtp::findExtension(in, media::kExtAudioLevel.id); level && level->size() == 1)
    extensions[count++] = {media::kExtAudioLevel.id, *level};
  const rtp::RtpHeader header{in.marker, in.payloadType, in.sequence, in.timestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, std::span(extensions, count));
  if (headerSize == 0 || out.size() - headerSize < in.payload.size()) return 0;
  std::memcpy(out.data() + headerSize, in.payload.data(), in.payload.size());
  return counted(headerSize + in.payload.size(), in);
}

rtp::ExtensionElement Consumer::midElement() const {
  return {media::kExtMid.id, Bytes(reinterpret_cast<const uint8_t*>(mMid.data()), mMid.size())};
}

size_t Consumer::counted(size_t size, const rtp::RtpView& in) {
  if (size == 0) return 0;
  ++mPacketsSent;
  mOctetsSent += static_cast<uint32_t>(in.payload.size());
  return size;
}

size_t Consumer::padding(uint16_t transportSeq, uint8_t bytes, MutableBytes out) {
  if (!mVideo) return 0;
  const rtp::ExtensionElement mid = midElement();
  const size_t size = mVideo->padding(mSsrc, std::span(&mid, 1), transportSeq, bytes, out);
  if (size > 0) ++mPacketsSent;  // RFC 3550 6.4.1: packets count padding, octets do not
  return size;
}

size_t Consumer::retransmission(uint16_t sequence, MutableBytes out) const {
  if (!mVideo || !mProducer) return 0;
  const rtp::ExtensionElement mid = midElement();
  return mVideo->retransmission(sequence, *mProducer, mSsrc, std::span(&mid, 1), out);
}

uint8_t Consumer::tileCap() const {
  if (!mProducer) return media::kMaxEncodings - 1;
  std::array<std::optional<rtp::Vp8FrameSize>, media::kMaxEncodings> sizes;
  for (size_t e = 0; e < media::kMaxEncodings; ++e) sizes[e] = mProducer->encoding(e).frameSize();
  return tileLayerCap(sizes, mTile.width, mTile.height, mKind != MediaKind::Screen);
}

}  // namespace vicos::sfu
