// Negotiator: one offer outstanding, changes folded into the next, stale and bad answers
// rejected without changing anything, and a renewed session.
#include "negotiation/negotiator.hpp"

#include <gtest/gtest.h>

#include "sdp/sdp_text.hpp"
#include "sdp/session_description.hpp"

namespace vicos::negotiation {
namespace {

const sfu::LocalMediaInfo kLocal{
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
    {{"127.0.0.1", 40000}},
    {{"127.0.0.1", 40000}, {"127.0.0.1", 8443}}};
const sfu::IceCredentials kIce{"srvUfrag", "serverpasswordserverpassword"};

// What a browser answers to `offerSdp` (RFC 3264 6.1 directions, one BUNDLE transport).
// With `layers`, the camera uplink answers a=simulcast:send with them (as Chromium does).
std::string answerTo(const std::string& offerSdp, const std::string& setup = "active", const std::string& layers = "") {
  const auto parsed = sdp::parseSessionDescription(offerSdp);
  const auto& offer = std::get<sdp::SessionDescription>(parsed);
  std::string mids;
  for (const auto& m : offer.media) mids += " " + m.mid;
  std::string a = "v=0\r\no=- 42 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE" + mids + "\r\n";
  for (const auto& m : offer.media) {
    const bool audio = m.kind == sdp::MediaKind::Audio;
    const char* direction = m.direction == sdp::Direction::RecvOnly   ? "sendonly"
                            : m.direction == sdp::Direction::SendOnly ? "recvonly"
                                                                      : "inactive";
    a += std::string("m=") + (audio ? "audio" : "video") + " 9 UDP/TLS/RTP/SAVPF " + (audio ? "111" : "96") +
         "\r\nc=IN IP4 0.0.0.0\r\na=mid:" + m.mid + "\r\na=" + direction +
         "\r\na=rtcp-mux\r\na=ice-ufrag:brws\r\na=ice-pwd:browserpasswordbrowserpw\r\n"
         "a=fingerprint:sha-256 "
         "01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20\r\n"
         "a=setup:" +
         setup + "\r\n" + (audio ? "a=rtpmap:111 opus/48000/2\r\n" : "a=rtpmap:96 VP8/90000\r\n");
    if (m.mid == "1" && !layers.empty()) {
      for (const auto rid : sdp::split(layers, ';')) a += "a=rid:" + std::string(rid) + " send\r\n";
      a += "a=simulcast:send " + layers + "\r\n";
    }
  }
  return a;
}

std::string originLine(const std::string& sdpText) { return sdpText.substr(0, sdpText.find("\r\n", 5)); }

class NegotiatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    negotiator.startSession(1111);
    for (auto kind : sfu::kAllKinds)
      negotiator.downlinks().add("ada", kind, 10 + static_cast<uint32_t>(kind));
  }
  AnswerAccepted accept(const Offer& offer) {
    auto outcome = negotiator.answer(offer.id, answerTo(offer.sdp));
    EXPECT_TRUE(std::holds_alternative<AnswerAccepted>(outcome));
    return std::get<AnswerAccepted>(outcome);
  }
  Negotiator negotiator;
};

TEST_F(NegotiatorTest, OffersUplinksThenDownlinksAndNamesTheStreams) {
  const auto offer = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->id, 1u);
  EXPECT_FALSE(offer->fresh);
  EXPECT_EQ(originLine(offer->sdp), "v=0\r\no=- 1111 1 IN IP4 127.0.0.1");
  const auto result = sdp::parseSessionDescription(offer->sdp);
  const auto& parsed = std::get<sdp::SessionDescription>(result);
  ASSERT_EQ(parsed.media.size(), 6u);
  EXPECT_EQ(parsed.media[2].direction, sdp::Direction::RecvOnly);  // the screen uplink
  EXPECT_EQ(parsed.media[3].direction, sdp::Direction::SendOnly);
  // The UDP candidate, then the ICE-TCP ones (RFC 6544 4.5).
  ASSERT_EQ(parsed.media[0].candidates.size(), 3u);
  EXPECT_NE(parsed.media[0].candidates[1].find(" tcp "), std::string::npos);
  EXPECT_NE(parsed.media[0].candidates[2].find(" 8443 typ host tcptype passive"), std::string::npos);
  ASSERT_EQ(offer->streams.size(), 3u);
  EXPECT_EQ(offer->streams[2].mid, "5");
  EXPECT_EQ(offer->streams[2].publisher, "ada");
  EXPECT_EQ(offer->streams[2].kind, sfu::MediaKind::Screen);
}

