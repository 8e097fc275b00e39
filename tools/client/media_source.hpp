// Synthetic media as a browser would send it: Opus-like audio packets (20 ms at 48 kHz) and
// VP8-like video packets with a valid payload descriptor (RFC 7741), each carrying the mid
// header extension (RFC 8843 15.2). Writes plaintext RTP into caller buffers, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "common/clock.hpp"
#include "media/media_profile.hpp"

namespace vicos::client {

// Fills `payload` with bytes derived from (ssrc, sequence), so a receiver can tell that a
// forwarded payload is the one that was sent.
void fillPattern(MutableBytes payload, uint32_t ssrc, uint16_t sequence);

// What the start of one VP8 packet says (RFC 7741 4.2 descriptor, RFC 6386 9.1 frame tag).
struct Vp8PacketShape {
  bool firstOfFrame = false;
  bool keyframe = false;
  uint16_t pictureId = 0;
  bool temporalLayers = false;  // L and T present: TL0PICIDX, TID, Y
  uint8_t tl0PicIdx = 0;
  uint8_t tid = 0;
  bool layerSync = false;
  uint16_t width = 640;  // in a key frame's header
  uint16_t height = 360;
};

// Writes the start of a VP8 RTP payload as browsers send it: the RFC 7741 4.2 descriptor
// (X=1, S on a frame's first packet, PID 0, 15-bit PictureID, with temporal layers TL0PICIDX
// and TID/Y) and, on the first packet, the RFC 6386 9.1 frame tag (and for a key frame the
// start code and the size).
void writeVp8PayloadStart(ByteWriter& w, const Vp8PacketShape& shape);
// The same without temporal layers, for a 640×360 key frame.
void writeVp8PayloadStart(ByteWriter& w, bool firstOfFrame, bool keyframe, uint16_t pictureId);

class AudioSource {
 public:
  static constexpr Micros kPacketInterval = 20'000;  // 50 packets/s
  static constexpr uint32_t kTimestampStep = 960;    // 20 ms at 48 kHz
  static constexpr size_t kPayloadSize = 80;         // about 32 kbit/s

  AudioSource(uint32_t ssrc, std::string mid = "0", uint8_t payloadType = media::kOpus.payloadType);

  // The next packet into `out`; returns its size (0 when `out` is too small).
  size_t writeNext(MutableBytes out);

  uint32_t ssrc() const { return mSsrc; }
  uint16_t nextSequence() const { return mSequence; }

 private:
  uint32_t mSsrc;
  std::string mMid;
  uint8_t mPayloadType;
  uint16_t mSequence;
  uint32_t mTimestamp;
};

// One VP8 encoding as a simulcast sender sends it; the defaults are a single-layer camera.
struct VideoLayerOptions {
  std::string rid;  // sent as rtp-stream-id (RFC 8852 3.3) on every packet; empty: none
  // L1T3 as libwebrtc sends it: TID 0,2,1,2 from each key frame on, TL0PICIDX +1 per TL0
  // frame from a random start, Y=1 on the frames that refer only to the last TL0 frame.
  bool temporalLayers = false;
  size_t packetsPerFrame = 3;
  uint16_t width = 640;  // written into key frames
  uint16_t height = 360;
};

class VideoSource {
 public:
  static constexpr uint32_t kTimestampStep = 3000;  // 30 frames/s at 90 kHz
  static constexpr size_t kDefaultPacketSize = 1200;
  static constexpr size_t kPacketsPerFrame = 3;  // the default of VideoLayerOptions

  // `packetSize`: the plaintext RTP size of each packet (header included). Sequence number,
  // timestamp, PictureID and TL0PICIDX start at random values, as each libwebrtc stream does.
  VideoSource(uint32_t ssrc, std::string mid = "1", uint8_t payloadType = media::kVp8.payloadType,
              size_t packetSize = kDefaultPacketSize, VideoLayerOptions layer = {});

  // The next packet into `out`; returns its size (0 when `out` is too small). The first
  // frame, and the next after requestKeyframe(), is a key frame.
  size_t writeNext(MutableBytes out);
  void requestKeyframe() { mKeyframeRequested = true; }

  uint32_t ssrc() const { return mSsrc; }
  uint16_t nextSequence() const { return mSequence; }
  uint64_t keyframesSent() const { return mKeyframes; }
  const VideoLayerOptions& layer() const { return mLayer; }
  // True between frames: the next writeNext() starts a frame.
  bool atFrameStart() const { return mPacketInFrame == 0; }

 private:
  uint32_t mSsrc;
  std::string mMid;
  uint8_t mPayloadType;
  size_t mPacketSize;
  VideoLayerOptions mLayer;
  uint16_t mSequence;
  uint32_t mTimestamp;
  uint16_t mPictureId = 0;
  uint8_t mTl0PicIdx = 0;
  uint32_t mFramesSinceKey = 0;  // position in the TID pattern
  bool mSentFrame = false;
  size_t mPacketInFrame = 0;
  bool mKeyframeRequested = true;
  bool mCurrentIsKey = false;
  uint64_t mKeyframes = 0;
};

}  // namespace vicos::client
