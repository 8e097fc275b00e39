// Tests of the client message parser: each message type, each rule, each error code it yields.
#include "signaling/messages.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace vicos::signaling {
namespace {

template <typename T>
T parseAs(std::string_view text) {
  auto result = parseClientMessage(text);
  if (auto* e = std::get_if<SignalingError>(&result)) {
    ADD_FAILURE() << errorCodeName(e->code) << ": " << e->message;
    return {};
  }
  const auto& message = std::get<ClientMessage>(result);
  if (!std::holds_alternative<T>(message)) {
    ADD_FAILURE() << "parsed as " << messageTypeName(message);
    return {};
  }
  return std::get<T>(message);
}

TEST(ClientMessages, Join) {
  const auto m = parseAs<JoinMessage>(R"({"type":"join","version":1,"room":"team-weekly","name":"Alex"})");
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.room, "team-weekly");
  EXPECT_EQ(m.name, "Alex");
  EXPECT_EQ(parseAs<JoinMessage>(R"({"type":"join","version":1,"room":"r","name":"  Alex  "})").name,
            "Alex");
  // Unknown fields are ignored; a \u escape is decoded before the name rules apply.
  EXPECT_EQ(parseAs<JoinMessage>(
                R"({"name":"J\u00fcrgen","room":"r","type":"join","version":1.0,"extra":[1,{}]})")
                .name,
            "J\xc3\xbcrgen");
}

TEST(ClientMessages, Answer) {
  const auto m = parseAs<AnswerMessage>(R"({"type":"answer","offerId":7,"sdp":"v=0\r\n"})");
  EXPECT_EQ(m.offerId, 7u);
  EXPECT_EQ(m.sdp, "v=0\r\n");
  const std::string big = R"({"type":"answer","offerId":1,"sdp":")" + std::string(kMaxAnswerSdpBytes, 'x') + "\"}";
  EXPECT_EQ(parseAs<AnswerMessage>(big).sdp.size(), kMaxAnswerSdpBytes);
}

TEST(ClientMessages, MediaKeyframeLeave) {
  const auto media = parseAs<MediaMessage>(R"({"type":"media","audio":true,"video":false})");
  EXPECT_TRUE(media.audio);
  EXPECT_FALSE(media.video);
  EXPECT_FALSE(media.screen);  // absent: not sharing (older clients)
  EXPECT_TRUE(parseAs<MediaMessage>(R"({"type":"media","audio":false,"video":false,"screen":true})").screen);
  EXPECT_EQ(parseAs<KeyframeMessage>(R"({"type":"keyframe","participant":"00112233aabbccdd"})")
                .participant,
            "00112233aabbccdd");
  parseAs<LeaveMessage>(R"({"type":"leave"})");
  parseAs<LeaveMessage>(" \n{\"type\" : \"leave\", \"why\": null}\n ");
}

TEST(ClientMessages, ResumeAndRestartMedia) {
  const auto m = parseAs<ResumeMessage>(R"({"type":"resume","room":"team","token":"00112233445566778899aabbccddeeff"})");
  EXPECT_EQ(m.room, "team");
  EXPECT_EQ(m.token, "00112233445566778899aabbccddeeff");
  parseAs<RestartMediaMessage>(R"({"type":"restart-media"})");
  const auto code = [](std::string_view text) {
    auto result = parseClientMessage(text);
    auto* e = std::get_if<SignalingError>(&result);
    return e ? std::string(errorCodeName(e->code)) : std::string("ok");
  };
  EXPECT_EQ(code(R"({"type":"resume","room":"team"})"), "bad-message");
  EXPECT_EQ(code(R"({"type":"resume","room":"team","token":7})"), "bad-message");
  EXPECT_EQ(code(R"({"type":"resume","token":"ab"})"), "bad-message");
  EXPECT_EQ(code(R"({"type":"resume","room":"no room","token":"ab"})"), "invalid-room");
  EXPECT_EQ(code(R"({"type":"resume","room":"team","token":""})"), "resume-failed");
  EXPECT_EQ(code(R"({"type":"resume","room":"team","token":")" + std::string(65, 'a') + "\"}"), "resume-failed");
}

