// A video consumer's layer choice, forwarding through the switch and rebuilt retransmissions.
#include "sfu/video_forwarding.hpp"

#include <algorithm>

#include "media/media_profile.hpp"
#include "sfu/producer.hpp"

namespace vicos::sfu {

namespace {

// `extensions` and the transport-wide number, as the packet carries them.
struct OutputExtensions {
  OutputExtensions(std::span<const rtp::ExtensionElement> extensions, std::optional<uint16_t> transportSeq)
      : seqBytes(rtp::transportSeqBytes(transportSeq.value_or(0))) {
    for (const auto& e : extensions.first(std::min(extensions.size(), VideoForwarding::kMaxExtensions)))
      elements[count++] = e;
    if (transportSeq) elements[count++] = {media::kExtTransportCc.id, Bytes(seqBytes.data(), seqBytes.size())};
  }
  std::span<const rtp::ExtensionElement> span() const { return std::span(elements.data(), count); }

  std::array<uint8_t, 2> seqBytes;
  std::array<rtp::ExtensionElement, VideoForwarding::kMaxExtensions + 1> elements{};
  size_t count = 0;
};

}  // namespace

std::array<LayerClock, SimulcastSwitch::kMaxEncodings> layerClocks(const Producer& producer) {
  std::array<LayerClock, SimulcastSwitch::kMaxEncodings> clocks{};
  for (size_t i = 0; i < clocks.size() && i < media::kMaxEncodings; ++i) {
    const ProducerEncoding& e = producer.encoding(i);
    if (const auto& clock = e.senderClock(); clock && e.ssrc())
      clocks[i] = {true, *e.ssrc(), clock->ntp, clock->rtpTimestamp};
  }
  return clocks;
}

VideoForwarding::VideoForwarding(const StreamRewriter::Start& start) : mSwitch(start) {}

size_t VideoForwarding::forward(uint8_t encoding, const rtp::RtpView& in, uint32_t ssrc,
                                std::span<const rtp::ExtensionElement> extensions,
                                std::optional<uint16_t> transportSeq, std::span<const LayerClock> clocks,
                                Micros now, MutableBytes out, SwitchDecision& decision) {
  decision = mSwitch.onPacket(encoding, in, now, clocks);
  if (!decision.forward) return 0;
  const OutputExtensions all(extensions, transportSeq);
  const size_t size = writeMapped(in, decision.mapping, ssrc, all.span(), out);
  if (size == 0) return 0;
  mHistory.record({encoding, in.ssrc, in.sequence, decision.mapping, transportSeq});
  if (decision.mapping.sequence == mSwitch.rewriter().lastSequence()) mAtFrameEnd = in.marker;
  return size;
}

size_t VideoForwarding::padding(uint32_t ssrc, std::span<const rtp::ExtensionElement> extensions,
                                uint16_t transportSeq, uint8_t padding, MutableBytes out) {
  if (!mAtFrameEnd) return 0;
  const auto mapping = mSwitch.insertPadding();
  if (!mapping) return 0;
  const OutputExtensions all(extensions, transportSeq);
  return writePadding(*mapping, media::kVp8.payloadType, ssrc, all.span(), padding, out);
}

size_t VideoForwarding::retransmission(uint16_t sequence, const Producer& producer, uint32_t ssrc,
                                       std::span<const rtp::ExtensionElement> extensions,
                                       MutableBytes out) const {
  const auto sent = mHistory.find(sequence);
  if (!sent || sent->encoding >= media::kMaxEncodings) return 0;
  const RtpCache* cache = producer.encoding(sent->encoding).cache();
  const auto cached = cache ? cache->find(sent->inputSequence) : std::nullopt;
  const auto input = cached ? rtp::parseRtp(*cached) : std::nullopt;
  if (!input || input->ssrc != sent->inputSsrc) return 0;
  const OutputExtensions all(extensions, sent->transportSeq);
  return writeMapped(*input, sent->mapping, ssrc, all.span(), out);
}

std::optional<uint8_t> VideoForwarding::chooseLayer(const Producer& producer, Micros now, uint8_t cap) {
  mSwitch.setPaused(cap == media::kNoEncoding);
  if (mSwitch.paused()) return std::nullopt;
  std::optional<uint8_t> live;
  for (uint8_t i = 0; i < media::kMaxEncodings; ++i) {
    const ProducerEncoding& e = producer.encoding(i);
    if (e.packetsReceived() == 0 || now - e.lastPacketTime() >= kLiveWindow) continue;
    if (i <= cap || !live) live = i;  // the highest live one within the cap, else the lowest above
    if (i >= cap) break;
  }
  // Nothing live (the publisher has not sent yet, or its camera is off): keep the target, and
  // ask nobody for a keyframe until it sends again.
  if (!live) return std::nullopt;
  mSwitch.setTarget(*live, SimulcastSwitch::kMaxTemporal);
  return mSwitch.keyframeWanted();
}

}  // namespace vicos::sfu
