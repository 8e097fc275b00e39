// Tests of the poll messages: each type parses with its fields, anything of the wrong shape or size
// is bad-message with the type as ref, and the builders write what docs/protocol.md "Polls" says.
#include "signaling/poll_messages.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

const std::string kId = "AAAAAAAAAAAAAAAAAAAAAA";  // 22 base64url characters, as clients draw them

PollMessage parsed(const Json& j) {
  const auto result = parseClientMessage(j.dump());
  EXPECT_TRUE(std::holds_alternative<ClientMessage>(result)) << j;
  const auto& message = std::get<ClientMessage>(result);
  EXPECT_EQ(messageTypeName(message), j["type"].get<std::string>());
  return std::get<PollMessage>(message);
}

SignalingError refused(const Json& j) {
  const auto result = parseClientMessage(j.dump());
  EXPECT_TRUE(std::holds_alternative<SignalingError>(result)) << j;
  return std::holds_alternative<SignalingError>(result) ? std::get<SignalingError>(result) : SignalingError{};
}

TEST(PollMessages, EachTypeParses) {
  const auto create =
      parsed({{"type", "poll-create"}, {"poll", kId}, {"anonymous", true}, {"e2ee", "abc-_"}});
  EXPECT_EQ(create.action, PollAction::Create);
  EXPECT_EQ(create.poll, kId);
  EXPECT_TRUE(create.anonymous);
  EXPECT_EQ(create.e2ee, "abc-_");
  const auto vote = parsed({{"type", "poll-vote"}, {"poll", kId}, {"e2ee", "xyz"}});
  EXPECT_EQ(vote.action, PollAction::Vote);
  EXPECT_EQ(vote.e2ee, "xyz");
  const auto close = parsed({{"type", "poll-close"}, {"poll", kId}});
  EXPECT_EQ(close.action, PollAction::Close);
  EXPECT_EQ(parsed({{"type", "poll-close"}, {"poll", std::string(32, 'z')}}).poll, std::string(32, 'z'));
  EXPECT_EQ(parsed({{"type", "poll-vote"}, {"poll", kId}, {"e2ee", std::string(kMaxE2eeVoteLength, 'a')}})
                .e2ee.size(),
            kMaxE2eeVoteLength);
  EXPECT_EQ(parsed({{"type", "poll-create"},
                    {"poll", kId},
                    {"anonymous", false},
                    {"e2ee", std::string(kMaxE2eePollLength, 'a')}})
                .e2ee.size(),
            kMaxE2eePollLength);
}

TEST(PollMessages, TheTypesAreKnownToTheParser) {
  const auto& known = clientMessageTypes();
  for (auto name : {"poll-create", "poll-vote", "poll-close"}) {
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
    EXPECT_EQ(pollTypeName(*pollActionOf(name)), name);
  }
  EXPECT_FALSE(pollActionOf("poll"));
}

TEST(PollMessages, WrongShapesAndSizesAreBadMessages) {
  const Json good{{"type", "poll-create"}, {"poll", kId}, {"anonymous", false}, {"e2ee", "abc"}};
  std::vector<Json> bad;
  for (const Json& id :
       {Json(), Json(1), Json(""), Json(std::string(15, 'a')), Json(std::string(33, 'a')),
        Json("AAAAAAAAAAAAAAAAAAAA+/"), Json("AAAAAAAAAAAAAAAAAAAA=="), Json::array({kId})}) {
    for (const char* type : {"poll-create", "poll-vote", "poll-close"}) {
      Json j = good;
      j["type"] = type;
      if (id.is_null())
        j.erase("poll");
      else
        j["poll"] = id;
      bad.push_back(j);
    }
  }
  for (const Json& e2ee : {Json(), Json(""), Json(7), Json("a b"), Json("abc="),
                           Json(std::string(kMaxE2eePollLength + 1, 'a'))}) {
    Json j = good;
    if (e2ee.is_null())
      j.erase("e2ee");
    else
      j["e2ee"] = e2ee;
    bad.push_back(j);
  }
  for (const Json& e2ee : {Json(), Json(""), Json(std::string(kMaxE2eeVoteLength + 1, 'a'))}) {
    Json j{{"type", "poll-vote"}, {"poll", kId}};
    if (!e2ee.is_null()) j["e2ee"] = e2ee;
    bad.push_back(j);
  }
  for (const Json& anonymous : {Json(), Json(1), Json("true")}) {
    Json j = good;
    if (anonymous.is_null())
      j.erase("anonymous");
    else
      j["anonymous"] = anonymous;
    bad.push_back(j);
  }
  for (const Json& j : bad) {
    const auto error = refused(j);
    EXPECT_EQ(error.code, ErrorCode::BadMessage) << j;
    EXPECT_EQ(error.ref, j["type"].get<std::string>()) << j;
  }
}

TEST(PollMessages, Builders) {
  EXPECT_EQ(Json::parse(pollMessage(kId, "p1", true, "ct")),
            (Json{{"type", "poll"}, {"poll", kId}, {"from", "p1"}, {"anonymous", true}, {"e2ee", "ct"}}));
  EXPECT_EQ(Json::parse(pollVoteMessage(kId, 3, "", "ct")),
            (Json{{"type", "poll-vote"}, {"poll", kId}, {"ballot", 3}, {"e2ee", "ct"}}));
  EXPECT_EQ(Json::parse(pollVoteMessage(kId, 1, "p2", "ct")),
            (Json{{"type", "poll-vote"}, {"poll", kId}, {"ballot", 1}, {"e2ee", "ct"}, {"from", "p2"}}));
  EXPECT_EQ(Json::parse(pollClosedMessage(kId, "p1")),
            (Json{{"type", "poll-closed"}, {"poll", kId}, {"by", "p1"}}));
  EXPECT_EQ(errorCodeName(ErrorCode::UnknownPoll), "unknown-poll");
  EXPECT_EQ(errorCodeName(ErrorCode::PollClosed), "poll-closed");
  EXPECT_EQ(errorCodeName(ErrorCode::TooManyPolls), "too-many-polls");
}

}  // namespace
}  // namespace vicos::signaling
