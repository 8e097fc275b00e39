// Tests of the moderation rules alone, without a room: permissions by role and audience, what a
// participant may switch on, what each command does to one participant, the last moderator, bans.
#include "room/moderation.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vicos::room {
namespace {

using signaling::Audience;
using signaling::ErrorCode;

Participant person(Role role, bool organizer = false) {
  Participant p;
  p.id = "p";
  p.role = role;
  p.organizer = organizer;
  return p;
}

signaling::ModerationMessage settings(std::optional<Audience> share, std::optional<Audience> unmute,
                                      std::optional<Audience> chat) {
  signaling::ModerationMessage msg;
  msg.action = signaling::ModerationAction::RoomSettings;
  msg.whoMayShare = share;
  msg.whoMayUnmute = unmute;
  msg.whoMayChat = chat;
  return msg;
}

TEST(Moderation, EveryoneMayEverythingByDefault) {
  Moderation rules;
  const Participant guest = person(Role::Guest);
  EXPECT_TRUE(rules.mayShare(guest));
  EXPECT_TRUE(rules.mayChat(guest));
  EXPECT_TRUE(rules.mayUnmute(guest));
  const auto uplinks = rules.allowedUplinks(guest);
  EXPECT_TRUE(uplinks.audio && uplinks.video && uplinks.screen);
  const auto msg = nlohmann::json::parse(rules.settingsMessage());
  EXPECT_EQ(msg["whoMayShare"], "everyone");
  EXPECT_EQ(msg["whoMayChat"], "everyone");
}

TEST(Moderation, AudiencesBindEveryoneButModerators) {
  Moderation rules;
  rules.applySettings(settings(Audience::Moderators, std::nullopt, Audience::Moderators));
  Participant guest = person(Role::Guest);
  const Participant moderator = person(Role::Moderator);
  EXPECT_FALSE(rules.mayShare(guest));
  EXPECT_FALSE(rules.mayChat(guest));
  EXPECT_TRUE(rules.mayShare(moderator));
  EXPECT_TRUE(rules.mayChat(moderator));
  EXPECT_FALSE(rules.allowedUplinks(guest).screen);
  // A self-mute never binds; a moderator's does only while unmuting is restricted.
  EXPECT_TRUE(rules.mayUnmute(guest));
  EXPECT_TRUE(Moderation::mute(guest, "m"));
  EXPECT_TRUE(rules.mayUnmute(guest));
  rules.applySettings(settings(std::nullopt, Audience::Moderators, std::nullopt));
  EXPECT_FALSE(rules.mayUnmute(guest));
  EXPECT_FALSE(rules.allowedUplinks(guest).audio);
  EXPECT_EQ(nlohmann::json::parse(rules.settingsMessage())["whoMayShare"],
            "moderators");  // unchanged by omission
}

TEST(Moderation, AdmitMediaRefusesWhatTheRulesForbidAndKeepsTheRest) {
  Moderation rules;
  rules.applySettings(settings(Audience::Moderators, Audience::Moderators, std::nullopt));
  Participant p = person(Role::Guest);
  Moderation::mute(p, "m");
  Moderation::stopCamera(p, "m");
  signaling::MediaMessage media{true, true, true};
  const auto refused = rules.admitMedia(p, media);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, ErrorCode::NotAllowed);
  EXPECT_FALSE(media.audio);
  EXPECT_TRUE(media.video);  // a stopped camera may come back on
  EXPECT_FALSE(media.screen);
  EXPECT_EQ(p.mutedBy, "m");
  EXPECT_EQ(p.cameraStoppedBy, "");

  rules.applySettings(settings(Audience::Everyone, Audience::Everyone, std::nullopt));
  signaling::MediaMessage again{true, false, true};
  EXPECT_FALSE(rules.admitMedia(p, again).has_value());
  EXPECT_TRUE(again.audio && again.screen);
  EXPECT_EQ(p.mutedBy, "");
}

TEST(Moderation, CommandsReportOnlyRealChanges) {
  Participant p = person(Role::Guest);
  p.audio = p.video = true;
  EXPECT_TRUE(Moderation::mute(p, "m"));
  EXPECT_FALSE(p.audio);
  EXPECT_FALSE(Moderation::mute(p, "m"));  // the same moderator again: nothing to tell
  EXPECT_TRUE(Moderation::mute(p, "n"));   // another moderator takes over the mute
  EXPECT_TRUE(Moderation::allowUnmute(p));
  EXPECT_FALSE(Moderation::allowUnmute(p));
  EXPECT_TRUE(Moderation::stopCamera(p, "m"));
  EXPECT_FALSE(p.video);
  EXPECT_FALSE(Moderation::stopCamera(p, "m"));
}

TEST(Moderation, RolesFollowLoginAndTheLastModeratorStays) {
  Moderation rules;
  rules.applySettings(settings(Audience::Moderators, std::nullopt, std::nullopt));
  Participant organizer = person(Role::Moderator, true);
  organizer.screen = true;
  const auto refused = rules.setRole(organizer, false, 1);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->ref, "set-role");
  EXPECT_EQ(organizer.role, Role::Moderator);
  EXPECT_FALSE(rules.setRole(organizer, false, 2).has_value());
  EXPECT_EQ(organizer.role, Role::Participant);  // an organizer keeps their login's role
  EXPECT_FALSE(organizer.screen);                // and stops sharing where only moderators may

  Participant guest = person(Role::Guest);
  EXPECT_FALSE(rules.setRole(guest, true, 1).has_value());
  EXPECT_EQ(guest.role, Role::Moderator);
  EXPECT_FALSE(rules.setRole(guest, false, 2).has_value());
  EXPECT_EQ(guest.role, Role::Guest);
  EXPECT_FALSE(rules.setRole(guest, false, 0).has_value());  // no change, no refusal
}

TEST(Moderation, BansLoginsButNeverTheEmptyOne) {
  Moderation rules;
  rules.ban("");
  EXPECT_FALSE(rules.isBanned(""));
  rules.ban("anna");
  EXPECT_TRUE(rules.isBanned("anna"));
  EXPECT_FALSE(rules.isBanned("bert"));
}

}  // namespace
}  // namespace vicos::room
