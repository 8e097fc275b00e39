// Tests of the publishing offer written for Janus and of the DTLS role read from its answer.
#include "loadtest/publish_offer.hpp"

#include <gtest/gtest.h>

#include "loadtest/answer_builder.hpp"
#include "loadtest/load_media.hpp"
#include "media/media_profile.hpp"

namespace vicos::loadtest {
namespace {

OfferParams params() {
  OfferParams p;
  p.sessionId = 77;
  p.iceUfrag = "uFrg";
  p.icePwd = "p4ssw0rd-of-22-chars-x";
  p.fingerprintSha256 = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  p.candidateIp = "127.0.0.2";
  p.candidatePort = 40123;
  p.audioSsrc = 1111;
  p.videoSsrc = 2222;
  p.cname = "pub-0-0";
  return p;
}

sdp::SessionDescription parse(const std::string& text) {
  auto parsed = sdp::parseSessionDescription(text);
  EXPECT_TRUE(std::holds_alternative<sdp::SessionDescription>(parsed))
      << (std::holds_alternative<sdp::SdpError>(parsed) ? std::get<sdp::SdpError>(parsed).what : "");
  return std::get<sdp::SessionDescription>(parsed);
}

TEST(PublishOffer, OffersOpusAndVp8SendonlyBundledWithActpass) {
  const auto offer = parse(buildPublishOffer(params()));
  ASSERT_EQ(offer.media.size(), 2u);
  EXPECT_EQ(offer.bundleMids, (std::vector<std::string>{"0", "1"}));
  const auto& audio = offer.media[0];
  const auto& video = offer.media[1];
  EXPECT_EQ(audio.kind, sdp::MediaKind::Audio);
  EXPECT_EQ(video.kind, sdp::MediaKind::Video);
  EXPECT_EQ(audio.mid, "0");
  EXPECT_EQ(video.mid, "1");
  for (const auto* m : {&audio, &video}) {
    EXPECT_EQ(m->direction, sdp::Direction::SendOnly);
    EXPECT_TRUE(m->rtcpMux);
    ASSERT_TRUE(m->setup);
    EXPECT_EQ(*m->setup, sdp::SetupRole::ActPass);
    EXPECT_EQ(m->iceUfrag, "uFrg");
    EXPECT_EQ(m->icePwd, "p4ssw0rd-of-22-chars-x");
    ASSERT_EQ(m->fingerprints.size(), 1u);
    EXPECT_EQ(m->fingerprints[0].algorithm, "sha-256");
    ASSERT_NE(m->extMap("urn:ietf:params:rtp-hdrext:sdes:mid"), nullptr);
    EXPECT_EQ(m->extMap("urn:ietf:params:rtp-hdrext:sdes:mid")->id, media::kExtMid.id);
  }
  ASSERT_NE(audio.rtpMap(media::kOpus.payloadType), nullptr);
  EXPECT_EQ(audio.rtpMap(media::kOpus.payloadType)->encodingName, "opus");
  ASSERT_NE(video.rtpMap(media::kVp8.payloadType), nullptr);
  EXPECT_EQ(video.rtpMap(media::kVp8.payloadType)->encodingName, "VP8");
  ASSERT_NE(audio.extMap("urn:ietf:params:rtp-hdrext:ssrc-audio-level"), nullptr);
  EXPECT_EQ(audio.extMap("urn:ietf:params:rtp-hdrext:ssrc-audio-level")->id, media::kExtAudioLevel.id);
  ASSERT_NE(video.extMap("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"), nullptr);
  ASSERT_FALSE(audio.ssrcs.empty());
  EXPECT_EQ(audio.ssrcs[0].ssrc, 1111u);
  ASSERT_FALSE(video.ssrcs.empty());
  EXPECT_EQ(video.ssrcs[0].ssrc, 2222u);
  // The candidate goes with the bundle's first m-line; the reader of Janus's SDP finds it too.
  ASSERT_EQ(audio.candidates.size(), 1u);
  const auto transport = serverParamsFromOffer(offer);
  ASSERT_TRUE(transport);
  EXPECT_EQ(transport->ip, "127.0.0.2");
  EXPECT_EQ(transport->port, 40123);
}

TEST(PublishOffer, AudioOnlyHasOneMline) {
  auto p = params();
  p.audioOnly = true;
  const auto offer = parse(buildPublishOffer(p));
  ASSERT_EQ(offer.media.size(), 1u);
  EXPECT_EQ(offer.bundleMids, (std::vector<std::string>{"0"}));
}

// An answer such as Janus writes, reduced to what decides the DTLS role.
std::string answerWith(const std::string& setupLine, uint16_t firstPort = 9) {
  return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
         "m=audio " + std::to_string(firstPort) + " UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.2\r\n"
         "a=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n" +
         (firstPort == 0 ? std::string() : setupLine) +
         "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.2\r\na=mid:1\r\na=recvonly\r\n"
         "a=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n" + setupLine;
}

TEST(PublishOffer, DtlsRoleFollowsTheAnswersSetup) {
  EXPECT_EQ(dtlsClientFromAnswer(parse(answerWith("a=setup:active\r\n"))), std::optional<bool>(false));
  EXPECT_EQ(dtlsClientFromAnswer(parse(answerWith("a=setup:passive\r\n"))), std::optional<bool>(true));
  // RFC 5763 5: actpass is not an answer; a missing setup decides nothing.
  EXPECT_EQ(dtlsClientFromAnswer(parse(answerWith("a=setup:actpass\r\n"))), std::nullopt);
  EXPECT_EQ(dtlsClientFromAnswer(parse(answerWith(""))), std::nullopt);
  // A rejected first m-line is skipped.
  EXPECT_EQ(dtlsClientFromAnswer(parse(answerWith("a=setup:active\r\n", 0))), std::optional<bool>(false));
  EXPECT_EQ(dtlsClientFromAnswer(sdp::SessionDescription{}), std::nullopt);
}

}  // namespace
}  // namespace vicos::loadtest
