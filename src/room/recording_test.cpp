// Tests of recording with consent in a room (docs/protocol.md "Recording with consent", P25): only
// moderators start and stop; everyone, newcomers too, is told while a recording runs and by whom;
// consent goes to the recording browser and nobody else; the recording ends when its moderator
// leaves or loses the role; every refusal changes nothing and relays nothing.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  void start() { send({{"type", "recording-start"}}); }
  void stop() { send({{"type", "recording-stop"}}); }
  void consent(const json& value) { send({{"type", "recording-consent"}, {"consent", value}}); }
  size_t got(const std::string& type) const { return channel->ofType(type).size(); }
};

class RecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mod = &join("Mod");  // the first in an open room is its moderator
    alice = &join("Alice");
    bob = &join("Bob");
  }
  Client& join(const std::string& name) {
    Client& c = testing::connectClient(clients, rooms);
    c.send(testing::joinMessage(name));
    return c;
  }
  size_t sentTotal() const { return testing::sentTotal(clients); }
  template <typename Act>
  void expectRefused(Client& who, const std::string& code, Act act) {
    const size_t before = sentTotal();
    act();
    EXPECT_EQ(who.lastError(), code);
    EXPECT_EQ(sentTotal(), before + 1);
  }

  FakeMediaPlane media;
  // rooms.recording on: the operator allows recording (P25; off by default, see below).
  RoomManager rooms{media, RoomLimits{.maxParticipants = 50, .policy = RoomPolicy::Open, .recording = true}};
  std::vector<std::unique_ptr<Client>> clients;
  Client* mod = nullptr;
  Client* alice = nullptr;
  Client* bob = nullptr;
};

TEST(RecordingOff, IsTheDefaultAndThenNobodyMayStart) {
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{}};  // rooms.recording as shipped
  std::vector<std::unique_ptr<Client>> clients;
  Client& mod = testing::connectClient(clients, rooms);
  mod.send(testing::joinMessage("Mod"));
  Client& ben = testing::connectClient(clients, rooms);
  ben.send(testing::joinMessage("Ben"));
  for (Client* c : {&mod, &ben})
    EXPECT_EQ(c->lastOf("recording"), (json{{"type", "recording"}, {"active", false}, {"allowed", false}}));
  const size_t before = testing::sentTotal(clients);
  mod.start();
  EXPECT_EQ(mod.lastError(), "not-allowed");
  EXPECT_EQ(testing::sentTotal(clients), before + 1);
  EXPECT_EQ(ben.got("recording"), 1u);
}

TEST_F(RecordingTest, EveryoneLearnsAfterJoiningWhetherRecordingIsAllowed) {
  for (Client* c : {mod, alice, bob})
    EXPECT_EQ(c->lastOf("recording"), (json{{"type", "recording"}, {"active", false}, {"allowed", true}}));
}

TEST_F(RecordingTest, AGuestCanNeitherStartNorStop) {
  expectRefused(*alice, "not-allowed", [&] { alice->start(); });
  EXPECT_EQ(alice->lastOf("error")["ref"], "recording-start");
  EXPECT_EQ(bob->lastOf("recording")["active"], false);
  mod->start();
  expectRefused(*alice, "not-allowed", [&] { alice->stop(); });
  EXPECT_EQ(bob->lastOf("recording")["active"], true);
}

TEST_F(RecordingTest, EveryoneIsToldWhenItStartsAndStops) {
  mod->start();
  EXPECT_TRUE(mod->lastError().empty());
  for (Client* c : {mod, alice, bob})
    EXPECT_EQ(c->lastOf("recording"),
              (json{{"type", "recording"}, {"active", true}, {"allowed", true}, {"by", mod->id()}}));
  expectRefused(*mod, "wrong-state", [&] { mod->start(); });
  mod->stop();
  for (Client* c : {mod, alice, bob})
    EXPECT_EQ(c->lastOf("recording"), (json{{"type", "recording"}, {"active", false}, {"allowed", true}}));
  expectRefused(*mod, "wrong-state", [&] { mod->stop(); });
}

