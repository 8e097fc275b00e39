// Three VP8 encodings interleaved frame by frame, as a simulcast sender emits them.
#include "client/simulcast_source.hpp"

#include <algorithm>
#include <utility>

namespace vicos::client {
namespace {

VideoLayerOptions layerOptions(size_t index, size_t packetSize) {
  const media::Layer& layer = media::kCameraLayers[index];
  const double bytesPerFrame = layer.maxBitrate / 8.0 / 30.0;
  const auto packets = static_cast<size_t>(bytesPerFrame / static_cast<double>(packetSize) + 0.5);
  return {std::string(layer.rid), true, std::max<size_t>(1, packets),
          static_cast<uint16_t>(SimulcastSource::kCaptureWidth / layer.scaleDown),
          static_cast<uint16_t>(SimulcastSource::kCaptureHeight / layer.scaleDown)};
}

template <size_t... I>
std::array<VideoSource, sizeof...(I)> makeEncodings(const std::array<uint32_t, sizeof...(I)>& ssrcs,
                                                    const std::string& mid, size_t packetSize,
                                                    std::index_sequence<I...>) {
  return {VideoSource(ssrcs[I], mid, media::kVp8.payloadType, packetSize, layerOptions(I, packetSize))...};
}

}  // namespace

SimulcastSource::SimulcastSource(const std::array<uint32_t, kEncodings>& ssrcs, std::string mid,
                                 size_t packetSize)
    : mEncodings(makeEncodings(ssrcs, mid, packetSize, std::make_index_sequence<kEncodings>())) {}

size_t SimulcastSource::writeNext(MutableBytes out) {
  VideoSource& source = mEncodings[mNext];
  const size_t size = source.writeNext(out);
  if (size == 0) return 0;
  mLast = mNext;
  if (source.atFrameStart()) mNext = (mNext + 1) % kEncodings;  // that was the frame's last packet
  return size;
}

size_t SimulcastSource::packetsPerFrame() const {
  size_t packets = 0;
  for (const auto& source : mEncodings) packets += source.layer().packetsPerFrame;
  return packets;
}

}  // namespace vicos::client
