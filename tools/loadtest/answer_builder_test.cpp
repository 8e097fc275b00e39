// Tests of the load tool's SDP answers: built against real vicos offers, parsed back with the
// project's parser and checked with the server's own sdp::checkAnswer.
#include "loadtest/answer_builder.hpp"

#include <gtest/gtest.h>

#include "media/media_profile.hpp"
#include "sdp/answer_check.hpp"
#include "sdp/offer_builder.hpp"

namespace vicos::loadtest {
namespace {

sdp::OfferSpec offerSpec() {
  sdp::OfferSpec spec;
  spec.sessionId = 42;
  spec.sessionVersion = 3;
  spec.iceUfrag = "srvU";
  spec.icePwd = "serverpasswordserverpw";
  spec.fingerprintSha256 =
      "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
  spec.candidates.push_back({"127.0.0.1", 40000});
  auto media = [](sdp::MediaKind kind, std::string mid, sdp::Direction d, uint32_t ssrc = 0) {
    sdp::OfferMedia m;
    m.kind = kind;
    m.mid = std::move(mid);
    m.direction = d;
    if (d == sdp::Direction::SendOnly) {
      m.ssrc = ssrc;
      m.cname = "peer1";
      m.streamId = "peer1";
      m.trackId = "peer1-track";
    }
    return m;
  };
  spec.media.push_back(media(sdp::MediaKind::Audio, "0", sdp::Direction::RecvOnly));
  spec.media.push_back(media(sdp::MediaKind::Video, "1", sdp::Direction::RecvOnly));
  spec.media.push_back(media(sdp::MediaKind::Audio, "2", sdp::Direction::SendOnly, 1111));
  spec.media.push_back(media(sdp::MediaKind::Video, "3", sdp::Direction::SendOnly, 2222));
  spec.media.push_back(
      media(sdp::MediaKind::Audio, "4", sdp::Direction::Inactive));  // a participant who left
  return spec;
}

AnswerParams answerParams() {
  AnswerParams p;
  p.iceUfrag = "cliU";
  p.icePwd = "clientpasswordclientpw";
  p.fingerprintSha256 =
      "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";
  p.candidatePort = 50000;
  p.audioSsrc = 0x01020304;
  p.videoSsrc = 0x05060708;
  p.cname = "pub-0-0";
  return p;
}

sdp::SessionDescription parse(const std::string& text) {
  auto parsed = sdp::parseSessionDescription(text);
  if (auto* e = std::get_if<sdp::SdpError>(&parsed))
    ADD_FAILURE() << "line " << e->line << ": " << e->what << "\n" << text;
  return std::get<sdp::SessionDescription>(parsed);
}

TEST(AnswerBuilder, PassesTheServersAnswerCheck) {
  const auto spec = offerSpec();
  const auto offer = parse(sdp::buildOffer(spec));
  const std::string answerText = buildAnswer(offer, answerParams());
  const auto answer = parse(answerText);
  const auto checked = sdp::checkAnswer(answer, spec);
  ASSERT_TRUE(std::holds_alternative<sdp::AnswerInfo>(checked))
      << std::get<sdp::SdpError>(checked).what << "\n"
      << answerText;
  const auto& info = std::get<sdp::AnswerInfo>(checked);
  EXPECT_EQ(info.remoteUfrag, "cliU");
  EXPECT_EQ(info.remotePwd, "clientpasswordclientpw");
  EXPECT_EQ(info.fingerprintAlgorithm, "sha-256");
  EXPECT_EQ(info.fingerprintValue, answerParams().fingerprintSha256);
  EXPECT_EQ(info.dtlsRoleOfServer, sdp::DtlsRole::Server);  // we said setup:active
  EXPECT_EQ(info.uplinkAudioSsrc, 0x01020304u);
  EXPECT_EQ(info.uplinkVideoSsrc, 0x05060708u);
  ASSERT_EQ(info.extensions.size(), 5u);
  EXPECT_EQ(info.extensions[0].midId, 1);
  EXPECT_EQ(info.extensions[0].audioLevelId, 2);
  EXPECT_EQ(info.extensions[1].absSendTimeId, 3);
}

// With media.simulcast the camera uplink is offered with the profile's layers; --simulcast
// answers them by RID alone, and without it the load tool declines them (one encoding).
TEST(AnswerBuilder, AnswersTheOfferedCameraLayers) {
  auto spec = offerSpec();
  for (const auto& layer : media::kCameraLayers) spec.media[1].rids.emplace_back(layer.rid);
  spec.media[1].rtx = true;
  const auto offer = parse(sdp::buildOffer(spec));
  auto params = answerParams();
  params.simulcast = true;
  const std::string answerText = buildAnswer(offer, params);
  const auto checked = sdp::checkAnswer(parse(answerText), spec);
  ASSERT_TRUE(std::holds_alternative<sdp::AnswerInfo>(checked))
      << std::get<sdp::SdpError>(checked).what << "\n"
      << answerText;
  const auto& info = std::get<sdp::AnswerInfo>(checked);
  ASSERT_EQ(info.uplinkVideoLayers.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(info.uplinkVideoLayers[i].rid, media::kCameraLayers[i].rid);
  EXPECT_FALSE(info.uplinkVideoSsrc);
  EXPECT_EQ(info.uplinkAudioSsrc, 0x01020304u);
  EXPECT_NE(answerText.find("a=simulcast:send q;h;f\r\n"), std::string::npos) << answerText;

  const auto declined = sdp::checkAnswer(parse(buildAnswer(offer, answerParams())), spec);
  ASSERT_TRUE(std::holds_alternative<sdp::AnswerInfo>(declined));
  EXPECT_TRUE(std::get<sdp::AnswerInfo>(declined).uplinkVideoLayers.empty());
  EXPECT_EQ(std::get<sdp::AnswerInfo>(declined).uplinkVideoSsrc, 0x05060708u);
}

TEST(AnswerBuilder, DirectionsMirrorTheOffer) {
  const auto offer = parse(sdp::buildOffer(offerSpec()));
  const auto answer = parse(buildAnswer(offer, answerParams()));
  ASSERT_EQ(answer.media.size(), 5u);
  EXPECT_EQ(answer.media[0].direction, sdp::Direction::SendOnly);
  EXPECT_EQ(answer.media[1].direction, sdp::Direction::SendOnly);
  EXPECT_EQ(answer.media[2].direction, sdp::Direction::RecvOnly);
  EXPECT_EQ(answer.media[3].direction, sdp::Direction::RecvOnly);
  EXPECT_EQ(answer.media[4].direction, sdp::Direction::Inactive);
  EXPECT_TRUE(answer.media[2].ssrcs.empty());  // a receiver announces no SSRC of its own
  EXPECT_EQ(answer.bundleMids, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  EXPECT_EQ(answer.media[3].rtcpFbs.size(), 5u);  // nack, nack pli, ccm fir, goog-remb, transport-cc
}

TEST(AnswerBuilder, RejectedMlineStaysRejected) {
  auto spec = offerSpec();
  spec.media[4].rejected = true;
  const auto offer = parse(sdp::buildOffer(spec));
  const auto answer = parse(buildAnswer(offer, answerParams()));
  ASSERT_EQ(answer.media.size(), 5u);
  EXPECT_EQ(answer.media[4].port, 0);
  EXPECT_EQ(answer.bundleMids.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<sdp::AnswerInfo>(sdp::checkAnswer(answer, spec)));
}

TEST(AnswerBuilder, ServerParamsComeFromTheOffer) {
  const auto offer = parse(sdp::buildOffer(offerSpec()));
  const auto server = serverParamsFromOffer(offer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->ip, "127.0.0.1");
  EXPECT_EQ(server->port, 40000);
  EXPECT_EQ(server->iceUfrag, "srvU");
  EXPECT_EQ(server->icePwd, "serverpasswordserverpw");
  EXPECT_EQ(server->fingerprintSha256, offerSpec().fingerprintSha256);
  const auto streams = offeredStreams(offer);
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams.at(1111).mid, "2");
  EXPECT_EQ(streams.at(2222).kind, sdp::MediaKind::Video);
}

TEST(AnswerBuilder, OfferWithoutUsableCandidateGivesNoServer) {
  auto spec = offerSpec();
  spec.candidates.clear();
  EXPECT_FALSE(serverParamsFromOffer(parse(sdp::buildOffer(spec))));
  // A candidate of component 2 (no rtcp-mux) or over TCP is not one we can use.
  const std::string text = sdp::buildOffer(offerSpec());
  std::string tcp = text;
  for (size_t at = tcp.find(" udp "); at != std::string::npos; at = tcp.find(" udp "))
    tcp.replace(at, 5, " tcp ");
  EXPECT_FALSE(serverParamsFromOffer(parse(tcp)));
}

TEST(AnswerBuilder, NothingToAcceptGivesNoAnswer) {
  auto spec = offerSpec();
  for (auto& m : spec.media) m.rejected = true;
  EXPECT_EQ(buildAnswer(parse(sdp::buildOffer(spec)), answerParams()), "");
}

}  // namespace
}  // namespace vicos::loadtest
