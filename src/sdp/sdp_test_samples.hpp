// Sample SDP for the tests and the fuzz seed corpus: answers shaped exactly as Chromium
// (M120+) and Firefox ESR 115+ write them for our offer, and a Chromium-style offer with
// simulcast, RTX and a data channel. Written with LF; crlf() gives the wire form.
#pragma once

#include <string>
#include <string_view>

#include "sdp/offer_builder.hpp"

namespace vicos::sdp::samples {

inline std::string crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// The offer both answers below answer: uplink audio+video, one remote participant's audio
// and video, and one m-line left inactive by a participant who has gone.
inline OfferSpec offerSpec() {
  OfferSpec spec;
  spec.sessionId = 7023596153748102031ull;
  spec.sessionVersion = 3;
  spec.iceUfrag = "vC5qT1Zp";
  spec.icePwd = "N2xJ8kR0a7LmW4sYq9EdF6Hb";
  spec.fingerprintSha256 =
      "41:52:99:7D:06:21:9E:0C:3A:81:BC:58:2F:CD:40:58:93:BD:79:F2:CC:6B:8E:F0:ED:BA:0A:66:"
      "ED:86:BC:99";
  spec.candidates = {{"192.0.2.10", 40000}, {"2001:db8::10", 40000}};
  spec.media = {
      {MediaKind::Audio, "0", Direction::RecvOnly, false, 0, "", "", "", {}, false},
      {MediaKind::Video, "1", Direction::RecvOnly, false, 0, "", "", "", {}, false},
      {MediaKind::Audio, "2", Direction::SendOnly, false, 0x1001u, "a1b2c3d4e5f60718", "a1b2c3d4e5f60718",
       "a1b2c3d4e5f60718-audio", {}, false},
      {MediaKind::Video, "3", Direction::SendOnly, false, 0x1002u, "a1b2c3d4e5f60718", "a1b2c3d4e5f60718",
       "a1b2c3d4e5f60718-video", {}, false},
      {MediaKind::Audio, "4", Direction::Inactive, false, 0, "", "", "", {}, false},
  };
  return spec;
}

inline constexpr std::string_view kChromiumAnswer = R"SDP(v=0
o=- 2847105927495827263 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1 2 3 4
a=extmap-allow-mixed
a=msid-semantic: WMS ffedaf96-6b7e-4854-b39e-9394474d442f
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Xq7d
a=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm
a=ice-options:trickle
a=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38
a=setup:active
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=sendonly
a=msid:ffedaf96-6b7e-4854-b39e-9394474d442f 85497801-d997-4b77-bafe-4c4b11ff55a9
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=fmtp:111 minptime=10;useinbandfec=1
a=ssrc:3735928559 cname:k2Jd8Qw1fXz0pL3m
a=ssrc:3735928559 msid:ffedaf96-6b7e-4854-b39e-9394474d442f 85497801-d997-4b77-bafe-4c4b11ff55a9
m=video 9 UDP/TLS/RTP/SAVPF 96
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Xq7d
a=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm
a=ice-options:trickle
a=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38
a=setup:active
a=mid:1
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=sendonly
a=msid:ffedaf96-6b7e-4854-b39e-9394474d442f 79ec2668-8214-4e6f-adb9-f71f2069796a
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=ssrc:1234567890 cname:k2Jd8Qw1fXz0pL3m
a=ssrc:1234567890 msid:ffedaf96-6b7e-4854-b39e-9394474d442f 79ec2668-8214-4e6f-adb9-f71f2069796a
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Xq7d
a=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm
a=ice-options:trickle
a=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38
a=setup:active
a=mid:2
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=fmtp:111 minptime=10;useinbandfec=1
m=video 9 UDP/TLS/RTP/SAVPF 96
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Xq7d
a=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm
a=ice-options:trickle
a=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38
a=setup:active
a=mid:3
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Xq7d
a=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm
a=ice-options:trickle
a=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38
a=setup:active
a=mid:4
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=inactive
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=fmtp:111 minptime=10;useinbandfec=1
)SDP";