TEST_F(NegotiatorTest, OneOfferAtATimeAndChangesFoldIntoTheNext) {
  const auto first = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(first);
  negotiator.downlinks().deactivate("ada");
  EXPECT_FALSE(negotiator.nextOffer(kLocal, kIce));  // waits for the answer
  EXPECT_FALSE(negotiator.nextOffer(kLocal, kIce));
  const AnswerAccepted accepted = accept(*first);
  EXPECT_TRUE(accepted.offerAgain);
  EXPECT_EQ(accepted.params.iceUfrag, "brws");
  EXPECT_EQ(accepted.params.fingerprintAlgorithm, "sha-256");
  EXPECT_FALSE(accepted.params.serverIsDtlsClient);
  const auto second = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, 2u);
  EXPECT_EQ(originLine(second->sdp), "v=0\r\no=- 1111 2 IN IP4 127.0.0.1");
  EXPECT_TRUE(second->streams.empty());
  EXPECT_FALSE(accept(*second).offerAgain);
}

TEST_F(NegotiatorTest, StaleAnswersAreRefusedAndChangeNothing) {
  using Reason = AnswerRejected::Reason;
  auto reason = [](const auto& outcome) { return std::get<AnswerRejected>(outcome).reason; };
  EXPECT_EQ(reason(negotiator.answer(0, "v=0")), Reason::Stale);  // nothing offered yet
  const auto offer = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(offer);
  EXPECT_EQ(reason(negotiator.answer(offer->id + 1, answerTo(offer->sdp))), Reason::Stale);
  accept(*offer);  // still outstanding after the wrong id
  EXPECT_EQ(reason(negotiator.answer(offer->id, answerTo(offer->sdp))), Reason::Stale);  // answered twice
}

TEST_F(NegotiatorTest, BadAnswersAreRefusedAndTheOfferStaysOutstanding) {
  using Reason = AnswerRejected::Reason;
  const auto offer = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(offer);
  auto garbage = negotiator.answer(offer->id, "not sdp");
  ASSERT_TRUE(std::holds_alternative<AnswerRejected>(garbage));
  EXPECT_EQ(std::get<AnswerRejected>(garbage).reason, Reason::BadSdp);
  EXPECT_EQ(std::get<AnswerRejected>(garbage).what.rfind("answer does not parse", 0), 0u);
  std::string passive = answerTo(offer->sdp, "actpass");
  auto misfit = negotiator.answer(offer->id, passive);
  ASSERT_TRUE(std::holds_alternative<AnswerRejected>(misfit));
  EXPECT_EQ(std::get<AnswerRejected>(misfit).what.rfind("answer does not fit the offer", 0), 0u);
  EXPECT_FALSE(negotiator.nextOffer(kLocal, kIce));  // still waiting
  EXPECT_TRUE(negotiator.answer(offer->id, answerTo(offer->sdp, "passive")).index() == 0);
}

TEST_F(NegotiatorTest, ARenewedSessionStartsAfreshOnce) {
  const auto old = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(old);
  negotiator.renewSession(2222);
  // The old peer's answer is stale; the new session's first offer is fresh, without downlinks.
  EXPECT_TRUE(std::holds_alternative<AnswerRejected>(negotiator.answer(old->id, answerTo(old->sdp))));
  EXPECT_EQ(negotiator.downlinks().add("ben", sfu::MediaKind::Audio, 7).mid, "3");
  const auto fresh = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->fresh);
  EXPECT_EQ(fresh->id, old->id + 1);
  EXPECT_EQ(originLine(fresh->sdp), "v=0\r\no=- 2222 1 IN IP4 127.0.0.1");
  accept(*fresh);
  const auto next = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->fresh);
}


TEST(NegotiatorSimulcast, AsksTheCameraForItsLayersAndPassesTheAnsweredOnesOn) {
  Negotiator negotiator;
  negotiator.setSimulcast(true);
  negotiator.startSession(2222);
  const auto offer = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(offer);
  const auto parsed = std::get<sdp::SessionDescription>(sdp::parseSessionDescription(offer->sdp));
  EXPECT_EQ(parsed.media[1].simulcast, "recv q;h;f");
  EXPECT_EQ(parsed.media[1].rids.size(), 3u);
  EXPECT_TRUE(parsed.media[2].rids.empty());  // the screen stays one layer
  auto outcome = negotiator.answer(offer->id, answerTo(offer->sdp, "active", "q;h;f"));
  ASSERT_TRUE(std::holds_alternative<AnswerAccepted>(outcome)) << std::get<AnswerRejected>(outcome).what;
  const auto& camera = std::get<AnswerAccepted>(outcome).params.uplinks[static_cast<size_t>(sfu::MediaKind::Video)];
  ASSERT_EQ(camera.size(), 3u);
  EXPECT_EQ(camera[0].rid, "q");
  EXPECT_EQ(camera[2].rid, "f");
  EXPECT_FALSE(camera[0].ssrc);
}

TEST(NegotiatorSimulcast, OffNoLayersAreOffered) {
  Negotiator negotiator;
  negotiator.startSession(3333);
  const auto offer = negotiator.nextOffer(kLocal, kIce);
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->sdp.find("a=simulcast"), std::string::npos);
  EXPECT_EQ(offer->sdp.find("a=rid"), std::string::npos);
}

}  // namespace
}  // namespace vicos::negotiation
