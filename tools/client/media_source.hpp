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

// Writes the start of a VP8 RTP payload as browsers send it: the RFC 7741 4.2 descriptor
// (X=1, S on a frame's first packet, PID 0, 15-bit PictureID) and, on the first packet, the
// RFC 6386 9.1 frame tag (and for a key frame the start code and a 640×360 size).
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

class VideoSource {
 public:
  static constexpr uint32_t kTimestampStep = 3000;  // 30 frames/s at 90 kHz
  static constexpr size_t kDefaultPacketSize = 1200;
  static constexpr size_t kPacketsPerFrame = 3;

  // `packetSize`: the plaintext RTP size of each packet (header included).
  VideoSource(uint32_t ssrc, std::string mid = "1", uint8_t payloadType = media::kVp8.payloadType,
              size_t packetSize = kDefaultPacketSize);

  // The next packet into `out`; returns its size (0 when `out` is too small). The first
  // frame, and the next after requestKeyframe(), is a key frame.
  size_t writeNext(MutableBytes out);
  void requestKeyframe() { mKeyframeRequested = true; }

  uint32_t ssrc() const { return mSsrc; }
  uint16_t nextSequence() const { return mSequence; }
  uint64_t keyframesSent() const { return mKeyframes; }

 private:
  uint32_t mSsrc;
  std::string mMid;
  uint8_t mPayloadType;
  size_t mPacketSize;
  uint16_t mSequence;
  uint32_t mTimestamp;
  uint16_t mPictureId = 0;
  size_t mPacketInFrame = 0;
  bool mKeyframeRequested = true;
  bool mCurrentIsKey = false;
  uint64_t mKeyframes = 0;
};

}  // namespace vicos::client
