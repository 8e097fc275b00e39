// Tests of the server message builders: parse their output back and check every field.
#include "signaling/server_messages.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

TEST(ServerMessages, Joined) {
  const auto j = Json::parse(joinedMessage("00112233aabbccdd", "team-weekly",
                                           {{"a1", "Alex", true, false, {}, false}, {"b2", "Bo", false, true, {}, true}}));
  EXPECT_EQ(j["type"], "joined");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["participant"], "00112233aabbccdd");
  EXPECT_EQ(j["room"], "team-weekly");
  ASSERT_EQ(j["participants"].size(), 2u);
  EXPECT_EQ(j["participants"][0],
            (Json{{"id", "a1"}, {"name", "Alex"}, {"audio", true}, {"video", false}, {"hand", nullptr}, {"screen", false},
                  {"e2ee", false}, {"mutedBy", nullptr}, {"cameraStoppedBy", nullptr}, {"canUnmute", true},
                  {"canShare", true}, {"reconnecting", false}}));
  EXPECT_EQ(j["participants"][1]["screen"], true);
  EXPECT_EQ(j["participants"][1]["video"], true);
  EXPECT_TRUE(Json::parse(joinedMessage("x", "r", {}))["participants"].is_array());
  EXPECT_FALSE(j.contains("resumeToken"));
  EXPECT_EQ(Json::parse(joinedMessage("x", "r", {}, "guest", "00ff"))["resumeToken"], "00ff");
  EXPECT_FALSE(j.contains("instance"));
  EXPECT_EQ(Json::parse(joinedMessage("x", "r", {}, "guest", "00ff", "0a1b"))["instance"], "0a1b");
}

TEST(ServerMessages, ResumedCarriesSelfOthersAndANewToken) {
  ParticipantInfo self{"a1", "Alex", true, false, 2u, false, true, "moderator"};
  ParticipantInfo other{"b2", "Bo", false, true, {}, true};
  other.reconnecting = true;
  const auto j = Json::parse(resumedMessage(self, "team", {other}, "abcd"));
  EXPECT_EQ(j["type"], "resumed");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["participant"], "a1");
  EXPECT_EQ(j["room"], "team");
  EXPECT_EQ(j["role"], "moderator");
  EXPECT_EQ(j["resumeToken"], "abcd");
  EXPECT_EQ(j["self"]["hand"], 2);
  EXPECT_EQ(j["self"]["reconnecting"], false);
  ASSERT_EQ(j["participants"].size(), 1u);
  EXPECT_EQ(j["participants"][0]["reconnecting"], true);
}

TEST(ServerMessages, Offer) {
  const std::string sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n";
  const auto j = Json::parse(offerMessage(18446744073709551615ull, sdp,
                                          {{"3", "a1", StreamKind::Audio}, {"4", "a1", StreamKind::Video},
                                           {"5", "a1", StreamKind::Screen}}));
  EXPECT_EQ(j["type"], "offer");
  EXPECT_EQ(j["offerId"].get<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j["sdp"], sdp);  // CR LF survive escaping
  ASSERT_EQ(j["streams"].size(), 3u);
  EXPECT_EQ(j["streams"][0], (Json{{"mid", "3"}, {"participant", "a1"}, {"kind", "audio"}}));
  EXPECT_EQ(j["streams"][1]["kind"], "video");
  EXPECT_EQ(j["streams"][2]["kind"], "screen");
  EXPECT_FALSE(j.contains("encodings"));
  const auto layered = Json::parse(offerMessage(1, sdp, {}, false, {{"q", 4, 200000}, {"f", 1, 2500000}}));
  ASSERT_EQ(layered["encodings"].size(), 2u);
  EXPECT_EQ(layered["encodings"][0], (Json{{"rid", "q"}, {"scaleResolutionDownBy", 4}, {"maxBitrate", 200000}}));
  EXPECT_EQ(layered["encodings"][1]["rid"], "f");
}

TEST(ServerMessages, ParticipantEvents) {
  const ParticipantInfo p{"a1", "Ren\xc3\xa9 \"the\" <b>", true, true, {}, false};
  const auto joined = Json::parse(participantJoinedMessage(p));
  EXPECT_EQ(joined["type"], "participant-joined");
  EXPECT_EQ(joined["participant"]["name"], p.name);
  EXPECT_EQ(joined["participant"]["id"], "a1");
  EXPECT_EQ(joined["participant"]["audio"], true);
  const auto updated = Json::parse(participantUpdatedMessage({"a1", "R", false, true, {}, false}));
  EXPECT_EQ(updated["type"], "participant-updated");
  EXPECT_EQ(updated["participant"]["audio"], false);
  EXPECT_EQ(updated["participant"]["video"], true);
  const auto left = Json::parse(participantLeftMessage("a1"));
  EXPECT_EQ(left, (Json{{"type", "participant-left"}, {"participant", "a1"}}));
}

