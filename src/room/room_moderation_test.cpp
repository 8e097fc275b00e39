// Tests of moderation (P18, P19, P34): each moderator action, its effect on the media plane and
// on what everyone is told, the room settings, and that nobody else may do any of it.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using sfu::MediaKind;
using testing::FakeChannel;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  std::string id() const {
    for (const auto& j : channel->sent)
      if (j["type"] == "joined") return j["participant"];
    return {};
  }
  json lastError() const { return lastOf("error"); }
};

class ModerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mod = &join("Moderator");
    alice = &join("Alice");
    bob = &join("Bob");
  }
  Client& join(const std::string& name, std::optional<Organizer> who = std::nullopt) {
    Client& c = testing::connectClient(clients, *rooms, who);
    c.send(testing::joinMessage(name));
    return c;
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }

  FakeMediaPlane media;
  std::unique_ptr<RoomManager> rooms = std::make_unique<RoomManager>(media, RoomLimits{50, RoomPolicy::Open});
  std::vector<std::unique_ptr<Client>> clients;
  Client* mod = nullptr;
  Client* alice = nullptr;
  Client* bob = nullptr;
};

TEST_F(ModerationTest, FirstJoinerModeratesAndNewcomersLearnTheSettings) {
  EXPECT_EQ(mod->channel->ofType("joined").at(0)["role"], "moderator");
  EXPECT_EQ(alice->channel->ofType("joined").at(0)["role"], "guest");
  const auto settings = alice->channel->ofType("room-settings");
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings[0]["whoMayShare"], "everyone");
  EXPECT_EQ(settings[0]["whoMayUnmute"], "everyone");
  const json a = mod->about(alice->id());
  EXPECT_TRUE(a["mutedBy"].is_null());
  EXPECT_TRUE(a["cameraStoppedBy"].is_null());
  EXPECT_EQ(a["canUnmute"], true);
  EXPECT_EQ(a["canShare"], true);
  EXPECT_TRUE(media.forwardingCalls.empty());
}

TEST_F(ModerationTest, EveryCommandFromANonModeratorIsRefusedAndChangesNothing) {
  const std::string target = bob->id();
  const json commands[] = {
      {{"type", "mute"}, {"participant", target}},
      {{"type", "mute-all"}},
      {{"type", "allow-unmute"}, {"participant", target}},
      {{"type", "stop-camera"}, {"participant", target}},
      {{"type", "remove"}, {"participant", target}},
      {{"type", "set-role"}, {"participant", alice->id()}, {"role", "moderator"}},
      {{"type", "end-meeting"}},
      {{"type", "room-settings"}, {"whoMayShare", "moderators"}},
  };
  for (const auto& command : commands) {
    const size_t before = sentTotal();
    alice->send(command);
    ASSERT_EQ(sentTotal(), before + 1) << command.dump();  // only the error reply
    const json error = alice->lastError();
    EXPECT_EQ(error["code"], "not-allowed") << command.dump();
    EXPECT_EQ(error["ref"], command["type"]);
  }
  EXPECT_TRUE(media.forwardingCalls.empty());
  EXPECT_TRUE(media.removed.empty());
  EXPECT_EQ(rooms->roomCount(), 1u);
  EXPECT_EQ(rooms->findRoom("team")->size(), 3u);
  for (const auto& c : clients) EXPECT_FALSE(c->channel->closed);
}

