// Tests of the offer builder: exact text for a small offer, and a round trip via the parser.
#include "sdp/offer_builder.hpp"

#include <gtest/gtest.h>

#include "media/media_profile.hpp"
#include "sdp/sdp_test_samples.hpp"

namespace vicos::sdp {
namespace {

OfferSpec smallSpec() {
  OfferSpec spec;
  spec.sessionId = 42;
  spec.sessionVersion = 7;
  spec.iceUfrag = "uf00";
  spec.icePwd = "pw00pw00pw00pw00pw00pw";
  spec.fingerprintSha256 = "AA:BB";
  spec.candidates = {{"192.0.2.1", 3478}};
  spec.media = {{MediaKind::Audio, "0", Direction::RecvOnly, false, 0, "", "", "", {}, false},
                {MediaKind::Video, "5", Direction::SendOnly, false, 99, "cn", "st", "tr", {}, false}};
  return spec;
}

TEST(OfferBuilder, ExactText) {
  const std::string expected =
      "v=0\r\n"
      "o=- 42 7 IN IP4 127.0.0.1\r\n"
      "s=-\r\n"
      "t=0 0\r\n"
      "a=ice-lite\r\n"
      "a=group:BUNDLE 0 5\r\n"
      "a=msid-semantic: WMS *\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "c=IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:uf00\r\n"
      "a=ice-pwd:pw00pw00pw00pw00pw00pw\r\n"
      "a=fingerprint:sha-256 AA:BB\r\n"
      "a=setup:actpass\r\n"
      "a=mid:0\r\n"
      "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
      "a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
      "a=extmap:6 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
      "a=recvonly\r\n"
      "a=rtcp-mux\r\n"
      "a=rtcp-rsize\r\n"
      "a=rtpmap:111 opus/48000/2\r\n"
      "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
      "a=rtcp-fb:111 transport-cc\r\n"
      // RFC 8445 5.1.2.1: 126 << 24 | 65535 << 8 | 255
      "a=candidate:1 1 udp 2130706431 192.0.2.1 3478 typ host\r\n"
      "a=end-of-candidates\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
      "c=IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:uf00\r\n"
      "a=ice-pwd:pw00pw00pw00pw00pw00pw\r\n"
      "a=fingerprint:sha-256 AA:BB\r\n"
      "a=setup:actpass\r\n"
      "a=mid:5\r\n"
      "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
      "a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
      "a=extmap:6 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
      "a=sendonly\r\n"
      "a=msid:st tr\r\n"
      "a=rtcp-mux\r\n"
      "a=rtcp-rsize\r\n"
      "a=rtpmap:96 VP8/90000\r\n"
      "a=rtcp-fb:96 nack\r\n"
      "a=rtcp-fb:96 nack pli\r\n"
      "a=rtcp-fb:96 ccm fir\r\n"
      "a=rtcp-fb:96 goog-remb\r\n"
      "a=rtcp-fb:96 transport-cc\r\n"
      "a=ssrc:99 cname:cn\r\n"
      "a=ssrc:99 msid:st tr\r\n"
      "a=candidate:1 1 udp 2130706431 192.0.2.1 3478 typ host\r\n"
      "a=end-of-candidates\r\n";
  EXPECT_EQ(buildOffer(smallSpec()), expected);
}

TEST(OfferBuilder, RoundTripsThroughTheParser) {
  const OfferSpec spec = samples::offerSpec();
  const std::string text = buildOffer(spec);
  auto parsed = parseSessionDescription(text);
  ASSERT_TRUE(std::holds_alternative<SessionDescription>(parsed)) << std::get<SdpError>(parsed).what;
  const auto& d = std::get<SessionDescription>(parsed);
  EXPECT_TRUE(d.iceLite);
  EXPECT_EQ(d.originSessionId, "7023596153748102031");
  EXPECT_EQ(d.originSessionVersion, "3");
  EXPECT_EQ(d.bundleMids, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  ASSERT_EQ(d.media.size(), spec.media.size());
  for (size_t i = 0; i < spec.media.size(); ++i) {
    const auto& m = d.media[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(m.mid, spec.media[i].mid);
    EXPECT_EQ(m.kind, spec.media[i].kind);
    EXPECT_EQ(m.direction, spec.media[i].direction);
    EXPECT_EQ(m.iceUfrag, spec.iceUfrag);
    EXPECT_EQ(m.icePwd, spec.icePwd);
    EXPECT_EQ(m.fingerprints.at(0).value, spec.fingerprintSha256);
    EXPECT_EQ(m.setup, SetupRole::ActPass);
    EXPECT_TRUE(m.rtcpMux);
    EXPECT_EQ(m.candidates.size(), 2u);
    EXPECT_EQ(m.extMap(media::kExtMid.uri)->id, media::kExtMid.id);
    if (spec.media[i].direction == Direction::SendOnly) {
      ASSERT_EQ(m.ssrcs.size(), 1u);
      EXPECT_EQ(m.ssrcs[0].ssrc, spec.media[i].ssrc);
      EXPECT_EQ(m.msid, spec.media[i].streamId + " " + spec.media[i].trackId);
      EXPECT_EQ(m.ssrcs[0].msid, m.msid);
    } else {
      EXPECT_TRUE(m.ssrcs.empty());
    }
  }
  EXPECT_EQ(d.media[1].rtcpFbs.size(), 5u);  // an uplink: transport-cc beside the video feedback
  EXPECT_NE(d.media[1].extMap(media::kExtTransportCc.uri), nullptr);
  EXPECT_NE(d.media[3].extMap(media::kExtTransportCc.uri), nullptr);  // a downlink: we number
  EXPECT_EQ(d.media[1].rtpMap(media::kVp8.payloadType)->clockRate, 90000u);
  EXPECT_NE(d.media[0].extMap(media::kExtAudioLevel.uri), nullptr);
  EXPECT_EQ(d.media[0].extMap(media::kExtAbsSendTime.uri), nullptr);
  EXPECT_NE(d.media[1].extMap(media::kExtAbsSendTime.uri), nullptr);
  // A second candidate gets a lower local preference, hence a lower priority.
  EXPECT_EQ(d.media[0].candidates[1], "2 1 udp 2130706175 2001:db8::10 40000 typ host");
}

// RFC 6544 4.5: passive TCP candidates beside the UDP one, ranked below it (RFC 6544 4.2).
TEST(OfferBuilder, TcpPassiveCandidatesAfterUdp) {
  OfferSpec spec = smallSpec();
  spec.candidates = {{"192.0.2.1", 40000}, {"192.0.2.1", 40000, true}, {"192.0.2.1", 443, true}};
  const std::string text = buildOffer(spec);
  EXPECT_NE(text.find("\r\na=candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host\r\n"
                      "a=candidate:2 1 tcp 1520435199 192.0.2.1 40000 typ host tcptype passive\r\n"
                      "a=candidate:3 1 tcp 1520434943 192.0.2.1 443 typ host tcptype passive\r\n"
                      "a=end-of-candidates\r\n"),
            std::string::npos)
      << text;
}

TEST(OfferBuilder, Ipv6ConnectionLineForIpv6FirstCandidate) {
  OfferSpec spec = smallSpec();
  spec.candidates = {{"2001:db8::1", 3478}};
  const std::string text = buildOffer(spec);
  EXPECT_NE(text.find("\r\nc=IN IP6 ::\r\n"), std::string::npos);
  EXPECT_EQ(text.find("IP4 0.0.0.0"), std::string::npos);
}

TEST(OfferBuilder, RejectedMediaLeftOutOfBundle) {
  OfferSpec spec = smallSpec();
  spec.media[1].rejected = true;
  const std::string text = buildOffer(spec);
  EXPECT_NE(text.find("a=group:BUNDLE 0\r\n"), std::string::npos);
  EXPECT_NE(text.find("m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:5\r\na=inactive\r\n"),
            std::string::npos);
  auto parsed = parseSessionDescription(text);
  ASSERT_TRUE(std::holds_alternative<SessionDescription>(parsed));
  EXPECT_EQ(std::get<SessionDescription>(parsed).media[1].port, 0);
}

TEST(OfferBuilder, SimulcastUplinkAsksForEachLayerWithRtx) {
  auto spec = smallSpec();
  spec.media = {{MediaKind::Video, "1", Direction::RecvOnly, false, 0, "", "", "", {"q", "h", "f"}, true}};
  const std::string text = buildOffer(spec);
  const std::string expected =
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
      "c=IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:uf00\r\n"
      "a=ice-pwd:pw00pw00pw00pw00pw00pw\r\n"
      "a=fingerprint:sha-256 AA:BB\r\n"
      "a=setup:actpass\r\n"
      "a=mid:1\r\n"
      "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
      "a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
      "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
      "a=extmap:5 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n"
      "a=extmap:6 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
      "a=recvonly\r\n"
      "a=rtcp-mux\r\n"
      "a=rtcp-rsize\r\n"
      "a=rtpmap:96 VP8/90000\r\n"
      "a=rtcp-fb:96 nack\r\n"
      "a=rtcp-fb:96 nack pli\r\n"
      "a=rtcp-fb:96 ccm fir\r\n"
      "a=rtcp-fb:96 goog-remb\r\n"
      "a=rtcp-fb:96 transport-cc\r\n"
      "a=rtpmap:97 rtx/90000\r\n"
      "a=fmtp:97 apt=96\r\n"
      "a=rid:q recv\r\n"
      "a=rid:h recv\r\n"
      "a=rid:f recv\r\n"
      "a=simulcast:recv q;h;f\r\n"
      "a=candidate:1 1 udp 2130706431 192.0.2.1 3478 typ host\r\n"
      "a=end-of-candidates\r\n";
  const size_t at = text.find("m=video");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(text.substr(at), expected);
  // What we wrote, the parser reads back.
  const auto parsed = parseSessionDescription(text);
  ASSERT_TRUE(std::holds_alternative<SessionDescription>(parsed));
  const auto& m = std::get<SessionDescription>(parsed).media[0];
  EXPECT_EQ(m.rids.size(), 3u);
  EXPECT_EQ(m.simulcast, "recv q;h;f");
}

TEST(OfferBuilder, VideoDownlinkWithRtxNamesItsRetransmissionStream) {
  auto spec = smallSpec();
  spec.media = {{MediaKind::Video, "3", Direction::SendOnly, false, 99, "cn", "st", "tr", {}, true, 1234}};
  const std::string text = buildOffer(spec);
  EXPECT_NE(text.find("m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"), std::string::npos);
  EXPECT_NE(text.find("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"), std::string::npos);
  // RFC 5576 4.2 and RFC 4588 8.3: the FID group pairs the stream with its retransmissions.
  EXPECT_NE(text.find("a=ssrc-group:FID 99 1234\r\n"
                      "a=ssrc:99 cname:cn\r\na=ssrc:99 msid:st tr\r\n"
                      "a=ssrc:1234 cname:cn\r\na=ssrc:1234 msid:st tr\r\n"),
            std::string::npos)
      << text;
  const auto parsed = parseSessionDescription(text);
  ASSERT_TRUE(std::holds_alternative<SessionDescription>(parsed));
  EXPECT_EQ(std::get<SessionDescription>(parsed).media[0].payloadTypes, (std::vector<uint8_t>{96, 97}));
  // No RTX stream, or the stream's own SSRC again: not writable.
  spec.media[0].rtxSsrc = 0;
  EXPECT_EQ(buildOffer(spec), "");
  spec.media[0].rtxSsrc = 99;
  EXPECT_EQ(buildOffer(spec), "");
}

TEST(OfferBuilder, RefusesValuesThatWouldBreakTheSyntax) {
  auto withUfrag = smallSpec();
  withUfrag.iceUfrag = "uf\r\na=evil";
  EXPECT_EQ(buildOffer(withUfrag), "");
  auto withMid = smallSpec();
  withMid.media[0].mid = "a b";
  EXPECT_EQ(buildOffer(withMid), "");
  auto withTrack = smallSpec();
  withTrack.media[1].trackId = "";
  EXPECT_EQ(buildOffer(withTrack), "");
  auto sendRecv = smallSpec();
  sendRecv.media[0].direction = Direction::SendRecv;
  EXPECT_EQ(buildOffer(sendRecv), "");
  auto data = smallSpec();
  data.media[0].kind = MediaKind::Application;
  EXPECT_EQ(buildOffer(data), "");
  auto ip = smallSpec();
  ip.candidates[0].ip = "192.0.2.1 typ relay";
  EXPECT_EQ(buildOffer(ip), "");
  auto rid = smallSpec();
  rid.media[1].rids = {"q;h"};
  EXPECT_EQ(buildOffer(rid), "");
  auto audioRids = smallSpec();
  audioRids.media[0].rids = {"q"};
  EXPECT_EQ(buildOffer(audioRids), "");
  auto manyRids = smallSpec();
  manyRids.media[1].rids = {"a", "b", "c", "d"};
  EXPECT_EQ(buildOffer(manyRids), "");
}

}  // namespace
}  // namespace vicos::sdp