// P23: what the server tells about a participant is their state of this moment, never a total
// over time: no speaking time, attention, focus or engagement. This is the whole list; before
// adding a field, check that it is no such measure (docs/privacy.md, P23).
TEST(ServerMessages, ParticipantStateHoldsNoTotals) {
  ParticipantInfo p{"a1", "R", true, true, 1u, true, true, "moderator", "b2", "b2"};
  const auto joined = Json::parse(participantJoinedMessage(p));
  std::vector<std::string> keys;
  for (const auto& [key, value] : joined["participant"].items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"audio", "cameraStoppedBy", "canShare", "canUnmute", "e2ee", "hand",
                                      "id", "mutedBy", "name", "reconnecting", "role", "screen", "video"}));
}

TEST(ServerMessages, HandPositionOrNull) {
  ParticipantInfo p{"a1", "A", false, false, {}, false};
  EXPECT_TRUE(Json::parse(participantUpdatedMessage(p))["participant"]["hand"].is_null());
  p.hand = 2;
  EXPECT_EQ(Json::parse(participantUpdatedMessage(p))["participant"]["hand"], 2);
}

TEST(ServerMessages, ChatToEveryoneAndPrivate) {
  const auto all = Json::parse(chatMessage({"a1", "Hallo \"alle\"\n", "", 1700000000123}));
  EXPECT_EQ(all, (Json{{"type", "chat"},
                       {"from", "a1"},
                       {"text", "Hallo \"alle\"\n"},
                       {"private", false},
                       {"at", 1700000000123}}));
  const auto one = Json::parse(chatMessage({"a1", "psst", "b2", 5}));
  EXPECT_EQ(one["private"], true);
  EXPECT_EQ(one["to"], "b2");
  EXPECT_EQ(one["at"], 5);
}

TEST(ServerMessages, ActiveSpeaker) {
  EXPECT_EQ(Json::parse(activeSpeakerMessage("a1")),
            (Json{{"type", "active-speaker"}, {"participant", "a1"}}));
}

TEST(ServerMessages, ErrorWithAndWithoutRef) {
  const auto j = Json::parse(errorMessage({ErrorCode::StaleAnswer, "old offer", "answer"}));
  EXPECT_EQ(j, (Json{{"type", "error"}, {"code", "stale-answer"}, {"message", "old offer"}, {"ref", "answer"}}));
  const auto k = Json::parse(errorMessage({ErrorCode::TooLarge, "big", ""}));
  EXPECT_FALSE(k.contains("ref"));
  EXPECT_EQ(k["code"], "too-large");
}

TEST(ServerMessages, InvalidUtf8IsReplacedNotThrown) {
  const auto j = Json::parse(participantLeftMessage("a\xff" "b"));
  EXPECT_EQ(j["participant"], "a\xef\xbf\xbd" "b");
}

TEST(ErrorCodes, WireNames) {
  const std::pair<ErrorCode, const char*> names[] = {
      {ErrorCode::BadMessage, "bad-message"},   {ErrorCode::TooLarge, "too-large"},
      {ErrorCode::UnknownType, "unknown-type"}, {ErrorCode::UnsupportedVersion, "unsupported-version"},
      {ErrorCode::InvalidRoom, "invalid-room"}, {ErrorCode::InvalidName, "invalid-name"},
      {ErrorCode::WrongState, "wrong-state"},   {ErrorCode::StaleAnswer, "stale-answer"},
      {ErrorCode::BadSdp, "bad-sdp"},           {ErrorCode::RoomFull, "room-full"},
      {ErrorCode::RateLimited, "rate-limited"}, {ErrorCode::Internal, "internal"},
      {ErrorCode::InvalidChat, "invalid-chat"}, {ErrorCode::UnknownParticipant, "unknown-participant"},
      {ErrorCode::ResumeFailed, "resume-failed"}, {ErrorCode::RestartThrottled, "restart-throttled"}};
  for (const auto& [code, name] : names) EXPECT_EQ(errorCodeName(code), name);
}

}  // namespace
}  // namespace vicos::signaling