TEST_F(ModerationTest, MuteStopsForwardingAndTellsEveryoneTheParticipantIncluded) {
  alice->send({{"type", "media"}, {"audio", true}, {"video", true}});
  mod->send({{"type", "mute"}, {"participant", alice->id()}});
  EXPECT_FALSE(media.forwarding(alice->id(), MediaKind::Audio));
  EXPECT_TRUE(media.forwarding(alice->id(), MediaKind::Video));
  for (Client* c : {mod, alice, bob}) {
    const json a = c->about(alice->id());
    EXPECT_EQ(a["audio"], false);
    EXPECT_EQ(a["video"], true);
    EXPECT_EQ(a["mutedBy"], mod->id());
    EXPECT_EQ(a["canUnmute"], true);
  }
  // By default she may unmute herself: forwarding resumes and the mute is gone.
  alice->send({{"type", "media"}, {"audio", true}, {"video", true}});
  EXPECT_TRUE(alice->channel->ofType("error").empty());
  EXPECT_TRUE(media.forwarding(alice->id(), MediaKind::Audio));
  EXPECT_EQ(bob->about(alice->id())["audio"], true);
  EXPECT_TRUE(bob->about(alice->id())["mutedBy"].is_null());
  // She is told that the mute is gone, so that a later mute reaches her client as news.
  EXPECT_TRUE(alice->about(alice->id())["mutedBy"].is_null());
  EXPECT_EQ(alice->about(alice->id())["audio"], true);
}

TEST_F(ModerationTest, WhenOnlyModeratorsMayUnmuteTheMutedCannot) {
  mod->send({{"type", "room-settings"}, {"whoMayUnmute", "moderators"}});
  EXPECT_EQ(bob->channel->ofType("room-settings").back()["whoMayUnmute"], "moderators");
  EXPECT_EQ(bob->channel->ofType("room-settings").back()["whoMayShare"], "everyone");
  // Nobody muted yet: everyone may still switch the microphone on.
  EXPECT_EQ(mod->about(alice->id())["canUnmute"], true);
  alice->send({{"type", "media"}, {"audio", true}, {"video", false}});
  mod->send({{"type", "mute"}, {"participant", alice->id()}});
  EXPECT_EQ(alice->about(alice->id())["canUnmute"], false);

  const size_t updatesAtBob = bob->channel->ofType("participant-updated").size();
  alice->send({{"type", "media"}, {"audio", true}, {"video", false}});
  EXPECT_EQ(alice->lastError()["code"], "not-allowed");
  EXPECT_EQ(alice->lastError()["ref"], "media");
  EXPECT_FALSE(media.forwarding(alice->id(), MediaKind::Audio));
  EXPECT_EQ(bob->channel->ofType("participant-updated").size(), updatesAtBob);
  // The rest of the message still counts.
  alice->send({{"type", "media"}, {"audio", true}, {"video", true}});
  EXPECT_EQ(bob->about(alice->id())["video"], true);
  EXPECT_EQ(bob->about(alice->id())["audio"], false);

  mod->send({{"type", "allow-unmute"}, {"participant", alice->id()}});
  EXPECT_TRUE(media.forwarding(alice->id(), MediaKind::Audio));
  EXPECT_EQ(alice->about(alice->id())["canUnmute"], true);
  EXPECT_TRUE(alice->about(alice->id())["mutedBy"].is_null());
  const size_t errors = alice->channel->ofType("error").size();
  alice->send({{"type", "media"}, {"audio", true}, {"video", true}});
  EXPECT_EQ(alice->channel->ofType("error").size(), errors);
  EXPECT_EQ(bob->about(alice->id())["audio"], true);
}

TEST_F(ModerationTest, ModeratorsMayAlwaysUnmute) {
  Client& other = *mod;
  other.send({{"type", "set-role"}, {"participant", bob->id()}, {"role", "moderator"}});
  other.send({{"type", "room-settings"}, {"whoMayUnmute", "moderators"}});
  other.send({{"type", "mute"}, {"participant", bob->id()}});
  EXPECT_EQ(bob->about(bob->id())["canUnmute"], true);
  bob->send({{"type", "media"}, {"audio", true}, {"video", false}});
  EXPECT_TRUE(bob->channel->ofType("error").empty());
  EXPECT_TRUE(media.forwarding(bob->id(), MediaKind::Audio));
}

TEST_F(ModerationTest, MuteAllSparesTheSender) {
  mod->send({{"type", "media"}, {"audio", true}, {"video", false}});
  mod->send({{"type", "mute-all"}});
  EXPECT_TRUE(media.forwarding(mod->id(), MediaKind::Audio));
  EXPECT_FALSE(media.forwarding(alice->id(), MediaKind::Audio));
  EXPECT_FALSE(media.forwarding(bob->id(), MediaKind::Audio));
  EXPECT_EQ(bob->about(mod->id())["audio"], true);
  EXPECT_EQ(mod->about(bob->id())["mutedBy"], mod->id());
}

