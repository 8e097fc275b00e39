// The media contract of docs/protocol.md "Media model": codecs, payload types, clock rates,
// RTCP feedback and header-extension ids, read by the offer builder, the SFU, the test client
// and the load tool so that none of them keeps its own copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

namespace vicos::media {

// One codec as the server offers it (RFC 8866 6.6 rtpmap, 6.15 fmtp).
struct Codec {
  uint8_t payloadType = 0;
  std::string_view name;   // rtpmap encoding name
  uint32_t clockRate = 0;  // Hz; also the RTP timestamp rate (RFC 3550 5.1)
  uint8_t channels = 0;    // 0: the rtpmap carries no channel count
  std::string_view fmtp;   // empty: no a=fmtp line
};

// Opus, RFC 7587 7: always "opus/48000/2", whatever the real rate and channel count.
inline constexpr Codec kOpus{111, "opus", 48000, 2, "minptime=10;useinbandfec=1"};
// VP8, RFC 7741 6.1.
inline constexpr Codec kVp8{96, "VP8", 90000, 0, ""};
// Retransmissions of VP8 in their own stream (RFC 4588 8.6: "apt" names the original PT).
inline constexpr Codec kVp8Rtx{97, "rtx", 90000, 0, "apt=96"};

// The RTCP feedback offered for video, in offer order: generic NACK and PLI (RFC 4585 4.2),
// FIR (RFC 5104 7.1) and receiver-estimated bitrate (draft-alvestrand-rmcat-remb-03 2).
inline constexpr std::string_view kVideoFeedback[] = {"nack", "nack pli", "ccm fir", "goog-remb"};
// On every m-line, audio and video: transport-wide congestion control feedback
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 4.1).
inline constexpr std::string_view kTransportCcFeedback = "transport-cc";

// An RTP header extension (RFC 8285 5: a=extmap); ids 1–14 fit the one-byte form (RFC 8285
// 4.2) and each id names one URI across the BUNDLE group. Answers keep the offer's ids.
struct Extension {
  uint8_t id = 0;
  std::string_view uri;
  bool audio = false;  // offered on audio m-lines
  bool video = false;  // offered on video m-lines
};

inline constexpr Extension kExtMid{1, "urn:ietf:params:rtp-hdrext:sdes:mid", true, true};  // RFC 8843 15.2
inline constexpr Extension kExtAudioLevel{2, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", true,
                                          false};  // RFC 6464
inline constexpr Extension kExtAbsSendTime{3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                                           false, true};  // webrtc.org experiments

// Simulcast (docs/design/media-model.md): which encoding a packet belongs to (RFC 8852 3.1) and,
// on an RTX packet, which encoding it repairs (RFC 8852 3.2). Offered on the camera uplink only,
// with simulcast on (sdp/offer_builder.cpp).
inline constexpr Extension kExtRid{4, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", false, false};
inline constexpr Extension kExtRepairedRid{5, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", false,
                                           false};

// Encodings (simulcast layers, RFC 8853) an uplink may have at most: the camera's three.
inline constexpr size_t kMaxEncodings = 3;
// In place of an encoding index: none at all (a video the subscriber does not show).
inline constexpr uint8_t kNoEncoding = 0xff;

// What a packet costs on a link beyond its RTP bytes, so that a downlink's layers are chosen to
// fit the wire: IPv4 and UDP headers, and the SRTP authentication tag (AES-GCM; 10 bytes with
// HMAC-SHA1-80). ICE-TCP and IPv6 cost a little more; close enough for choosing layers.
inline constexpr uint32_t kIpUdpOverhead = 28;
inline constexpr uint32_t kSrtpTagOverhead = 16;

// The camera's simulcast layers, lowest first (docs/design/media-model.md §2): the RID the offer
// asks for (RFC 8851), how much the browser scales the capture down, and the layer's bit rate
// cap (W3C webrtc-pc RTCRtpEncodingParameters). 1280x720 gives 320x180, 640x360, 1280x720.
struct Layer {
  std::string_view rid;
  uint8_t scaleDown = 1;
  uint32_t maxBitrate = 0;  // bit/s
};
inline constexpr Layer kCameraLayers[] = {{"q", 4, 200'000}, {"h", 2, 700'000}, {"f", 1, 2'500'000}};
static_assert(std::size(kCameraLayers) <= kMaxEncodings);

// Bandwidth estimation (docs/design/media-model.md §7 item 3): the transport-wide sequence
// number that transport-cc feedback (RTPFB FMT 15) reports on. Offered on every m-line with
// a=rtcp-fb transport-cc: on uplinks the browser's own send-side estimator runs on our feedback
// (bwe::FeedbackWriter), on downlinks ours on the browser's (sfu/downlink_estimate.hpp).
inline constexpr Extension kExtTransportCc{
    6, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", false, false};

// Bounded downlinks (issue 10 item 6): a subscriber hears the others through at most this many
// audio m-lines, each carrying one of the loudest publishers at a time (sfu/audio_slot.hpp).
inline constexpr size_t kAudioSlots = 3;

// Every extension, in the order an m-line's a=extmap lines are written.
inline constexpr Extension kExtensions[] = {kExtMid, kExtAudioLevel, kExtAbsSendTime};

}  // namespace vicos::media
