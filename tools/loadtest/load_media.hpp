// The load tool's synthetic media: Opus-like audio (50 packets/s) and VP8-like video at a
// chosen bitrate (30 frames/s, packets of about 1,200 bytes, periodic keyframes) with the
// header extensions browsers send, each payload ending in a probe that carries its send time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/byte_reader.hpp"
#include "common/clock.hpp"
#include "rtcp/sender_report.hpp"

namespace vicos::loadtest {

// The last 12 bytes of every payload: "VLT1" and the send time (CLOCK_MONOTONIC µs,
// big-endian), so that a receiver measures the latency the server added.
inline constexpr uint32_t kProbeMagic = 0x564C5431;
inline constexpr size_t kProbeSize = 12;

// Writes the probe into the last kProbeSize bytes of `payload`; false when it is shorter.
bool writeProbe(MutableBytes payload, Micros sendTime);
// The send time of a payload written with writeProbe; empty when there is no probe.
std::optional<Micros> readProbe(Bytes payload);

class AudioPacketizer {
 public:
  static constexpr Micros kInterval = 20'000;
  static constexpr size_t kPayloadSize = 80;

  AudioPacketizer(uint32_t ssrc, uint16_t firstSequence, uint32_t firstTimestamp);
  // The next packet into `out`; returns its size, 0 when `out` is too small.
  size_t writeNext(MutableBytes out, Micros now);
  uint32_t ssrc() const { return mSsrc; }

 private:
  uint32_t mSsrc;
  uint16_t mSequence;
  uint32_t mTimestamp;
};

class VideoPacketizer {
 public:
  static constexpr Micros kFrameInterval = 33'333;  // 30 frames/s
  static constexpr uint32_t kTimestampStep = 3000;  // at 90 kHz

  // Frames of `packetsPerFrame` packets of `packetSize` bytes (RTP header included); a key
  // frame every `keyframeInterval` (0: only the first and requested ones). A simulcast layer
  // names its `rid` on every packet (RFC 8852 3.3), as browsers do until the server's receiver
  // reports name its SSRC; empty: no rid.
  VideoPacketizer(uint32_t ssrc, uint16_t firstSequence, uint32_t firstTimestamp, size_t packetsPerFrame,
                  size_t packetSize, Micros keyframeInterval, std::string rid = {});

  // Packets per frame for a bitrate in kbit/s (at least 1).
  static size_t packetsPerFrameFor(uint32_t kbps, size_t packetSize);

  // The next packet of the current frame, starting a new frame after the last one;
  // returns its size, 0 when `out` is too small.
  size_t writeNext(MutableBytes out, Micros now);
  // True between frames: the next writeNext() starts a frame.
  bool atFrameStart() const { return mPacketInFrame == 0; }
  size_t packetsPerFrame() const { return mPacketsPerFrame; }
  void requestKeyframe() { mKeyRequested = true; }
  uint32_t ssrc() const { return mSsrc; }
  uint64_t keyframes() const { return mKeyframes; }
  // What a sender report says of this stream at `now`, wall-clock time `ntp` (RFC 3550 6.4.1):
  // the RTP time of that instant, from the latest frame's timestamp and when it started, and
  // the packets and payload octets sent so far. Empty before the first frame. The SFU needs
  // these before it switches a subscriber between layers: they put both on one clock.
  std::optional<rtcp::SenderInfo> senderInfo(Micros now, uint64_t ntp) const;

 private:
  uint32_t mSsrc;
  uint16_t mSequence;
  uint32_t mTimestamp;
  size_t mPacketsPerFrame;
  size_t mPacketSize;
  Micros mKeyframeInterval;
  std::string mRid;
  std::optional<Micros> mLastKeyframe;
  uint16_t mPictureId = 0;
  size_t mPacketInFrame = 0;
  bool mKeyRequested = true;
  bool mCurrentIsKey = false;
  uint64_t mKeyframes = 0;
  uint32_t mFrameTimestamp = 0;  // of the latest frame …
  Micros mFrameStart = -1;       // … and when its first packet went
  uint32_t mPackets = 0;
  uint32_t mOctets = 0;
};

}  // namespace vicos::loadtest