TEST_F(ModerationTest, StopCameraStopsForwardingUntilTheyStartItAgain) {
  bob->send({{"type", "media"}, {"audio", false}, {"video", true}});
  mod->send({{"type", "stop-camera"}, {"participant", bob->id()}});
  EXPECT_FALSE(media.forwarding(bob->id(), MediaKind::Video));
  EXPECT_EQ(bob->about(bob->id())["video"], false);
  EXPECT_EQ(alice->about(bob->id())["cameraStoppedBy"], mod->id());
  bob->send({{"type", "media"}, {"audio", false}, {"video", true}});
  EXPECT_TRUE(media.forwarding(bob->id(), MediaKind::Video));
  EXPECT_TRUE(alice->about(bob->id())["cameraStoppedBy"].is_null());
}

TEST_F(ModerationTest, UnknownTargetsAndMalformedCommands) {
  mod->send({{"type", "mute"}, {"participant", "0011223344556677"}});
  EXPECT_EQ(mod->lastError()["code"], "unknown-participant");
  mod->send({{"type", "mute"}});
  EXPECT_EQ(mod->lastError()["code"], "bad-message");
  mod->send({{"type", "set-role"}, {"participant", bob->id()}, {"role", "guest"}});
  EXPECT_EQ(mod->lastError()["code"], "bad-message");
  mod->send({{"type", "room-settings"}, {"whoMayShare", "nobody"}});
  EXPECT_EQ(mod->lastError()["code"], "bad-message");
  EXPECT_EQ(bob->channel->ofType("room-settings").size(), 1u);
  EXPECT_TRUE(media.forwardingCalls.empty());
}

TEST_F(ModerationTest, RemoveClosesTheSocketAndBansTheOrganizer) {
  Client& organizer = join("Olga", Organizer{"olga", "Olga"});
  const std::string olga = organizer.id();
  mod->send({{"type", "remove"}, {"participant", olga}});
  const auto removed = organizer.channel->ofType("removed");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0]["by"], mod->id());
  EXPECT_TRUE(organizer.channel->closed);
  EXPECT_EQ(media.removed.back(), olga);
  EXPECT_EQ(alice->channel->ofType("participant-left").back()["participant"], olga);
  EXPECT_EQ(rooms->findRoom("team")->size(), 3u);
  // Whatever the removed socket still sends is refused.
  organizer.send({{"type", "chat"}, {"text", "still here?"}});
  EXPECT_EQ(organizer.lastError()["code"], "wrong-state");
  EXPECT_TRUE(alice->channel->ofType("chat").empty());
  // The same login cannot come back into this meeting.
  Client& again = join("Olga", Organizer{"olga", "Olga"});
  EXPECT_EQ(again.lastError()["code"], "removed");
  EXPECT_TRUE(again.channel->ofType("joined").empty());
  EXPECT_EQ(rooms->findRoom("team")->size(), 3u);
  // Nor remove oneself.
  mod->send({{"type", "remove"}, {"participant", mod->id()}});
  EXPECT_EQ(mod->lastError()["code"], "not-allowed");
  EXPECT_FALSE(mod->channel->closed);
}

// The audit's escape (finding 13): an organizer admitted through the knock for browsers that
// cannot encrypt media must be banned by their login like any other removed organizer.
TEST_F(ModerationTest, AnOrganizerAdmittedThroughTheKnockIsBannedOnRemovalToo) {
  Client& organizer = testing::connectClient(clients, *rooms, Organizer{"olga", "Olga"});
  json knock = testing::joinMessage("Olga");
  knock["plainMedia"] = true;
  organizer.send(knock);
  const std::string olga = organizer.participantId();
  ASSERT_EQ(organizer.lastOf("waiting")["reason"], "plain-media");
  mod->send({{"type", "admit"}, {"participant", olga}, {"plainMedia", true}});
  ASSERT_EQ(organizer.lastOf("joined")["participant"], olga);
  mod->send({{"type", "remove"}, {"participant", olga}});
  ASSERT_TRUE(organizer.channel->closed);
  Client& again = join("Olga", Organizer{"olga", "Olga"});
  EXPECT_EQ(again.lastError()["code"], "removed");
  EXPECT_TRUE(again.channel->ofType("joined").empty());
}