// Firefox: session-level fingerprint, attributes sorted by name, {uuid} msids and cnames,
// a=ssrc lines also on receive-only m-lines, setup on each m-line.
inline constexpr std::string_view kFirefoxAnswer = R"SDP(v=0
o=mozilla...THIS_IS_SDPARTA-115.6.0 6307245958498418402 0 IN IP4 0.0.0.0
s=-
t=0 0
a=fingerprint:sha-256 EA:05:7D:61:17:50:49:13:4E:61:3F:48:B7:FD:29:B0:94:01:97:DD:16:F7:36:D0:DE:3C:99:2F:41:2F:2D:CD
a=group:BUNDLE 0 1 2 3 4
a=ice-options:trickle
a=msid-semantic:WMS *
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=sendonly
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=fmtp:111 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=ice-pwd:5619242ccd7fe3d2391758af6f34aea4
a=ice-ufrag:5636beb5
a=mid:0
a=msid:{770d003f-8a5c-4b2b-b2b7-ede0dad7c6b4} {a8536b75-4b14-4050-b6e5-2826e47f1f1e}
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=setup:active
a=ssrc:2882400001 cname:{6e7edff8-c23e-4e8d-b5ae-ee098deee408}
m=video 9 UDP/TLS/RTP/SAVPF 96
c=IN IP4 0.0.0.0
a=sendonly
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=fmtp:96 max-fs=12288;max-fr=60
a=ice-pwd:5619242ccd7fe3d2391758af6f34aea4
a=ice-ufrag:5636beb5
a=mid:1
a=msid:{770d003f-8a5c-4b2b-b2b7-ede0dad7c6b4} {01de1a9e-b930-4946-80e0-a9462d99de2e}
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 goog-remb
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=setup:active
a=ssrc:2882400002 cname:{6e7edff8-c23e-4e8d-b5ae-ee098deee408}
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=recvonly
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=fmtp:111 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=ice-pwd:5619242ccd7fe3d2391758af6f34aea4
a=ice-ufrag:5636beb5
a=mid:2
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=setup:active
a=ssrc:2882400003 cname:{6e7edff8-c23e-4e8d-b5ae-ee098deee408}
m=video 9 UDP/TLS/RTP/SAVPF 96
c=IN IP4 0.0.0.0
a=recvonly
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=fmtp:96 max-fs=12288;max-fr=60
a=ice-pwd:5619242ccd7fe3d2391758af6f34aea4
a=ice-ufrag:5636beb5
a=mid:3
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 goog-remb
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=setup:active
a=ssrc:2882400004 cname:{6e7edff8-c23e-4e8d-b5ae-ee098deee408}
m=audio 9 UDP/TLS/RTP/SAVPF 111
c=IN IP4 0.0.0.0
a=inactive
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=fmtp:111 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=ice-pwd:5619242ccd7fe3d2391758af6f34aea4
a=ice-ufrag:5636beb5
a=mid:4
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=setup:active
)SDP";

// A Chromium-style offer exercising what our answers lack: RTX with an FID group,
// rid/simulcast, extmap direction, candidates, a data channel m-line, session-level ICE.
inline constexpr std::string_view kRichOffer = R"SDP(v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=ice-ufrag:Gq3x
a=ice-pwd:b7Ke2VzP9mXc1RtY6wLu0Nqs
a=fingerprint:sha-256 41:52:99:7D:06:21:9E:0C:3A:81:BC:58:2F:CD:40:58:93:BD:79:F2:CC:6B:8E:F0:ED:BA:0A:66:ED:86:BC:99
a=setup:actpass
a=group:BUNDLE v d
a=extmap-allow-mixed
m=video 50000 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 192.0.2.7
a=candidate:1467250027 1 udp 2122260223 192.0.2.7 50000 typ host generation 0
a=candidate:434435983 1 tcp 1518280447 192.0.2.7 9 typ host tcptype active generation 0
a=end-of-candidates
a=ice-ufrag:Mv9e
a=mid:v
a=extmap:4/sendonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=sendrecv
a=msid:stream1 track1
a=rtcp-mux
a=rtpmap:96 VP8/90000
a=rtcp-fb:* transport-cc
a=rtcp-fb:96 ccm tmmbr smaxpr=120
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=rid:hi send
a=rid:lo send max-width=320
a=simulcast:send hi;lo
a=ssrc-group:FID 1111 2222
a=ssrc:1111 cname:c1
a=ssrc:1111 msid:stream1 track1
a=ssrc:2222 cname:c1
a=ssrc:2222 label:legacy
m=application 9 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
a=mid:d
a=sctp-port:5000
a=max-message-size:262144
)SDP";

}  // namespace vicos::sdp::samples
