// Per-subscriber forwarding: our SSRC and mid on every packet; audio goes through the
// subscriber's audio slot that carries the publisher (audio_slot.hpp), video is renumbered by
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
#include "sfu/peer.hpp"
#include "sfu/producer.hpp"

namespace vicos::sfu {

namespace {

uint16_t randomU16() {
  uint8_t bytes[2] = {};
  RAND_bytes(bytes, sizeof bytes);
  return static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
}

}  // namespace

StreamRewriter::Start randomRewriterStart() {
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

Consumer::Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc)
    : Consumer(subscriber, std::move(publisher), kind, std::move(mid), ssrc, randomRewriterStart()) {}

Consumer::Consumer(Peer& subscriber, std::string publisher, MediaKind kind, std::string mid, uint32_t ssrc,
                   const StreamRewriter::Start& start)
    : mSubscriber(subscriber), mPublisher(std::move(publisher)), mKind(kind), mMid(std::move(mid)),
      mSsrc(ssrc), mRtxSequence(randomU16()), mVideo(isVideo(kind) ? std::make_unique<VideoForwarding>(start) : nullptr),
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
  // Audio goes out only through the subscriber's audio slot that carries this publisher now; a
  // free slot takes it at once (the speaker interval would otherwise cut a joiner's first words).
  AudioSlot* slot = mSubscriber.slotCarrying(this);
  if (!slot && (slot = mSubscriber.slotCarrying(nullptr))) slot->setSource(this);
  return slot ? slot->forward(in, transportSeq, now, out) : 0;
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

size_t Consumer::rtxRetransmission(uint16_t sequence, uint16_t transportSeq, MutableBytes out) {
  if (mRtxSsrc == 0) return 0;
  const size_t size = retransmission(sequence, out);
  if (size == 0) return 0;
  const auto original = rtp::parseRtp(Bytes(out.data(), size));
  if (!original) return 0;
  const auto seqBytes = rtp::transportSeqBytes(transportSeq);
  const rtp::ExtensionElement extensions[2] = {midElement(), {media::kExtTransportCc.id, Bytes(seqBytes.data(), 2)}};
  const rtp::RtpHeader header{original->marker, media::kVp8Rtx.payloadType, mRtxSequence, original->timestamp,
                              mRtxSsrc};
  std::array<uint8_t, 64> head{};
  const size_t headSize = rtp::writeRtpHeader(MutableBytes(head.data(), head.size()), header, extensions);
  const Bytes payload = original->payload;
  if (headSize == 0 || headSize + 2 + payload.size() > out.size()) return 0;
  // The payload moves behind the new header and the OSN; the regions may overlap.
  std::memmove(out.data() + headSize + 2, payload.data(), payload.size());
  std::memcpy(out.data(), head.data(), headSize);
  storeBe16(out.data() + headSize, sequence);
  ++mRtxSequence;
  return headSize + 2 + payload.size();
}

uint8_t Consumer::tileCap() const {
  if (!mProducer) return media::kMaxEncodings - 1;
  std::array<std::optional<rtp::Vp8FrameSize>, media::kMaxEncodings> sizes;
  for (size_t e = 0; e < media::kMaxEncodings; ++e) sizes[e] = mProducer->encoding(e).frameSize();
  return tileLayerCap(sizes, mTile.width, mTile.height, mKind != MediaKind::Screen);
}

}  // namespace vicos::sfu
