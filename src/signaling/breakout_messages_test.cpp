// Tests of the breakout-room parser and builders: each command's fields, bounds and refusals.
#include "signaling/breakout_messages.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

BreakoutMessage parsed(const std::string& text) {
  const auto result = parseClientMessage(text);
  EXPECT_TRUE(std::holds_alternative<ClientMessage>(result)) << text;
  if (!std::holds_alternative<ClientMessage>(result)) return {};
  const auto& message = std::get<ClientMessage>(result);
  EXPECT_TRUE(std::holds_alternative<BreakoutMessage>(message)) << text;
  return std::get<BreakoutMessage>(message);
}

TEST(BreakoutMessages, EveryTypeIsAClientType) {
  const auto& known = clientMessageTypes();
  for (auto name : breakoutTypeNames()) {
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
    EXPECT_EQ(breakoutTypeName(*breakoutActionOf(name)), name);
  }
  EXPECT_EQ(breakoutTypeNames().size(), 6u);
}

TEST(BreakoutMessages, CreateTrimsNamesAndReadsChoose) {
  const auto m = parsed(R"({"type":"breakout-create","rooms":["  Gruppe A ","B"],"choose":true})");
  EXPECT_EQ(m.action, BreakoutAction::Create);
  EXPECT_EQ(m.rooms, (std::vector<std::string>{"Gruppe A", "B"}));
  EXPECT_TRUE(m.choose);
  EXPECT_TRUE(parsed(R"({"type":"breakout-create","rooms":[]})").rooms.empty());
}

TEST(BreakoutMessages, AssignKeepsEveryEntryAndNullIsTheMainRoom) {
  const auto m = parsed(R"({"type":"breakout-assign","assign":{"a1":0,"b2":19,"c3":null}})");
  ASSERT_EQ(m.assign.size(), 3u);
  EXPECT_EQ(m.assign[0], (std::pair<std::string, BreakoutPlace>{"a1", 0}));
  EXPECT_EQ(m.assign[1], (std::pair<std::string, BreakoutPlace>{"b2", 19}));
  EXPECT_EQ(m.assign[2], (std::pair<std::string, BreakoutPlace>{"c3", std::nullopt}));
}

TEST(BreakoutMessages, CloseMoveAndBroadcast) {
  EXPECT_EQ(parsed(R"({"type":"breakout-close"})").countdownSeconds, 0);
  EXPECT_EQ(parsed(R"({"type":"breakout-close","countdown":300})").countdownSeconds, 300);
  EXPECT_EQ(parsed(R"({"type":"breakout-move","room":3})").room, BreakoutPlace{3});
  EXPECT_EQ(parsed(R"({"type":"breakout-move","room":null})").room, std::nullopt);
  EXPECT_EQ(parsed(R"({"type":"breakout-broadcast","e2ee":"AbC-_9"})").e2ee, "AbC-_9");
  EXPECT_EQ(parsed(R"({"type":"breakout-open"})").action, BreakoutAction::Open);
}

TEST(BreakoutMessages, MalformedOrOutOfBoundsIsABadMessage) {
  const std::string tooMany = [] {
    std::string rooms;
    for (int i = 0; i < 21; ++i) rooms += std::string(i ? "," : "") + "\"r" + std::to_string(i) + "\"";
    return R"({"type":"breakout-create","rooms":[)" + rooms + "]}";
  }();
  const std::string manyAssigned = [] {
    std::string entries;
    for (int i = 0; i < 101; ++i) entries += std::string(i ? "," : "") + "\"p" + std::to_string(i) + "\":0";
    return R"({"type":"breakout-assign","assign":{)" + entries + "}}";
  }();
  const std::string longName = R"({"type":"breakout-create","rooms":[")" + std::string(65, 'x') + "\"]}";
  const std::string longId = R"({"type":"breakout-assign","assign":{")" + std::string(65, 'a') + "\":0}}";
  for (const std::string& text : std::vector<std::string>{
           R"({"type":"breakout-create"})",
           R"({"type":"breakout-create","rooms":"A"})",
           R"({"type":"breakout-create","rooms":[""]})",
           R"({"type":"breakout-create","rooms":["   "]})",
           R"({"type":"breakout-create","rooms":[1]})",
           R"({"type":"breakout-create","rooms":["a\u0007"]})",
           R"({"type":"breakout-create","rooms":["A"],"choose":"yes"})",
           tooMany,
           longName,
           R"({"type":"breakout-assign"})",
           R"({"type":"breakout-assign","assign":[]})",
           R"({"type":"breakout-assign","assign":{"a":20}})",
           R"({"type":"breakout-assign","assign":{"a":-1}})",
           R"({"type":"breakout-assign","assign":{"a":1.5}})",
           R"({"type":"breakout-assign","assign":{"a":"0"}})",
           R"({"type":"breakout-assign","assign":{"":0}})",
           manyAssigned,
           longId,
           R"({"type":"breakout-close","countdown":301})",
           R"({"type":"breakout-close","countdown":-1})",
           R"({"type":"breakout-close","countdown":"10"})",
           R"({"type":"breakout-move"})",
           R"({"type":"breakout-move","room":20})",
           R"({"type":"breakout-move","room":"A"})",
           R"({"type":"breakout-broadcast"})",
           R"({"type":"breakout-broadcast","e2ee":""})",
           R"({"type":"breakout-broadcast","e2ee":"not base64!"})",
           R"({"type":"breakout-broadcast","text":"hi"})",
       }) {
    const auto result = parseClientMessage(text);
    ASSERT_TRUE(std::holds_alternative<SignalingError>(result)) << text;
    EXPECT_EQ(std::get<SignalingError>(result).code, ErrorCode::BadMessage) << text;
    EXPECT_EQ(std::get<SignalingError>(result).ref.rfind("breakout-", 0), 0u) << text;
  }
}

TEST(BreakoutMessages, StateAndBroadcastBuilders) {
  BreakoutsInfo info{{{"A", {"p1", "p2"}}, {"B", {}}}, true, false, 30};
  EXPECT_EQ(nlohmann::json::parse(breakoutsMessage(info)),
            nlohmann::json::parse(R"({"type":"breakouts","open":true,"choose":false,"closesIn":30,
              "rooms":[{"name":"A","members":["p1","p2"]},{"name":"B","members":[]}]})"));
  info.closesInSeconds.reset();
  EXPECT_FALSE(nlohmann::json::parse(breakoutsMessage(info)).contains("closesIn"));
  EXPECT_EQ(nlohmann::json::parse(breakoutBroadcastMessage("m1", "QUJD")),
            nlohmann::json::parse(R"({"type":"breakout-broadcast","from":"m1","e2ee":"QUJD"})"));
}

}  // namespace
}  // namespace vicos::signaling