TEST(ClientMessages, ChatToEveryoneAndPrivate) {
  const auto all = parseAs<ChatMessage>(R"({"type":"chat","text":"Hallo\nzusammen \u00e4"})");
  EXPECT_EQ(all.text, "Hallo\nzusammen \xc3\xa4");
  EXPECT_TRUE(all.to.empty());
  EXPECT_TRUE(parseAs<ChatMessage>(R"({"type":"chat","text":"x","to":null})").to.empty());
  const auto one = parseAs<ChatMessage>(R"({"type":"chat","text":" hi ","to":"00112233aabbccdd"})");
  EXPECT_EQ(one.text, " hi ");  // relayed as written
  EXPECT_EQ(one.to, "00112233aabbccdd");
}

TEST(ClientMessages, ChatLengthCountsCodePoints) {
  std::string limit;
  for (int i = 0; i < 2000; ++i) limit += "\xe2\x82\xac";  // 2000 euro signs, 6000 bytes
  EXPECT_EQ(parseAs<ChatMessage>(R"({"type":"chat","text":")" + limit + "\"}").text.size(), 6000u);
  auto over = parseClientMessage(R"({"type":"chat","text":")" + limit + "x\"}");
  ASSERT_TRUE(std::holds_alternative<SignalingError>(over));
  EXPECT_EQ(std::get<SignalingError>(over).code, ErrorCode::InvalidChat);
}

TEST(ClientMessages, Hand) {
  EXPECT_TRUE(parseAs<HandMessage>(R"({"type":"hand","raised":true})").raised);
  EXPECT_FALSE(parseAs<HandMessage>(R"({"type":"hand","raised":false})").raised);
}

struct Bad {
  const char* name;
  std::string text;
  ErrorCode code;
  const char* ref;
};

class ClientMessageErrors : public testing::TestWithParam<Bad> {};

TEST_P(ClientMessageErrors, YieldTheCodeOfTheTable) {
  auto result = parseClientMessage(GetParam().text);
  ASSERT_TRUE(std::holds_alternative<SignalingError>(result));
  const auto& e = std::get<SignalingError>(result);
  EXPECT_EQ(errorCodeName(e.code), errorCodeName(GetParam().code)) << e.message;
  EXPECT_EQ(e.ref, GetParam().ref);
  EXPECT_FALSE(e.message.empty());
}

std::string join(std::string_view version, std::string_view room, std::string_view name) {
  return std::string(R"({"type":"join","version":)") + std::string(version) + R"(,"room":)" +
         std::string(room) + R"(,"name":)" + std::string(name) + "}";
}

