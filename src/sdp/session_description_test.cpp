// Tests of the SDP parser on browser-shaped answers and on malformed input.
#include "sdp/session_description.hpp"

#include <gtest/gtest.h>

#include "sdp/sdp_test_samples.hpp"

namespace vicos::sdp {
namespace {

SessionDescription parseOk(std::string_view text) {
  auto result = parseSessionDescription(text);
  if (auto* error = std::get_if<SdpError>(&result)) {
    ADD_FAILURE() << "line " << error->line << ": " << error->what;
    return {};
  }
  return std::get<SessionDescription>(std::move(result));
}

SdpError parseFails(std::string_view text) {
  auto result = parseSessionDescription(text);
  if (auto* error = std::get_if<SdpError>(&result)) return *error;
  ADD_FAILURE() << "parsed although it should not";
  return {};
}

const std::string kMinimal = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

TEST(SdpParse, ChromiumAnswer) {
  const auto d = parseOk(samples::crlf(samples::kChromiumAnswer));
  EXPECT_EQ(d.originSessionId, "2847105927495827263");
  EXPECT_EQ(d.originSessionVersion, "2");
  EXPECT_TRUE(d.extmapAllowMixed);
  EXPECT_FALSE(d.iceLite);
  EXPECT_EQ(d.bundleMids, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  ASSERT_EQ(d.media.size(), 5u);

  const auto& audio = d.media[0];
  EXPECT_EQ(audio.kind, MediaKind::Audio);
  EXPECT_EQ(audio.port, 9);
  EXPECT_EQ(audio.protocol, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.payloadTypes, (std::vector<uint8_t>{111}));
  EXPECT_EQ(audio.mid, "0");
  EXPECT_EQ(audio.direction, Direction::SendOnly);
  EXPECT_TRUE(audio.rtcpMux);
  EXPECT_TRUE(audio.rtcpRsize);
  EXPECT_EQ(audio.iceUfrag, "Xq7d");
  EXPECT_EQ(audio.icePwd, "4hP1k2cZ0sYv8nWbQe3rTuLm");
  ASSERT_EQ(audio.fingerprints.size(), 1u);
  EXPECT_EQ(audio.fingerprints[0].algorithm, "sha-256");
  EXPECT_EQ(audio.fingerprints[0].value.substr(0, 8), "45:3D:7C");
  EXPECT_EQ(audio.setup, SetupRole::Active);
  const RtpMap* opus = audio.rtpMap(111);
  ASSERT_NE(opus, nullptr);
  EXPECT_EQ(opus->encodingName, "opus");
  EXPECT_EQ(opus->clockRate, 48000u);
  EXPECT_EQ(opus->channels, 2);
  ASSERT_EQ(audio.fmtps.size(), 1u);
  EXPECT_EQ(audio.fmtps[0].payloadType, 111);
  EXPECT_EQ(audio.fmtps[0].parameters, "minptime=10;useinbandfec=1");
  ASSERT_EQ(audio.extMaps.size(), 2u);
  EXPECT_EQ(audio.extMaps[1].id, 2);
  EXPECT_EQ(audio.extMaps[1].uri, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
  EXPECT_FALSE(audio.extMaps[1].direction.has_value());
  EXPECT_EQ(audio.msid,
            "ffedaf96-6b7e-4854-b39e-9394474d442f 85497801-d997-4b77-bafe-4c4b11ff55a9");
  ASSERT_EQ(audio.ssrcs.size(), 1u);
  EXPECT_EQ(audio.ssrcs[0].ssrc, 3735928559u);
  EXPECT_EQ(audio.ssrcs[0].cname, "k2Jd8Qw1fXz0pL3m");
  EXPECT_EQ(audio.ssrcs[0].msid, audio.msid);

  const auto& video = d.media[1];
  EXPECT_EQ(video.kind, MediaKind::Video);
  ASSERT_EQ(video.rtcpFbs.size(), 4u);
  EXPECT_EQ(video.rtcpFbs[1].payloadType, 96);
  EXPECT_EQ(video.rtcpFbs[1].type, "ccm");
  EXPECT_EQ(video.rtcpFbs[1].parameter, "fir");
  EXPECT_EQ(video.rtcpFbs[2].parameter, "");
  EXPECT_EQ(d.media[2].direction, Direction::RecvOnly);
  EXPECT_TRUE(d.media[2].ssrcs.empty());
  EXPECT_EQ(d.media[4].direction, Direction::Inactive);
}

TEST(SdpParse, FirefoxAnswerInheritsSessionFingerprint) {
  const auto d = parseOk(samples::crlf(samples::kFirefoxAnswer));
  EXPECT_EQ(d.originUsername, "mozilla...THIS_IS_SDPARTA-115.6.0");
  ASSERT_EQ(d.fingerprints.size(), 1u);
  ASSERT_EQ(d.media.size(), 5u);
  for (const auto& m : d.media) {
    ASSERT_EQ(m.fingerprints.size(), 1u) << m.mid;
    EXPECT_EQ(m.fingerprints[0].value, d.fingerprints[0].value);
    EXPECT_EQ(m.iceUfrag, "5636beb5");
    EXPECT_EQ(m.setup, SetupRole::Active);
  }
  EXPECT_EQ(d.media[0].msid,
            "{770d003f-8a5c-4b2b-b2b7-ede0dad7c6b4} {a8536b75-4b14-4050-b6e5-2826e47f1f1e}");
  EXPECT_EQ(d.media[0].ssrcs[0].cname, "{6e7edff8-c23e-4e8d-b5ae-ee098deee408}");
  EXPECT_EQ(d.media[3].ssrcs[0].ssrc, 2882400004u);
  EXPECT_EQ(d.media[1].fmtps[0].parameters, "max-fs=12288;max-fr=60");
}

TEST(SdpParse, LfLineEndingsAndNoFinalNewline) {
  std::string lf(samples::kChromiumAnswer);
  lf.pop_back();  // no newline after the last line
  const auto d = parseOk(lf);
  ASSERT_EQ(d.media.size(), 5u);
  EXPECT_EQ(d.media[4].rtpMap(111)->encodingName, "opus");
  EXPECT_EQ(d.media[4].fmtps.back().parameters, "minptime=10;useinbandfec=1");
}

TEST(SdpParse, RichOfferFields) {
  const auto d = parseOk(samples::crlf(samples::kRichOffer));
  ASSERT_EQ(d.media.size(), 2u);
  const auto& v = d.media[0];
  EXPECT_EQ(v.port, 50000);
  EXPECT_EQ(v.direction, Direction::SendRecv);
  EXPECT_EQ(v.iceUfrag, "Mv9e");                      // media level wins
  EXPECT_EQ(v.icePwd, "b7Ke2VzP9mXc1RtY6wLu0Nqs");    // session level fills in
  EXPECT_EQ(v.setup, SetupRole::ActPass);
  ASSERT_EQ(v.candidates.size(), 2u);
  EXPECT_EQ(v.candidates[0], "1467250027 1 udp 2122260223 192.0.2.7 50000 typ host generation 0");
  EXPECT_TRUE(v.endOfCandidates);
  ASSERT_EQ(v.extMaps.size(), 2u);
  EXPECT_EQ(v.extMaps[0].direction, Direction::SendOnly);
  EXPECT_EQ(v.extMaps[0].id, 4);
  EXPECT_FALSE(v.rtcpFbs[0].payloadType.has_value());
  EXPECT_EQ(v.rtcpFbs[1].parameter, "tmmbr smaxpr=120");
  EXPECT_EQ(v.rtpMap(97)->encodingName, "rtx");
  EXPECT_EQ(v.rtpMap(97)->channels, 0);
  EXPECT_EQ(v.rids, (std::vector<std::string>{"hi send", "lo send max-width=320"}));
  EXPECT_EQ(v.simulcast, "send hi;lo");
  ASSERT_EQ(v.ssrcGroups.size(), 1u);
  EXPECT_EQ(v.ssrcGroups[0].semantics, "FID");
  EXPECT_EQ(v.ssrcGroups[0].ssrcs, (std::vector<uint32_t>{1111, 2222}));
  ASSERT_EQ(v.ssrcs.size(), 2u);
  EXPECT_EQ(v.ssrcs[1].cname, "c1");
  EXPECT_EQ(v.ssrcs[1].msid, "");
  const auto& dc = d.media[1];
  EXPECT_EQ(dc.kind, MediaKind::Application);
  EXPECT_EQ(dc.formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_TRUE(dc.payloadTypes.empty());
  EXPECT_EQ(dc.iceUfrag, "Gq3x");
}

TEST(SdpParse, SessionDirectionIsTheDefault) {
  const auto d = parseOk(kMinimal + "a=inactive\r\nm=audio 9 RTP/AVP 0\r\nm=audio 9 RTP/AVP 0\r\n"
                         "a=sendonly\r\n");
  EXPECT_EQ(d.media[0].direction, Direction::Inactive);
  EXPECT_EQ(d.media[1].direction, Direction::SendOnly);
}

TEST(SdpParse, DefaultsWithoutAttributes) {
  const auto d = parseOk(kMinimal + "m=video 0 RTP/AVP 31 32\r\nm=text 9 RTP/AVP 98\r\n");
  EXPECT_EQ(d.media[0].direction, Direction::SendRecv);
  EXPECT_EQ(d.media[0].port, 0);
  EXPECT_FALSE(d.media[0].iceUfrag.has_value());
  EXPECT_FALSE(d.media[0].setup.has_value());
  EXPECT_EQ(d.media[1].kind, MediaKind::Other);
  EXPECT_EQ(d.media[1].kindName, "text");
}

struct Malformed {
  const char* name;
  std::string text;
  size_t line;
};

class SdpMalformed : public testing::TestWithParam<Malformed> {};

TEST_P(SdpMalformed, IsRejectedWithLine) {
  const SdpError e = parseFails(GetParam().text);
  EXPECT_EQ(e.line, GetParam().line) << e.what;
  EXPECT_FALSE(e.what.empty());
}

const std::string kM = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, SdpMalformed,
    testing::Values(
        Malformed{"Empty", "", 0}, Malformed{"OnlyNewlines", "\r\n\r\n", 0},
        Malformed{"MissingVersion", "o=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", 1},
        Malformed{"WrongVersion", "v=1\r\n", 1},
        Malformed{"MissingOrigin", "v=0\r\ns=-\r\nt=0 0\r\n", 0},
        Malformed{"OriginFields", "v=0\r\no=- 1 1 IN IP4\r\n", 2},
        Malformed{"OriginNotNumeric", "v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", 2},
        Malformed{"MediaBeforeOrigin", "v=0\r\nm=audio 9 RTP/AVP 0\r\n", 2},
        Malformed{"NoEquals", kMinimal + "a\r\n", 5},
        Malformed{"UpperCaseType", kMinimal + "A=foo\r\n", 5},
        Malformed{"RepeatedVersion", kMinimal + "v=0\r\n", 5},
        Malformed{"MediaTooShort", kMinimal + "m=audio 9 RTP/AVP\r\n", 5},
        Malformed{"MediaBadPort", kMinimal + "m=audio 70000 RTP/AVP 0\r\n", 5},
        Malformed{"MediaNegativePort", kMinimal + "m=audio -9 RTP/AVP 0\r\n", 5},
        Malformed{"MediaBadPortCount", kMinimal + "m=audio 9/x RTP/AVP 0\r\n", 5},
        Malformed{"MediaBadPayloadType", kMinimal + "m=audio 9 RTP/AVP 128\r\n", 5},
        Malformed{"MediaNonNumericPayloadType", kMinimal + "m=audio 9 RTP/AVP opus\r\n", 5},
        Malformed{"ControlCharacter", kMinimal + "s=a\x01b\r\n", 5},
        Malformed{"NulByte", kMinimal + std::string("a=mid:\0x\r\n", 10), 5},
        Malformed{"BareCarriageReturn", kMinimal + "a=ice-lite\rx=1\r\n", 5},
        Malformed{"BinaryJunk", std::string("v=0\r\n\xff\xfe\x00\x13garbage", 16), 2},
        Malformed{"RtpmapNoClock", kMinimal + kM + "a=rtpmap:111 opus\r\n", 6},
        Malformed{"RtpmapZeroClock", kMinimal + kM + "a=rtpmap:111 opus/0\r\n", 6},
        Malformed{"RtpmapBadPt", kMinimal + kM + "a=rtpmap:300 opus/48000/2\r\n", 6},
        Malformed{"RtpmapRepeated",
                  kMinimal + kM + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n", 7},
        Malformed{"RtpmapZeroChannels", kMinimal + kM + "a=rtpmap:111 opus/48000/0\r\n", 6},
        Malformed{"FmtpBadPt", kMinimal + kM + "a=fmtp:abc x=1\r\n", 6},
        Malformed{"RtcpFbNoType", kMinimal + kM + "a=rtcp-fb:111\r\n", 6},
        Malformed{"ExtmapIdZero", kMinimal + kM + "a=extmap:0 urn:x\r\n", 6},
        Malformed{"ExtmapIdTooLarge", kMinimal + kM + "a=extmap:256 urn:x\r\n", 6},
        Malformed{"ExtmapBadDirection", kMinimal + kM + "a=extmap:1/up urn:x\r\n", 6},
        Malformed{"ExtmapNoUri", kMinimal + kM + "a=extmap:1\r\n", 6},
        Malformed{"ExtmapRepeatedId", kMinimal + kM + "a=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", 7},
        Malformed{"SsrcNotNumeric", kMinimal + kM + "a=ssrc:abc cname:x\r\n", 6},
        Malformed{"SsrcTooLarge", kMinimal + kM + "a=ssrc:4294967296 cname:x\r\n", 6},
        Malformed{"SsrcGroupEmpty", kMinimal + kM + "a=ssrc-group:FID\r\n", 6},
        Malformed{"MidRepeated", kMinimal + kM + "a=mid:0\r\na=mid:1\r\n", 7},
        Malformed{"MidDuplicate", kMinimal + kM + "a=mid:0\r\n" + kM + "a=mid:0\r\n", 8},
        Malformed{"MidEmpty", kMinimal + kM + "a=mid:\r\n", 6},
        Malformed{"TwoDirections", kMinimal + kM + "a=sendonly\r\na=recvonly\r\n", 7},
        Malformed{"UnknownSetup", kMinimal + kM + "a=setup:sideways\r\n", 6},
        Malformed{"RepeatedSetup", kMinimal + "a=setup:active\r\na=setup:passive\r\n", 6},
        Malformed{"RepeatedUfrag", kMinimal + kM + "a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n", 7},
        Malformed{"EmptyPwd", kMinimal + "a=ice-pwd:\r\n", 5},
        Malformed{"FingerprintOneField", kMinimal + "a=fingerprint:sha-256\r\n", 5},
        Malformed{"TwoBundleGroups", kMinimal + "a=group:BUNDLE 0\r\na=group:BUNDLE 1\r\n", 6},
        Malformed{"EmptyBundle", kMinimal + "a=group:BUNDLE\r\n", 5}),
    [](const testing::TestParamInfo<Malformed>& p) { return std::string(p.param.name); });

TEST(SdpLimits, OversizeInputRejected) {
  std::string text = kMinimal;
  while (text.size() <= kMaxSdpBytes) text += "a=x-padding:0123456789abcdef0123456789abcdef\r\n";
  EXPECT_EQ(parseFails(text).line, 0u);
  text.resize(kMaxSdpBytes);  // exactly at the limit is allowed (the last line is cut, harmless)
  parseOk(text);
}

TEST(SdpLimits, OverlongLineRejected) {
  std::string ok = kMinimal + "a=x:" + std::string(kMaxLineBytes - 4, 'y') + "\r\n";
  parseOk(ok);
  std::string bad = kMinimal + "a=x:" + std::string(kMaxLineBytes - 3, 'y') + "\r\n";
  EXPECT_EQ(parseFails(bad).line, 5u);
}

TEST(SdpLimits, TooManyLinesRejected) {
  std::string text = kMinimal;
  for (size_t i = 4; i < kMaxLines; ++i) text += "a=x\n";
  parseOk(text);
  text += "a=x\n";
  EXPECT_EQ(parseFails(text).line, kMaxLines + 1);
}

TEST(SdpLimits, TooManyMediaSectionsRejected) {
  std::string text = kMinimal;
  for (size_t i = 0; i < kMaxMediaSections; ++i) text += "m=audio 9 RTP/AVP 0\n";
  EXPECT_EQ(parseOk(text).media.size(), kMaxMediaSections);
  text += "m=audio 9 RTP/AVP 0\n";
  EXPECT_EQ(parseFails(text).line, 4 + kMaxMediaSections + 1);
}

}  // namespace
}  // namespace vicos::sdp