TEST_F(ModerationTest, SetRoleGrantsAndTakesButNeverTheLastModerator) {
  mod->send({{"type", "set-role"}, {"participant", mod->id()}, {"role", "participant"}});
  EXPECT_EQ(mod->lastError()["code"], "not-allowed");
  EXPECT_EQ(mod->about(mod->id()), json());  // nothing announced

  mod->send({{"type", "set-role"}, {"participant", alice->id()}, {"role", "moderator"}});
  for (Client* c : {mod, alice, bob}) EXPECT_EQ(c->about(alice->id())["role"], "moderator");
  alice->send({{"type", "mute"}, {"participant", bob->id()}});
  EXPECT_FALSE(media.forwarding(bob->id(), MediaKind::Audio));
  // Now the first may step down; a guest goes back to guest.
  mod->send({{"type", "set-role"}, {"participant", mod->id()}, {"role", "participant"}});
  EXPECT_EQ(bob->about(mod->id())["role"], "guest");
  mod->send({{"type", "mute"}, {"participant", bob->id()}});
  EXPECT_EQ(mod->lastError()["code"], "not-allowed");
}

TEST_F(ModerationTest, OnlyModeratorsMayShareWhenTheSettingSaysSo) {
  bob->send({{"type", "media"}, {"audio", false}, {"video", false}, {"screen", true}});
  mod->send({{"type", "room-settings"}, {"whoMayShare", "moderators"}});
  EXPECT_FALSE(media.forwarding(bob->id(), MediaKind::Screen));
  EXPECT_FALSE(media.forwarding(alice->id(), MediaKind::Screen));
  EXPECT_TRUE(media.forwarding(mod->id(), MediaKind::Screen));
  EXPECT_EQ(bob->about(bob->id())["screen"], false);
  EXPECT_EQ(alice->about(bob->id())["canShare"], false);

  bob->send({{"type", "media"}, {"audio", false}, {"video", false}, {"screen", true}});
  EXPECT_EQ(bob->lastError()["code"], "not-allowed");
  EXPECT_EQ(alice->about(bob->id())["screen"], false);
  // A newcomer starts without screen forwarding.
  Client& carol = join("Carol");
  EXPECT_FALSE(media.forwarding(carol.id(), MediaKind::Screen));
  EXPECT_EQ(carol.channel->ofType("room-settings").back()["whoMayShare"], "moderators");
  // Granting the role allows sharing.
  mod->send({{"type", "set-role"}, {"participant", bob->id()}, {"role", "moderator"}});
  EXPECT_TRUE(media.forwarding(bob->id(), MediaKind::Screen));
  const size_t errors = bob->channel->ofType("error").size();
  bob->send({{"type", "media"}, {"audio", false}, {"video", false}, {"screen", true}});
  EXPECT_EQ(bob->channel->ofType("error").size(), errors);
  EXPECT_EQ(alice->about(bob->id())["screen"], true);
}

TEST_F(ModerationTest, EndMeetingClosesEveryoneAndDropsTheRoom) {
  mod->send({{"type", "end-meeting"}});
  for (Client* c : {mod, alice, bob}) {
    const auto ended = c->channel->ofType("meeting-ended");
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0]["by"], mod->id());
    EXPECT_TRUE(c->channel->closed);
  }
  EXPECT_EQ(rooms->roomCount(), 0u);
  EXPECT_EQ(media.removed.size(), 3u);
  // The others' sockets close later; that changes nothing.
  alice->session->onClosed();
  EXPECT_EQ(rooms->roomCount(), 0u);
  // The same name starts a new meeting.
  Client& next = join("Next");
  EXPECT_EQ(next.channel->ofType("joined").at(0)["role"], "moderator");
}

}  // namespace
}  // namespace vicos::room