TEST_F(RecordingTest, ConsentGoesToTheRecordingBrowserAndTheSenderOnly) {
  mod->start();
  alice->consent(true);
  bob->consent(false);
  const auto answers = mod->channel->ofType("recording-consent");
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0], (json{{"type", "recording-consent"}, {"from", alice->id()}, {"consent", true}}));
  EXPECT_EQ(answers[1], (json{{"type", "recording-consent"}, {"from", bob->id()}, {"consent", false}}));
  EXPECT_EQ(alice->got("recording-consent"), 1u);  // her own, echoed
  EXPECT_EQ(bob->got("recording-consent"), 1u);
  EXPECT_EQ(bob->lastOf("recording-consent")["from"], bob->id());
  // A change of mind is relayed too.
  bob->consent(true);
  EXPECT_EQ(mod->lastOf("recording-consent")["consent"], true);
}

TEST_F(RecordingTest, ConsentWithoutARecordingAndMalformedMessagesAreRefused) {
  expectRefused(*alice, "wrong-state", [&] { alice->consent(true); });
  mod->start();
  for (const json& bad : {json(), json("yes"), json(1)}) {
    expectRefused(*alice, "bad-message", [&] {
      if (bad.is_null())
        alice->send({{"type", "recording-consent"}});
      else
        alice->consent(bad);
    });
  }
  EXPECT_EQ(mod->got("recording-consent"), 0u);
}

TEST_F(RecordingTest, ANewcomerLearnsOfTheRunningRecording) {
  mod->start();
  Client& late = join("Late");
  ASSERT_TRUE(late.joined());
  EXPECT_EQ(late.lastOf("recording"),
            (json{{"type", "recording"}, {"active", true}, {"allowed", true}, {"by", mod->id()}}));
  late.consent(false);
  EXPECT_EQ(mod->lastOf("recording-consent")["from"], late.id());
}

TEST_F(RecordingTest, AResumingParticipantLearnsWhetherARecordingRunsNow) {
  media.connected("team", bob->id());  // only those whose media connected get a grace period
  const std::string token = bob->lastOf("joined")["resumeToken"];
  bob->session->onClosed();
  mod->start();  // while Bob's connection is down
  Client& back = testing::connectClient(clients, rooms);
  back.send({{"type", "resume"}, {"room", "team"}, {"token", token}});
  ASSERT_FALSE(back.lastOf("resumed").is_null());
  EXPECT_EQ(back.lastOf("recording"),
            (json{{"type", "recording"}, {"active", true}, {"allowed", true}, {"by", mod->id()}}));
  const std::string token2 = back.lastOf("resumed")["resumeToken"];
  back.session->onClosed();
  mod->stop();
  Client& again = testing::connectClient(clients, rooms);
  again.send({{"type", "resume"}, {"room", "team"}, {"token", token2}});
  EXPECT_EQ(again.lastOf("recording"), (json{{"type", "recording"}, {"active", false}, {"allowed", true}}));
}

TEST_F(RecordingTest, TheRecordingEndsWhenItsModeratorLeaves) {
  mod->send({{"type", "set-role"}, {"participant", alice->id()}, {"role", "moderator"}});
  mod->start();
  mod->send({{"type", "leave"}});
  for (Client* c : {alice, bob}) EXPECT_EQ(c->lastOf("recording")["active"], false);
  // Another moderator may record now.
  alice->start();
  EXPECT_EQ(bob->lastOf("recording")["by"], alice->id());
}

TEST_F(RecordingTest, AnotherModeratorMayStopAndTheRecordingEndsWhenItsModeratorLosesTheRole) {
  mod->send({{"type", "set-role"}, {"participant", alice->id()}, {"role", "moderator"}});
  mod->start();
  alice->stop();
  EXPECT_EQ(bob->lastOf("recording")["active"], false);
  alice->start();
  mod->send({{"type", "set-role"}, {"participant", alice->id()}, {"role", "participant"}});
  EXPECT_EQ(bob->lastOf("recording")["active"], false);
}

}  // namespace
}  // namespace vicos::room
