// Packetizers of the load tool's synthetic audio and video.
#include "loadtest/load_media.hpp"

#include <algorithm>
#include <span>
#include <utility>

#include "client/media_source.hpp"
#include "common/byte_writer.hpp"
#include "media/media_profile.hpp"
#include "rtp/rtp_extensions.hpp"

namespace vicos::loadtest {
namespace {

const uint8_t kMidAudio[] = {'0'};
const uint8_t kMidVideo[] = {'1'};

}  // namespace

bool writeProbe(MutableBytes payload, Micros sendTime) {
  if (payload.size() < kProbeSize) return false;
  uint8_t* p = payload.data() + payload.size() - kProbeSize;
  storeBe32(p, kProbeMagic);
  storeBe64(p + 4, static_cast<uint64_t>(sendTime));
  return true;
}

std::optional<Micros> readProbe(Bytes payload) {
  if (payload.size() < kProbeSize) return std::nullopt;
  const uint8_t* p = payload.data() + payload.size() - kProbeSize;
  if (loadBe32(p) != kProbeMagic) return std::nullopt;
  return static_cast<Micros>(loadBe64(p + 4));
}

AudioPacketizer::AudioPacketizer(uint32_t ssrc, uint16_t firstSequence, uint32_t firstTimestamp)
    : mSsrc(ssrc), mSequence(firstSequence), mTimestamp(firstTimestamp) {}

size_t AudioPacketizer::writeNext(MutableBytes out, Micros now) {
  const uint8_t level = 0x80 | 30;  // RFC 6464 3: voice, -30 dBov
  const rtp::ExtensionElement extensions[2] = {{media::kExtMid.id, Bytes(kMidAudio)},
                                               {media::kExtAudioLevel.id, Bytes(&level, 1)}};
  const rtp::RtpHeader header{false, media::kOpus.payloadType, mSequence, mTimestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, extensions);
  if (headerSize == 0 || out.size() - headerSize < kPayloadSize) return 0;
  const MutableBytes payload = out.subspan(headerSize, kPayloadSize);
  client::fillPattern(payload, mSsrc, mSequence);
  writeProbe(payload, now);
  ++mSequence;
  mTimestamp += 960;  // 20 ms at 48 kHz
  return headerSize + kPayloadSize;
}

VideoPacketizer::VideoPacketizer(uint32_t ssrc, uint16_t firstSequence, uint32_t firstTimestamp,
                                 size_t packetsPerFrame, size_t packetSize, Micros keyframeInterval,
                                 std::string rid)
    : mSsrc(ssrc),
      mSequence(firstSequence),
      mTimestamp(firstTimestamp),
      mPacketsPerFrame(std::max<size_t>(1, packetsPerFrame)),
      mPacketSize(packetSize),
      mKeyframeInterval(keyframeInterval),
      mRid(std::move(rid)),
      mPictureId(static_cast<uint16_t>(firstSequence & 0x7FFF)) {}

size_t VideoPacketizer::packetsPerFrameFor(uint32_t kbps, size_t packetSize) {
  const double bytesPerFrame = kbps * 1000.0 / 8.0 / 30.0;
  return std::max<size_t>(1, static_cast<size_t>(bytesPerFrame / static_cast<double>(packetSize) + 0.5));
}

size_t VideoPacketizer::writeNext(MutableBytes out, Micros now) {
  const bool first = mPacketInFrame == 0;
  const bool last = mPacketInFrame + 1 == mPacketsPerFrame;
  const auto sendTime = rtp::absSendTimeBytes(now);
  const rtp::ExtensionElement extensions[3] = {
      {media::kExtMid.id, Bytes(kMidVideo)},
      {media::kExtAbsSendTime.id, Bytes(sendTime)},
      {media::kExtRid.id, Bytes(reinterpret_cast<const uint8_t*>(mRid.data()), mRid.size())}};
  const rtp::RtpHeader header{last, media::kVp8.payloadType, mSequence, mTimestamp, mSsrc};
  const size_t headerSize = rtp::writeRtpHeader(out, header, std::span(extensions, mRid.empty() ? 2 : 3));
  if (headerSize == 0 || mPacketSize < headerSize + 32 || out.size() < mPacketSize) return 0;
  if (first) {
    mFrameTimestamp = mTimestamp;
    mFrameStart = now;
    const bool due = mKeyframeInterval > 0 && (!mLastKeyframe || now - *mLastKeyframe >= mKeyframeInterval);
    mCurrentIsKey = mKeyRequested || due;
    mKeyRequested = false;
    if (mCurrentIsKey) {
      ++mKeyframes;
      mLastKeyframe = now;
    }
  }
  ByteWriter w(out.subspan(headerSize, mPacketSize - headerSize));
  client::writeVp8PayloadStart(w, first, mCurrentIsKey, mPictureId);
  const size_t used = headerSize + w.size();
  const MutableBytes rest = out.subspan(used, mPacketSize - used);
  client::fillPattern(rest, mSsrc, mSequence);
  writeProbe(rest, now);
  ++mSequence;
  ++mPackets;
  mOctets += static_cast<uint32_t>(mPacketSize - headerSize);
  if (last) {
    mPacketInFrame = 0;
    mTimestamp += kTimestampStep;
    mPictureId = static_cast<uint16_t>((mPictureId + 1) & 0x7FFF);
  } else {
    ++mPacketInFrame;
  }
  return mPacketSize;
}

std::optional<rtcp::SenderInfo> VideoPacketizer::senderInfo(Micros now, uint64_t ntp) const {
  if (mFrameStart < 0) return std::nullopt;
  rtcp::SenderInfo info;
  info.ssrc = mSsrc;
  info.ntpTimestamp = ntp;
  const auto elapsed = static_cast<uint64_t>(std::max<Micros>(now - mFrameStart, 0));
  info.rtpTimestamp = mFrameTimestamp + static_cast<uint32_t>(elapsed * 90 / 1000);  // 90 kHz
  info.packetCount = mPackets;
  info.octetCount = mOctets;
  return info;
}

}  // namespace vicos::loadtest
