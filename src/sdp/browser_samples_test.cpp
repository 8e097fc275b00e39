// Offers as real browsers stored them and the answers real Chromium and Firefox ESR wrote for
// them, captured from a vicos meeting by tools/capture-sdp.mjs: each answer must pass the
// answer check against its offer, as it did in the meeting.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "media/media_profile.hpp"
#include "sdp/answer_check.hpp"

namespace vicos::sdp {
namespace {

std::string readSample(const std::string& name) {
  std::ifstream in(std::string(VICOS_SDP_TESTDATA) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SessionDescription parseSample(const std::string& name) {
  auto parsed = parseSessionDescription(readSample(name));
  if (auto* error = std::get_if<SdpError>(&parsed)) {
    ADD_FAILURE() << name << ": " << error->what << " (line " << error->line << ")";
    return {};
  }
  return std::get<SessionDescription>(parsed);
}

// The OfferSpec the server had when it wrote `offer`.
OfferSpec specOf(const SessionDescription& offer) {
  OfferSpec spec;
  const MediaDescription& first = offer.media.at(0);
  spec.iceUfrag = first.iceUfrag.value_or("");
  spec.icePwd = first.icePwd.value_or("");
  spec.fingerprintSha256 = first.fingerprints.at(0).value;
  for (const auto& m : offer.media) {
    OfferMedia media;
    media.kind = m.kind;
    media.mid = m.mid;
    media.direction = m.direction;
    if (!m.ssrcs.empty()) {
      media.ssrc = m.ssrcs[0].ssrc;
      media.cname = m.ssrcs[0].cname;
    }
    spec.media.push_back(media);
  }
  return spec;
}

uint32_t ssrcOf(const SessionDescription& answer, size_t mline) {
  return answer.media.at(mline).ssrcs.at(0).ssrc;
}

void expectAccepted(const std::string& browser, size_t mlines) {
  const auto offer = parseSample(browser + "_offer.sdp");
  const auto answer = parseSample(browser + "_answer.sdp");
  ASSERT_EQ(offer.media.size(), mlines);
  ASSERT_EQ(answer.media.size(), mlines);
  const auto result = checkAnswer(answer, specOf(offer));
  if (auto* error = std::get_if<SdpError>(&result)) FAIL() << browser << ": " << error->what;
  const auto& info = std::get<AnswerInfo>(result);
  EXPECT_EQ(info.remoteUfrag, answer.media[0].iceUfrag.value_or(answer.iceUfrag.value_or("")));
  EXPECT_EQ(info.fingerprintAlgorithm, "sha-256");
  EXPECT_EQ(info.dtlsRoleOfServer, DtlsRole::Server);  // both browsers answer setup:active
  EXPECT_EQ(info.uplinkAudioSsrc, ssrcOf(answer, 0));
  EXPECT_EQ(info.uplinkVideoSsrc, ssrcOf(answer, 1));
  ASSERT_EQ(info.extensions.size(), mlines);
  EXPECT_EQ(info.extensions[0].midId, media::kExtMid.id);
  EXPECT_EQ(info.extensions[0].audioLevelId, media::kExtAudioLevel.id);
}

TEST(BrowserSamples, ChromiumAnswerToAnOfferWithUplinksOnly) { expectAccepted("chromium", 2); }

TEST(BrowserSamples, FirefoxAnswerToAnOfferWithDownlinks) { expectAccepted("firefox", 4); }

}  // namespace
}  // namespace vicos::sdp
