// Tests of the recording messages: each type parses, `consent` must be a boolean (bad-message with
// the type as ref otherwise), and the builders write what docs/protocol.md "Recording with consent" says.
#include "signaling/recording_messages.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

TEST(RecordingMessages, EachTypeParses) {
  for (const auto* type : {"recording-start", "recording-stop"}) {
    const auto result = parseClientMessage(Json{{"type", type}}.dump());
    ASSERT_TRUE(std::holds_alternative<ClientMessage>(result)) << type;
    EXPECT_EQ(messageTypeName(std::get<ClientMessage>(result)), type);
  }
  for (const bool consent : {true, false}) {
    const auto result = parseClientMessage(Json{{"type", "recording-consent"}, {"consent", consent}}.dump());
    ASSERT_TRUE(std::holds_alternative<ClientMessage>(result));
    const auto& m = std::get<RecordingMessage>(std::get<ClientMessage>(result));
    EXPECT_EQ(m.action, RecordingAction::Consent);
    EXPECT_EQ(m.consent, consent);
  }
}

TEST(RecordingMessages, ConsentMustBeABoolean) {
  for (const Json& bad :
       {Json{{"type", "recording-consent"}}, Json{{"type", "recording-consent"}, {"consent", 1}},
        Json{{"type", "recording-consent"}, {"consent", "true"}},
        Json{{"type", "recording-consent"}, {"consent", nullptr}}}) {
    const auto result = parseClientMessage(bad.dump());
    ASSERT_TRUE(std::holds_alternative<SignalingError>(result)) << bad;
    EXPECT_EQ(std::get<SignalingError>(result).code, ErrorCode::BadMessage) << bad;
    EXPECT_EQ(std::get<SignalingError>(result).ref, "recording-consent") << bad;
  }
}

TEST(RecordingMessages, TypesAreKnownToTheParser) {
  const auto& known = clientMessageTypes();
  for (const auto name : recordingTypeNames())
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
}

TEST(RecordingMessages, BuildersWriteTheDocumentedShapes) {
  EXPECT_EQ(Json::parse(recordingMessage(true, "p1", true)),
            (Json{{"type", "recording"}, {"active", true}, {"allowed", true}, {"by", "p1"}}));
  EXPECT_EQ(Json::parse(recordingMessage(false, "", false)),
            (Json{{"type", "recording"}, {"active", false}, {"allowed", false}}));
  EXPECT_EQ(Json::parse(recordingConsentMessage("p2", false)),
            (Json{{"type", "recording-consent"}, {"from", "p2"}, {"consent", false}}));
}

}  // namespace
}  // namespace vicos::signaling
