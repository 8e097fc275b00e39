// Tests of the moderator commands' parser and the moderation messages' builders.
#include "signaling/moderation_commands.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "signaling/messages.hpp"
#include "signaling/moderation_messages.hpp"

namespace vicos::signaling {
namespace {

using Json = nlohmann::json;

ModerationMessage parsed(const Json& j) {
  auto result = parseClientMessage(j.dump());
  const auto* message = std::get_if<ClientMessage>(&result);
  if (!message) {
    ADD_FAILURE() << j.dump() << ": " << std::get<SignalingError>(result).message;
    return {};
  }
  EXPECT_EQ(messageTypeName(*message), j["type"].get<std::string>());
  return std::get<ModerationMessage>(*message);
}

SignalingError refused(const Json& j) {
  auto result = parseClientMessage(j.dump());
  if (const auto* error = std::get_if<SignalingError>(&result)) return *error;
  ADD_FAILURE() << j.dump() << " parsed";
  return {};
}

TEST(ModerationCommands, ParsesEveryAction) {
  EXPECT_EQ(parsed({{"type", "mute"}, {"participant", "a1"}}).participant, "a1");
  EXPECT_EQ(parsed({{"type", "mute-all"}}).action, ModerationAction::MuteAll);
  EXPECT_EQ(parsed({{"type", "allow-unmute"}, {"participant", "a1"}}).action, ModerationAction::AllowUnmute);
  EXPECT_EQ(parsed({{"type", "stop-camera"}, {"participant", "b2"}}).action, ModerationAction::StopCamera);
  EXPECT_EQ(parsed({{"type", "remove"}, {"participant", "b2"}}).action, ModerationAction::Remove);
  EXPECT_TRUE(parsed({{"type", "set-role"}, {"participant", "b2"}, {"role", "moderator"}}).makeModerator);
  EXPECT_FALSE(parsed({{"type", "set-role"}, {"participant", "b2"}, {"role", "participant"}}).makeModerator);
  EXPECT_EQ(parsed({{"type", "end-meeting"}}).action, ModerationAction::EndMeeting);
  const auto settings = parsed({{"type", "room-settings"}, {"whoMayShare", "moderators"}});
  EXPECT_EQ(settings.whoMayShare, Audience::Moderators);
  EXPECT_FALSE(settings.whoMayUnmute);
  EXPECT_EQ(parsed({{"type", "room-settings"}, {"whoMayUnmute", "everyone"}}).whoMayUnmute, Audience::Everyone);
  const auto chat = parsed({{"type", "room-settings"}, {"whoMayChat", "moderators"}});
  EXPECT_EQ(chat.whoMayChat, Audience::Moderators);
  EXPECT_FALSE(chat.whoMayShare);
  EXPECT_EQ(parsed({{"type", "lower-hand"}, {"participant", "c3"}}).participant, "c3");
  EXPECT_EQ(parsed({{"type", "lower-hands"}}).action, ModerationAction::LowerHands);
}

TEST(ModerationCommands, RefusesMalformedFields) {
  const Json bad[] = {
      {{"type", "mute"}},
      {{"type", "mute"}, {"participant", ""}},
      {{"type", "remove"}, {"participant", 7}},
      {{"type", "stop-camera"}, {"participant", nullptr}},
      {{"type", "set-role"}, {"participant", "a1"}},
      {{"type", "set-role"}, {"participant", "a1"}, {"role", "guest"}},
      {{"type", "set-role"}, {"participant", "a1"}, {"role", true}},
      {{"type", "room-settings"}, {"whoMayShare", "nobody"}},
      {{"type", "room-settings"}, {"whoMayUnmute", 1}},
      {{"type", "room-settings"}, {"whoMayChat", "guests"}},
      {{"type", "lower-hand"}},
      {{"type", "lower-hand"}, {"participant", false}},
  };
  for (const auto& j : bad) {
    const auto error = refused(j);
    EXPECT_EQ(error.code, ErrorCode::BadMessage) << j.dump();
    EXPECT_EQ(error.ref, j["type"].get<std::string>());
  }
  EXPECT_EQ(refused({{"type", "mute-everyone"}}).code, ErrorCode::UnknownType);
}

TEST(ModerationCommands, NamesRoundTrip) {
  for (auto action : {ModerationAction::Mute, ModerationAction::MuteAll, ModerationAction::AllowUnmute,
                      ModerationAction::StopCamera, ModerationAction::Remove, ModerationAction::SetRole,
                      ModerationAction::EndMeeting, ModerationAction::RoomSettings, ModerationAction::LowerHand,
                      ModerationAction::LowerHands})
    EXPECT_EQ(moderationActionOf(moderationTypeName(action)), action);
  EXPECT_FALSE(moderationActionOf("join"));
  EXPECT_EQ(errorCodeName(ErrorCode::NotAllowed), "not-allowed");
  EXPECT_EQ(errorCodeName(ErrorCode::Removed), "removed");
}

TEST(ModerationMessages, Builders) {
  EXPECT_EQ(Json::parse(removedMessage("m1")), (Json{{"type", "removed"}, {"by", "m1"}}));
  EXPECT_EQ(Json::parse(meetingEndedMessage("m1")), (Json{{"type", "meeting-ended"}, {"by", "m1"}}));
  EXPECT_EQ(Json::parse(roomSettingsMessage("everyone", "moderators", "moderators", "everyone")),
            (Json{{"type", "room-settings"},
                  {"whoMayShare", "everyone"},
                  {"whoMayUnmute", "moderators"},
                  {"whoMayChat", "moderators"},
                  {"whoMayPoll", "everyone"}}));
}

}  // namespace
}  // namespace vicos::signaling
