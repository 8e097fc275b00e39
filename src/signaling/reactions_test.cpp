// Tests of the `reaction` parser: each token of the set passes, anything else is bad-message.
#include "signaling/reactions.hpp"

#include <gtest/gtest.h>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

TEST(Reactions, EveryTokenOfTheSetParses) {
  for (std::string_view token : kReactions) {
    const auto result =
        parseClientMessage(std::string(R"({"type":"reaction","reaction":")") + std::string(token) + "\"}");
    ASSERT_TRUE(std::holds_alternative<ClientMessage>(result)) << token;
    const auto& message = std::get<ClientMessage>(result);
    ASSERT_TRUE(std::holds_alternative<ReactionMessage>(message));
    EXPECT_EQ(std::get<ReactionMessage>(message).reaction, token);
    EXPECT_EQ(messageTypeName(message), "reaction");
  }
}

TEST(Reactions, AnythingElseIsABadMessage) {
  for (const char* text : {
           R"({"type":"reaction"})", R"({"type":"reaction","reaction":null})",
           R"({"type":"reaction","reaction":3})", R"({"type":"reaction","reaction":["heart"]})",
           R"({"type":"reaction","reaction":""})", R"({"type":"reaction","reaction":"fire"})",
           R"({"type":"reaction","reaction":"Heart"})", R"({"type":"reaction","reaction":"heart\u0000"})",
           "{\"type\":\"reaction\",\"reaction\":\"\xf0\x9f\x91\x8d\"}",  // an emoji is not a token
       }) {
    const auto result = parseClientMessage(text);
    ASSERT_TRUE(std::holds_alternative<SignalingError>(result)) << text;
    EXPECT_EQ(std::get<SignalingError>(result).code, ErrorCode::BadMessage) << text;
    EXPECT_EQ(std::get<SignalingError>(result).ref, "reaction") << text;
  }
}

}  // namespace
}  // namespace vicos::signaling
