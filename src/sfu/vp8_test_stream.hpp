// Test-only: scripted VP8 simulcast encodings as libwebrtc sends them (random sequence,
// timestamp, PictureID and TL0PICIDX starts per stream; TID pattern 0,2,1,2), plus the output
// packet a consumer would build from a mapping.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "rtp/rtp_packet.hpp"
#include "sfu/simulcast_switch.hpp"
#include "sfu/stream_rewriter.hpp"

namespace vicos::sfu::test {

inline constexpr uint32_t kFrameTicks = 3000;  // 30 fps at 90 kHz
inline constexpr uint64_t kNtpBase = 0xe4a1b2c300000000ull;
inline constexpr uint64_t kNtpFrame = (1ull << 32) / 30;  // 1/30 s in NTP units

struct TestPacket {
  std::vector<uint8_t> bytes;
  uint8_t encoding = 0;
  uint32_t frame = 0;  // index on the shared frame clock
  uint8_t tid = 0;
  bool keyframe = false;
  bool firstOfFrame = false;
  bool lastOfFrame = false;

  rtp::RtpView view() const { return *rtp::parseRtp(bytes); }
};

// One encoding. All encodings share the frame clock: frame n is captured at n/30 s.
class Vp8TestStream {
 public:
  Vp8TestStream(uint8_t encoding, std::mt19937& rng, size_t packetsPerFrame, bool temporalLayers = true)
      : mEncoding(encoding), mPacketsPerFrame(packetsPerFrame), mTemporal(temporalLayers) {
    mSsrc = static_cast<uint32_t>(rng());
    mSequence = static_cast<uint16_t>(rng());
    mTimestampStart = static_cast<uint32_t>(rng());
    mPictureId = static_cast<uint16_t>(rng() & 0x7fff);
    mTl0 = static_cast<uint8_t>(rng());
  }

  void setSequence(uint16_t sequence) { mSequence = sequence; }
  void setSsrc(uint32_t ssrc) { mSsrc = ssrc; }
  uint32_t ssrc() const { return mSsrc; }

  // The packets of frame `frame`; frames must be asked for in rising order.
  std::vector<TestPacket> frame(uint32_t frame, bool keyframe) {
    if (keyframe) mPattern = 0;
    static constexpr uint8_t kTids[] = {0, 2, 1, 2};
    const uint8_t tid = mTemporal ? kTids[mPattern % 4] : 0;
    // Frames 1 and 2 after a TL0 frame refer only to it: layer sync (RFC 7741 4.2, Y).
    const bool sync = mTemporal && mPattern % 4 != 3;
    if (tid == 0 && mStarted) ++mTl0;
    mStarted = true;
    ++mPattern;
    std::vector<TestPacket> out;
    for (size_t i = 0; i < mPacketsPerFrame; ++i) {
      TestPacket p;
      p.encoding = mEncoding;
      p.frame = frame;
      p.tid = tid;
      p.keyframe = keyframe;
      p.firstOfFrame = i == 0;
      p.lastOfFrame = i + 1 == mPacketsPerFrame;
      p.bytes.resize(12);
      p.bytes[0] = 0x80;
      p.bytes[1] = static_cast<uint8_t>((p.lastOfFrame ? 0x80 : 0) | 96);
      storeBe16(p.bytes.data() + 2, mSequence++);
      storeBe32(p.bytes.data() + 4, mTimestampStart + frame * kFrameTicks);
      storeBe32(p.bytes.data() + 8, mSsrc);
      // RFC 7741 4.2: X, S on the first packet, PID 0 | I L T | M PictureID | TL0PICIDX | TID Y
      p.bytes.push_back(static_cast<uint8_t>(0x80 | (p.firstOfFrame ? 0x10 : 0)));
      p.bytes.push_back(mTemporal ? 0xe0 : 0x80);
      p.bytes.push_back(static_cast<uint8_t>(0x80 | (mPictureId >> 8)));
      p.bytes.push_back(static_cast<uint8_t>(mPictureId));
      if (mTemporal) {
        p.bytes.push_back(mTl0);
        p.bytes.push_back(static_cast<uint8_t>(tid << 6 | (sync ? 0x20 : 0)));
      }
      if (p.firstOfFrame) {
        // RFC 6386 9.1 frame tag (P = 0 on a keyframe, show_frame), then the key frame start code.
        p.bytes.push_back(keyframe ? 0x10 : 0x11);
        p.bytes.push_back(0x2a);
        p.bytes.push_back(0x00);
        if (keyframe) p.bytes.insert(p.bytes.end(), {0x9d, 0x01, 0x2a});
      }
      for (int b = 0; b < 20; ++b) p.bytes.push_back(static_cast<uint8_t>(mEncoding * 64 + frame + b));
      out.push_back(std::move(p));
    }
    mPictureId = (mPictureId + 1) & 0x7fff;
    return out;
  }

  // The sender report of this stream taken at frame `frame` (RFC 3550 6.4.1).
  SenderClock clockAt(uint32_t frame) const {
    return {true, mSsrc, kNtpBase + frame * kNtpFrame, mTimestampStart + frame * kFrameTicks};
  }

 private:
  uint8_t mEncoding;
  size_t mPacketsPerFrame;
  bool mTemporal;
  uint32_t mSsrc = 0;
  uint16_t mSequence = 0;
  uint32_t mTimestampStart = 0;
  uint16_t mPictureId = 0;
  uint8_t mTl0 = 0;
  uint32_t mPattern = 0;
  bool mStarted = false;
};

// The packet a consumer sends for `in` under `mapping` (its own SSRC, no extensions).
inline std::vector<uint8_t> buildOutput(const rtp::RtpView& in, const RtpMapping& mapping, uint32_t ssrc) {
  std::vector<uint8_t> out(1500);
  out.resize(writeMapped(in, mapping, ssrc, {}, out));
  return out;
}

}  // namespace vicos::sfu::test