std::string deep(size_t depth) {
  return R"({"type":"leave","x":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ClientMessageErrors,
    testing::Values(
        // Size comes first, even before syntax.
        Bad{"TooLarge", std::string(kMaxMessageBytes + 1, ' '), ErrorCode::TooLarge, ""},
        Bad{"TooLargeValidJoin",
            join("1", "\"r\"", "\"" + std::string(kMaxMessageBytes, 'a') + "\""), ErrorCode::TooLarge, ""},
        // Shape.
        Bad{"Empty", "", ErrorCode::BadMessage, ""},
        Bad{"NotJson", "hello", ErrorCode::BadMessage, ""},
        Bad{"TruncatedJson", R"({"type":"join")", ErrorCode::BadMessage, ""},
        Bad{"TrailingGarbage", R"({"type":"leave"}x)", ErrorCode::BadMessage, ""},
        Bad{"InvalidUtf8", "{\"type\":\"leave\",\"x\":\"\xff\"}", ErrorCode::BadMessage, ""},
        Bad{"LoneSurrogateEscape", R"({"type":"leave","x":"\ud800"})", ErrorCode::BadMessage, ""},
        Bad{"TooDeep", deep(kMaxJsonDepth), ErrorCode::BadMessage, ""},
        Bad{"Array", R"([{"type":"leave"}])", ErrorCode::BadMessage, ""},
        Bad{"String", R"("leave")", ErrorCode::BadMessage, ""},
        Bad{"NoType", R"({"room":"r"})", ErrorCode::BadMessage, ""},
        Bad{"TypeNotString", R"({"type":1})", ErrorCode::BadMessage, ""},
        Bad{"TypeNull", R"({"type":null})", ErrorCode::BadMessage, ""},
        // Known type.
        Bad{"UnknownType", R"({"type":"dance"})", ErrorCode::UnknownType, "dance"},
        Bad{"TypeIsCaseSensitive", R"({"type":"Join"})", ErrorCode::UnknownType, "Join"},
        Bad{"UnknownTypeRefShortened", R"({"type":")" + std::string(40, 'z') + "\"}",
            ErrorCode::UnknownType, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"},
        // Field types.
        Bad{"JoinVersionString", join("\"1\"", "\"r\"", "\"A\""), ErrorCode::BadMessage, "join"},
        Bad{"JoinNoVersion", R"({"type":"join","room":"r","name":"A"})", ErrorCode::BadMessage, "join"},
        Bad{"JoinRoomNumber", join("1", "5", "\"A\""), ErrorCode::BadMessage, "join"},
        Bad{"JoinNameNull", join("1", "\"r\"", "null"), ErrorCode::BadMessage, "join"},
        Bad{"JoinTypesBeforeVersion", join("2", "\"r\"", "false"), ErrorCode::BadMessage, "join"},
        Bad{"AnswerNoSdp", R"({"type":"answer","offerId":1})", ErrorCode::BadMessage, "answer"},
        Bad{"AnswerOfferIdString", R"({"type":"answer","offerId":"1","sdp":""})", ErrorCode::BadMessage, "answer"},
        Bad{"AnswerOfferIdNegative", R"({"type":"answer","offerId":-1,"sdp":""})", ErrorCode::BadMessage, "answer"},
        Bad{"AnswerOfferIdFraction", R"({"type":"answer","offerId":1.5,"sdp":""})", ErrorCode::BadMessage, "answer"},
        Bad{"MediaAudioNumber", R"({"type":"media","audio":1,"video":true})", ErrorCode::BadMessage, "media"},
        Bad{"MediaScreenString", R"({"type":"media","audio":true,"video":true,"screen":"yes"})", ErrorCode::BadMessage, "media"},
        Bad{"MediaNoVideo", R"({"type":"media","audio":true})", ErrorCode::BadMessage, "media"},
        Bad{"KeyframeParticipantNumber", R"({"type":"keyframe","participant":5})", ErrorCode::BadMessage, "keyframe"},
        // Field rules.
        Bad{"Version2", join("2", "\"r\"", "\"A\""), ErrorCode::UnsupportedVersion, "join"},
        Bad{"Version0", join("0", "\"r\"", "\"A\""), ErrorCode::UnsupportedVersion, "join"},
        Bad{"VersionFraction", join("1.5", "\"r\"", "\"A\""), ErrorCode::UnsupportedVersion, "join"},
        Bad{"VersionBeforeRoom", join("2", "\"bad room\"", "\"\""), ErrorCode::UnsupportedVersion, "join"},
        Bad{"RoomEmpty", join("1", "\"\"", "\"A\""), ErrorCode::InvalidRoom, "join"},
        Bad{"RoomSpace", join("1", "\"a b\"", "\"A\""), ErrorCode::InvalidRoom, "join"},
        Bad{"RoomSlash", join("1", "\"a/b\"", "\"A\""), ErrorCode::InvalidRoom, "join"},
        Bad{"RoomTooLong", join("1", "\"" + std::string(65, 'r') + "\"", "\"A\""), ErrorCode::InvalidRoom, "join"},
        Bad{"RoomBeforeName", join("1", "\"a b\"", "\"\""), ErrorCode::InvalidRoom, "join"},
        Bad{"NameEmpty", join("1", "\"r\"", "\"\""), ErrorCode::InvalidName, "join"},
        Bad{"NameBlank", join("1", "\"r\"", "\" \\t \""), ErrorCode::InvalidName, "join"},
        Bad{"NameTooLong", join("1", "\"r\"", "\"" + std::string(65, 'n') + "\""), ErrorCode::InvalidName, "join"},
        Bad{"NameControl", join("1", "\"r\"", "\"A\\u0007B\""), ErrorCode::InvalidName, "join"},
        Bad{"NameNewline", join("1", "\"r\"", "\"A\\nB\""), ErrorCode::InvalidName, "join"},
        Bad{"NameNul", join("1", "\"r\"", "\"A\\u0000B\""), ErrorCode::InvalidName, "join"},
        Bad{"ChatNoText", R"({"type":"chat"})", ErrorCode::BadMessage, "chat"},
        Bad{"ChatTextNumber", R"({"type":"chat","text":5})", ErrorCode::BadMessage, "chat"},
        Bad{"ChatToNumber", R"({"type":"chat","text":"x","to":5})", ErrorCode::BadMessage, "chat"},
        Bad{"ChatEmpty", R"({"type":"chat","text":""})", ErrorCode::InvalidChat, "chat"},
        Bad{"ChatBlank", R"({"type":"chat","text":" \n\t "})", ErrorCode::InvalidChat, "chat"},
        Bad{"ChatControl", R"({"type":"chat","text":"a\u0007b"})", ErrorCode::InvalidChat, "chat"},
        Bad{"ChatNul", R"({"type":"chat","text":"a\u0000b"})", ErrorCode::InvalidChat, "chat"},
        Bad{"ChatTooLong", R"({"type":"chat","text":")" + std::string(2001, 'c') + "\"}",
            ErrorCode::InvalidChat, "chat"},
        Bad{"ChatToEmpty", R"({"type":"chat","text":"x","to":""})", ErrorCode::UnknownParticipant, "chat"},
        Bad{"HandNoRaised", R"({"type":"hand"})", ErrorCode::BadMessage, "hand"},
        Bad{"HandRaisedString", R"({"type":"hand","raised":"true"})", ErrorCode::BadMessage, "hand"},
        Bad{"AnswerSdpTooLong",
            R"({"type":"answer","offerId":1,"sdp":")" + std::string(kMaxAnswerSdpBytes + 1, 'x') + "\"}",
            ErrorCode::BadSdp, "answer"}),
    [](const testing::TestParamInfo<Bad>& p) { return std::string(p.param.name); });

