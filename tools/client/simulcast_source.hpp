// Synthetic camera simulcast as a browser sends it from our offer (docs/design/media-model.md
// S12): the profile's camera layers as VP8 encodings of one track on one frame clock.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

#include "client/media_source.hpp"
#include "media/media_profile.hpp"

namespace vicos::client {

// Encoding i is media::kCameraLayers[i]: its rid (RFC 8852 3.3, on every packet), key frames of
// a 1280×720 capture scaled down by the layer's factor (320×180, 640×360, 1280×720) and as many
// packets a frame as the layer's bit rate cap fills at 30 frames/s (at least one). Each has its
// own random sequence, timestamp, PictureID and TL0PICIDX start (libwebrtc draws them per
// stream) and sends L1T3 temporal layers. Writes plaintext RTP and allocates nothing.
class SimulcastSource {
 public:
  static constexpr size_t kEncodings = std::size(media::kCameraLayers);
  static constexpr uint16_t kCaptureWidth = 1280;
  static constexpr uint16_t kCaptureHeight = 720;

  SimulcastSource(const std::array<uint32_t, kEncodings>& ssrcs, std::string mid = "1",
                  size_t packetSize = VideoSource::kDefaultPacketSize);

  // The next packet: a frame's packets encoding by encoding (lowest first), then the next
  // frame. Returns its size (0 when `out` is too small, and then nothing is consumed).
  size_t writeNext(MutableBytes out);
  // The encoding of the packet the last writeNext() wrote.
  size_t lastEncoding() const { return mLast; }
  // Packets of one frame over all encodings.
  size_t packetsPerFrame() const;

  VideoSource& encoding(size_t index) { return mEncodings[index]; }
  void requestKeyframe(size_t index) { mEncodings[index].requestKeyframe(); }

 private:
  std::array<VideoSource, kEncodings> mEncodings;
  size_t mNext = 0;  // the encoding that writes next
  size_t mLast = 0;
};

}  // namespace vicos::client
