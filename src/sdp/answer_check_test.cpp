// Tests of answer validation against the offer, on Chromium and Firefox answers.
#include "sdp/answer_check.hpp"

#include <gtest/gtest.h>

#include "sdp/sdp_test_samples.hpp"

namespace vicos::sdp {
namespace {

SessionDescription parsed(std::string_view text) {
  auto result = parseSessionDescription(text);
  EXPECT_TRUE(std::holds_alternative<SessionDescription>(result));
  if (!std::holds_alternative<SessionDescription>(result)) return {};
  return std::get<SessionDescription>(std::move(result));
}

AnswerInfo checkOk(std::string_view text) {
  auto result = checkAnswer(parsed(text), samples::offerSpec());
  if (auto* e = std::get_if<SdpError>(&result)) {
    ADD_FAILURE() << e->what;
    return {};
  }
  return std::get<AnswerInfo>(result);
}

std::string checkFails(std::string_view text, const OfferSpec& offer = samples::offerSpec()) {
  auto result = checkAnswer(parsed(text), offer);
  if (auto* e = std::get_if<SdpError>(&result)) return e->what;
  ADD_FAILURE() << "answer accepted although it should not";
  return {};
}

// Replaces the first occurrence of `from` (which must exist) in the sample.
std::string edit(std::string_view sample, std::string_view from, std::string_view to) {
  std::string text(sample);
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Removes every line starting with `prefix`.
std::string dropLines(std::string_view sample, std::string_view prefix) {
  std::string out;
  size_t pos = 0;
  while (pos < sample.size()) {
    size_t end = sample.find('\n', pos);
    end = end == std::string_view::npos ? sample.size() : end + 1;
    const std::string_view line = sample.substr(pos, end - pos);
    if (line.substr(0, prefix.size()) != prefix) out += line;
    pos = end;
  }
  return out;
}

TEST(AnswerCheck, ChromiumAnswer) {
  const AnswerInfo info = checkOk(samples::crlf(samples::kChromiumAnswer));
  EXPECT_EQ(info.remoteUfrag, "Xq7d");
  EXPECT_EQ(info.remotePwd, "4hP1k2cZ0sYv8nWbQe3rTuLm");
  EXPECT_EQ(info.fingerprintAlgorithm, "sha-256");
  EXPECT_EQ(info.fingerprintValue.size(), 95u);
  EXPECT_EQ(info.dtlsRoleOfServer, DtlsRole::Server);
  EXPECT_EQ(info.uplinkAudioSsrc, 3735928559u);
  EXPECT_EQ(info.uplinkVideoSsrc, 1234567890u);
  ASSERT_EQ(info.extensions.size(), 5u);
  EXPECT_EQ(info.extensions[0].mid, "0");
  EXPECT_EQ(info.extensions[0].midId, 1);
  EXPECT_EQ(info.extensions[0].audioLevelId, 2);
  EXPECT_FALSE(info.extensions[0].absSendTimeId.has_value());
  EXPECT_EQ(info.extensions[1].absSendTimeId, 3);
  EXPECT_FALSE(info.extensions[1].audioLevelId.has_value());
}

TEST(AnswerCheck, FirefoxAnswer) {
  const AnswerInfo info = checkOk(samples::crlf(samples::kFirefoxAnswer));
  EXPECT_EQ(info.remoteUfrag, "5636beb5");
  EXPECT_EQ(info.remotePwd, "5619242ccd7fe3d2391758af6f34aea4");
  EXPECT_EQ(info.fingerprintValue.substr(0, 5), "EA:05");
  EXPECT_EQ(info.dtlsRoleOfServer, DtlsRole::Server);
  EXPECT_EQ(info.uplinkAudioSsrc, 2882400001u);
  EXPECT_EQ(info.uplinkVideoSsrc, 2882400002u);  // not the recvonly m-lines' SSRCs
}

TEST(AnswerCheck, PassiveMakesTheServerTheDtlsClient) {
  const auto text = dropLines(samples::kFirefoxAnswer, "a=setup:");
  const auto withPassive = edit(text, "a=group:", "a=setup:passive\na=group:");
  EXPECT_EQ(checkOk(withPassive).dtlsRoleOfServer, DtlsRole::Client);
}

TEST(AnswerCheck, NoSsrcLinesLeaveUplinkSsrcsUnknown) {
  const AnswerInfo info = checkOk(dropLines(samples::kChromiumAnswer, "a=ssrc:"));
  EXPECT_FALSE(info.uplinkAudioSsrc.has_value());
  EXPECT_FALSE(info.uplinkVideoSsrc.has_value());
}

TEST(AnswerCheck, FidGroupNamesThePrimarySsrc) {
  const auto text = edit(samples::kChromiumAnswer, "a=ssrc:1234567890 cname",
                         "a=ssrc-group:FID 1234567890 55\na=ssrc:55 cname:x\na=ssrc:1234567890 cname");
  EXPECT_EQ(checkOk(text).uplinkVideoSsrc, 1234567890u);
}

// Our offer with three camera layers and RTX on the camera uplink, and Chromium's answer to it
// as tests/e2e/simulcast_answer.test.mjs records it: one a=rid:<id> send per layer,
// a=simulcast:send, RTX, and no SSRC lines for the camera.
OfferSpec simulcastOffer() {
  OfferSpec spec = samples::offerSpec();
  spec.media[1].rids = {"q", "h", "f"};
  spec.media[1].rtx = true;
  return spec;
}
std::string simulcastAnswer(std::string_view simulcast = "a=simulcast:send q;h;f\n",
                            std::string_view rids = "a=rid:q send\na=rid:h send\na=rid:f send\n") {
  std::string text = edit(samples::kChromiumAnswer, "a=ssrc:1234567890 cname:k2Jd8Qw1fXz0pL3m\n", "");
  text = edit(text, "a=ssrc:1234567890 msid:ffedaf96-6b7e-4854-b39e-9394474d442f 79ec2668-8214-4e6f-adb9-f71f2069796a\n",
              "a=rtpmap:97 rtx/90000\na=fmtp:97 apt=96\n" + std::string(rids) + std::string(simulcast));
  return edit(text, "m=video 9 UDP/TLS/RTP/SAVPF 96\nc=IN IP4 0.0.0.0\na=rtcp:9 IN IP4 0.0.0.0\na=ice-ufrag:Xq7d",
              "m=video 9 UDP/TLS/RTP/SAVPF 96 97\nc=IN IP4 0.0.0.0\na=rtcp:9 IN IP4 0.0.0.0\na=ice-ufrag:Xq7d");
}
AnswerInfo checkSimulcastOk(const std::string& text) {
  auto result = checkAnswer(parsed(text), simulcastOffer());
  if (auto* e = std::get_if<SdpError>(&result)) {
    ADD_FAILURE() << e->what;
    return {};
  }
  return std::get<AnswerInfo>(result);
}

TEST(AnswerCheck, SimulcastLayersInTheOffersOrder) {
  const AnswerInfo info = checkSimulcastOk(simulcastAnswer());
  ASSERT_EQ(info.uplinkVideoLayers.size(), 3u);
  EXPECT_EQ(info.uplinkVideoLayers[0].rid, "q");
  EXPECT_EQ(info.uplinkVideoLayers[2].rid, "f");
  EXPECT_FALSE(info.uplinkVideoSsrc.has_value());  // each layer's SSRC comes from its RID
  EXPECT_EQ(info.uplinkAudioSsrc, 3735928559u);
  // An answerer may reorder, pause or leave out layers (RFC 8853 5.3).
  const AnswerInfo some = checkSimulcastOk(simulcastAnswer("a=simulcast:send f;~q\n", "a=rid:f send\na=rid:q send\n"));
  ASSERT_EQ(some.uplinkVideoLayers.size(), 2u);
  EXPECT_EQ(some.uplinkVideoLayers[0].rid, "q");
  EXPECT_TRUE(some.uplinkVideoLayers[0].paused);
  EXPECT_EQ(some.uplinkVideoLayers[1].rid, "f");
  // No a=simulcast: the browser declined, one encoding.
  EXPECT_TRUE(checkSimulcastOk(simulcastAnswer("", "")).uplinkVideoLayers.empty());
}

TEST(AnswerCheck, SimulcastAnswersThatDoNotFitAreRefused) {
  EXPECT_NE(checkFails(simulcastAnswer("a=simulcast:send q;h;x\n", "a=rid:q send\na=rid:h send\na=rid:x send\n"),
                       simulcastOffer()).find("did not offer"), std::string::npos);
  EXPECT_NE(checkFails(simulcastAnswer("a=simulcast:send q;h;f\n", "a=rid:q send\na=rid:h send\n"), simulcastOffer())
                .find("a=rid"), std::string::npos);
  EXPECT_NE(checkFails(simulcastAnswer("a=simulcast:recv q;h;f\n"), simulcastOffer()).find("recv"), std::string::npos);
  EXPECT_NE(checkFails(simulcastAnswer("a=simulcast:send q;h;f\n", "a=rid:q recv\na=rid:h send\na=rid:f send\n"),
                       simulcastOffer()).find("must be send"), std::string::npos);
  EXPECT_NE(checkFails(simulcastAnswer("a=simulcast:send q;;f\n"), simulcastOffer()).find("simulcast"),
            std::string::npos);
  // RTX only where we offered it.
  EXPECT_NE(checkFails(simulcastAnswer()).find("payload type"), std::string::npos);
}

TEST(AnswerCheck, RtxOnVideoDownlinksIsTakenWhenTheAnswerListsIt) {
  OfferSpec offer = samples::offerSpec();
  offer.media[3].rtx = true;
  offer.media[3].rtxSsrc = 0x2002u;
  const std::string plain(samples::kChromiumAnswer);
  // The browser's m-line for the video downlink (mid 3) with RTX beside VP8.
  std::string withRtx = plain;
  const size_t mid = withRtx.find("a=mid:3");
  const size_t line = withRtx.rfind("m=video 9 UDP/TLS/RTP/SAVPF 96", mid);
  ASSERT_NE(line, std::string::npos);
  withRtx.insert(line + std::string_view("m=video 9 UDP/TLS/RTP/SAVPF 96").size(), " 97");
  withRtx.insert(withRtx.find("a=rtpmap:96 VP8/90000", mid), "a=rtpmap:97 rtx/90000\na=fmtp:97 apt=96\n");
  const auto taken = checkAnswer(parsed(samples::crlf(withRtx)), offer);
  ASSERT_TRUE(std::holds_alternative<AnswerInfo>(taken));
  EXPECT_EQ(std::get<AnswerInfo>(taken).downlinkRtx, true);
  const auto declined = checkAnswer(parsed(samples::crlf(plain)), offer);
  ASSERT_TRUE(std::holds_alternative<AnswerInfo>(declined));
  EXPECT_EQ(std::get<AnswerInfo>(declined).downlinkRtx, false);
  // Offered without RTX: nothing to say, and an answer that lists 97 anyway is refused.
  EXPECT_EQ(checkOk(samples::crlf(plain)).downlinkRtx, std::nullopt);
  EXPECT_NE(checkFails(samples::crlf(withRtx)).find("payload type not offered"), std::string::npos);
}

TEST(AnswerCheck, AnswerMayRejectADownlink) {
  const auto text = edit(samples::kChromiumAnswer, "m=video 9 UDP/TLS/RTP/SAVPF 96\nc=IN IP4 0.0.0.0\na=rtcp:9 IN IP4 0.0.0.0\na=ice-ufrag:Xq7d\na=ice-pwd:4hP1k2cZ0sYv8nWbQe3rTuLm\na=ice-options:trickle\na=fingerprint:sha-256 45:3D:7C:72:D4:2F:53:75:56:74:4B:A1:39:78:1F:97:74:02:F9:F1:FC:83:6F:30:C3:22:6A:A8:1D:97:C3:38\na=setup:active\na=mid:3",
                         "m=video 0 UDP/TLS/RTP/SAVPF 96\nc=IN IP4 0.0.0.0\na=mid:3");
  checkOk(text);
}

TEST(AnswerCheck, MismatchesAgainstTheOffer) {
  const std::string_view chrome = samples::kChromiumAnswer;
  EXPECT_NE(checkFails(edit(chrome, "a=mid:1", "a=mid:9")).find("mid"), std::string::npos);
  EXPECT_NE(checkFails(edit(chrome, "m=video 9", "m=audio 9")).find("kind"), std::string::npos);
  // One m-line fewer than offered.
  const std::string fewer(chrome.substr(0, chrome.rfind("m=audio")));
  EXPECT_NE(checkFails(edit(fewer, " 4\n", "\n")).find("m-lines"), std::string::npos);
  // An extra m-line.
  OfferSpec shorter = samples::offerSpec();
  shorter.media.pop_back();
  EXPECT_NE(checkFails(chrome, shorter).find("m-lines"), std::string::npos);
  // A payload type we did not offer, even next to ours.
  EXPECT_NE(checkFails(edit(chrome, "SAVPF 111", "SAVPF 0")).find("payload"), std::string::npos);
  EXPECT_NE(checkFails(edit(chrome, "SAVPF 96", "SAVPF 96 97")).find("payload"), std::string::npos);
  // Directions that do not answer ours (RFC 3264 6.1).
  EXPECT_NE(checkFails(edit(chrome, "a=sendonly", "a=recvonly")).find("direction"), std::string::npos);
  EXPECT_NE(checkFails(edit(chrome, "a=inactive", "a=sendonly")).find("direction"), std::string::npos);
  EXPECT_NE(checkFails(edit(chrome, "a=group:BUNDLE 0 1 2 3 4", "a=group:BUNDLE 0 1 2 3")).find("BUNDLE"),
            std::string::npos);
  EXPECT_NE(checkFails(dropLines(chrome, "a=rtcp-mux")).find("rtcp-mux"), std::string::npos);
}

TEST(AnswerCheck, AllRejectedIsAnError) {
  OfferSpec spec = samples::offerSpec();
  for (auto& m : spec.media) m.rejected = true;
  EXPECT_NE(checkFails(samples::kChromiumAnswer, spec).find("no m-line"), std::string::npos);
}

TEST(AnswerCheck, MissingOrBadCredentials) {
  const std::string_view ff = samples::kFirefoxAnswer;
  const std::string_view chrome = samples::kChromiumAnswer;
  EXPECT_NE(checkFails(dropLines(ff, "a=ice-ufrag")).find("ice-ufrag"), std::string::npos);
  EXPECT_NE(checkFails(dropLines(ff, "a=ice-pwd")).find("ice-pwd"), std::string::npos);
  EXPECT_NE(checkFails(dropLines(ff, "a=fingerprint")).find("fingerprint"), std::string::npos);
  EXPECT_NE(checkFails(dropLines(chrome, "a=setup")).find("setup"), std::string::npos);
  // Too short: ufrag needs 4 characters, pwd 22 (RFC 8839 5.4).
  const std::string shortUfrag = edit(dropLines(ff, "a=ice-ufrag"), "a=group:", "a=ice-ufrag:abc\na=group:");
  EXPECT_NE(checkFails(shortUfrag).find("ice-ufrag"), std::string::npos);
  std::string shortPwd(chrome);
  while (shortPwd.find("4hP1k2cZ0sYv8nWbQe3rTuLm") != std::string::npos)
    shortPwd = edit(shortPwd, "4hP1k2cZ0sYv8nWbQe3rTuLm", "4hP1k2cZ0sYv8nWbQe3rT");
  EXPECT_NE(checkFails(shortPwd).find("ice-pwd"), std::string::npos);
  std::string badChar(chrome);
  while (badChar.find("a=ice-ufrag:Xq7d") != std::string::npos)
    badChar = edit(badChar, "a=ice-ufrag:Xq7d", "a=ice-ufrag:Xq7-");
  EXPECT_NE(checkFails(badChar).find("ice-ufrag"), std::string::npos);
  // Transport differs between bundled m-lines.
  EXPECT_NE(checkFails(edit(ff, "a=ice-ufrag:5636beb5\na=mid:1", "a=ice-ufrag:ffffffff\na=mid:1"))
                .find("BUNDLE"),
            std::string::npos);
  // actpass is for offers only (RFC 8842 3).
  EXPECT_NE(checkFails(edit(dropLines(chrome, "a=setup"), "a=group", "a=setup:actpass\na=group"))
                .find("setup"),
            std::string::npos);
  // Unknown hash or malformed value.
  EXPECT_NE(checkFails(edit(ff, "a=fingerprint:sha-256", "a=fingerprint:md5")).find("fingerprint"),
            std::string::npos);
  EXPECT_NE(checkFails(edit(ff, "sha-256 EA:05:", "sha-256 EA:0G:")).find("fingerprint"),
            std::string::npos);
}

TEST(AnswerCheck, PrefersSha256AmongSeveralFingerprints) {
  const auto text = edit(samples::kFirefoxAnswer, "a=fingerprint:",
                         "a=fingerprint:sha-1 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD\n"
                         "a=fingerprint:");
  const AnswerInfo info = checkOk(text);
  EXPECT_EQ(info.fingerprintAlgorithm, "sha-256");
  EXPECT_EQ(info.fingerprintValue.substr(0, 5), "EA:05");
}

}  // namespace
}  // namespace vicos::sdp