TEST(ClientMessages, TooLargeNamesTheRealLimit) {
  const auto result = parseClientMessage(std::string(kMaxMessageBytes + 1, ' '));
  ASSERT_TRUE(std::holds_alternative<SignalingError>(result));
  EXPECT_EQ(std::get<SignalingError>(result).message, "message is larger than 262144 bytes");
}

TEST(ClientMessages, DepthJustUnderTheLimitParses) {
  parseAs<LeaveMessage>(deep(kMaxJsonDepth - 1));
}

TEST(ClientMessages, NeverThrowsOnHostileInput) {
  const std::string inputs[] = {std::string(100000, '['), std::string(65536, '"'),
                                std::string("{\"type\":\"join\"\0}", 16), "{\"type\":\"join\",\"version\":1e999}",
                                "{\"type\":\"answer\",\"offerId\":99999999999999999999999,\"sdp\":\"\"}"};
  for (const auto& input : inputs)
    EXPECT_TRUE(std::holds_alternative<SignalingError>(parseClientMessage(input))) << input.substr(0, 40);
}

// The type list is what the parser accepts: each listed type reaches its own parser (an error
// there is about fields, never `unknown-type`), and the list names each type once.
TEST(ClientMessages, TypeListIsWhatTheParserKnows) {
  const auto& types = clientMessageTypes();
  EXPECT_GE(types.size(), 27u);
  for (auto type : types) {
    EXPECT_EQ(std::count(types.begin(), types.end(), type), 1) << type;
    auto result = parseClientMessage(R"({"type":")" + std::string(type) + R"("})");
    if (const auto* e = std::get_if<SignalingError>(&result)) {
      EXPECT_NE(e->code, ErrorCode::UnknownType) << type;
    } else {
      EXPECT_EQ(messageTypeName(std::get<ClientMessage>(result)), type);
    }
  }
  auto unknown = parseClientMessage(R"({"type":"record-everyone"})");
  ASSERT_TRUE(std::holds_alternative<SignalingError>(unknown));
  EXPECT_EQ(std::get<SignalingError>(unknown).code, ErrorCode::UnknownType);
}

}  // namespace
}  // namespace vicos::signaling
