// Tests of participants who cannot encrypt media (docs/e2ee.md "Participants who cannot encrypt
// media", P5): they always knock, only a moderator's explicit admit lets them in, and the room
// tells everyone while media is not end-to-end encrypted and when it is again.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

struct Client : testing::FakeClient {
  // Index of the first message of a type in what this client was sent; -1 when none.
  long indexOf(const std::string& type) const {
    for (size_t i = 0; i < channel->sent.size(); ++i)
      if (channel->sent[i]["type"] == type) return static_cast<long>(i);
    return -1;
  }
};

json encrypted() { return json{{"type", "media-encryption"}, {"encrypted", true}, {"plain", json::array()}}; }
json plainFor(std::vector<std::string> ids) {
  return json{{"type", "media-encryption"}, {"encrypted", false}, {"plain", ids}};
}

class PlainMediaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mod = &join("Mod");
    alice = &join("Alice");
  }
  Client& join(const std::string& name, bool plainMedia = false, std::optional<Organizer> who = std::nullopt,
               const std::string& roomName = "team") {
    Client& c = testing::connectClient(clients, rooms, who);
    json j = testing::joinMessage(name, roomName);
    if (plainMedia) j["plainMedia"] = true;
    c.send(j);
    return c;
  }
  Room& room() { return *rooms.findRoom("team"); }
  size_t sentTotal() const { return testing::sentTotal(clients); }

  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Open}};
  std::vector<std::unique_ptr<Client>> clients;
  Client* mod = nullptr;
  Client* alice = nullptr;
};

TEST_F(PlainMediaTest, EveryoneLearnsAfterJoinedThatMediaIsEncrypted) {
  EXPECT_EQ(mod->lastOf("media-encryption"), encrypted());
  EXPECT_EQ(alice->lastOf("media-encryption"), encrypted());
  EXPECT_GT(alice->indexOf("media-encryption"), alice->indexOf("joined"));
}

TEST_F(PlainMediaTest, KnocksEvenWithTheLobbyOffAndModeratorsSeeTheWarningFlag) {
  ASSERT_FALSE(room().lobbyOn());
  const size_t peers = media.peers.size();
  Client& plain = join("Old browser", true);
  ASSERT_EQ(plain.channel->sent.size(), 1u);
  EXPECT_EQ(plain.channel->sent[0], (json{{"type", "waiting"}, {"participant", plain.id()}, {"reason", "plain-media"}}));
  EXPECT_EQ(media.peers.size(), peers);  // no media peer, no offer while waiting
  const auto lobby = mod->lastOf("lobby");
  ASSERT_EQ(lobby["knocking"].size(), 1u);
  EXPECT_EQ(lobby["knocking"][0]["id"], plain.id());
  EXPECT_EQ(lobby["knocking"][0]["plainMedia"], true);
  EXPECT_TRUE(alice->channel->ofType("lobby").empty());  // only moderators see who knocks
  EXPECT_EQ(alice->lastOf("media-encryption"), encrypted());
}

TEST_F(PlainMediaTest, OnlyAModeratorsExplicitAdmitLetsThemIn) {
  Client& plain = join("Old browser", true);
  const size_t before = sentTotal() + 1;  // + the error reply each refusal below adds
  alice->send({{"type", "admit"}, {"participant", plain.id()}, {"plainMedia", true}});
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), before);
  // A plain admit (or admit-all, or switching the lobby off) does not accept media in clear.
  mod->send({{"type", "admit"}, {"participant", plain.id()}});
  EXPECT_EQ(mod->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), before + 1);
  mod->send({{"type", "admit-all"}});
  mod->send({{"type", "room-access"}, {"lobby", true}});
  mod->send({{"type", "room-access"}, {"lobby", false}});
  EXPECT_TRUE(room().isWaiting(plain.id()));
  EXPECT_FALSE(plain.joined());
  EXPECT_EQ(alice->lastOf("media-encryption"), encrypted());
  EXPECT_EQ(mod->lastOf("lobby")["knocking"].size(), 1u);
  // Someone waiting cannot let themselves in either.
  plain.send({{"type", "admit"}, {"participant", plain.id()}, {"plainMedia", true}});
  EXPECT_EQ(plain.lastError(), "wrong-state");
  EXPECT_TRUE(room().isWaiting(plain.id()));
}

TEST_F(PlainMediaTest, AdmittedEveryoneIsToldBeforeTheirMediaFlows) {
  Client& plain = join("Old browser", true);
  mod->send({{"type", "admit"}, {"participant", plain.id()}, {"plainMedia", true}});
  ASSERT_TRUE(plain.joined());
  EXPECT_TRUE(mod->lastError().empty());
  EXPECT_EQ(room().plainMedia(), std::vector<std::string>{plain.id()});
  for (Client* c : {mod, alice, &plain}) EXPECT_EQ(c->lastOf("media-encryption"), plainFor({plain.id()}));
  // The others switch to media in clear before the newcomer appears (and before any offer to them).
  const auto& sent = alice->channel->sent;
  long switched = -1, appeared = -1;
  for (size_t i = 0; i < sent.size(); ++i) {
    if (sent[i] == plainFor({plain.id()}) && switched < 0) switched = static_cast<long>(i);
    if (sent[i]["type"] == "participant-joined" && sent[i]["participant"]["id"] == plain.id()) appeared = static_cast<long>(i);
  }
  EXPECT_GE(switched, 0);
  EXPECT_LT(switched, appeared);
  EXPECT_EQ(mod->lastOf("lobby")["knocking"].size(), 0u);
}

TEST_F(PlainMediaTest, RefusedChangesNothingForTheOthers) {
  Client& plain = join("Old browser", true);
  const size_t aliceBefore = alice->channel->sent.size();
  mod->send({{"type", "deny"}, {"participant", plain.id()}});
  EXPECT_EQ(plain.lastError(), "denied");
  EXPECT_TRUE(plain.channel->closed);
  EXPECT_FALSE(plain.joined());
  EXPECT_FALSE(room().isWaiting(plain.id()));
  EXPECT_EQ(alice->channel->sent.size(), aliceBefore);
  EXPECT_TRUE(room().plainMedia().empty());
  EXPECT_EQ(mod->lastOf("media-encryption"), encrypted());
}

TEST_F(PlainMediaTest, MediaIsEncryptedAgainWhenTheLastOneLeaves) {
  Client& first = join("Old one", true);
  mod->send({{"type", "admit"}, {"participant", first.id()}, {"plainMedia", true}});
  Client& second = join("Old two", true);
  mod->send({{"type", "admit"}, {"participant", second.id()}, {"plainMedia", true}});
  EXPECT_EQ(alice->lastOf("media-encryption"), plainFor({first.id(), second.id()}));

  first.send({{"type", "leave"}});
  EXPECT_EQ(alice->lastOf("media-encryption"), plainFor({second.id()}));
  // Removed by a moderator counts as leaving too.
  mod->send({{"type", "remove"}, {"participant", second.id()}});
  EXPECT_EQ(alice->lastOf("media-encryption"), encrypted());
  EXPECT_TRUE(room().plainMedia().empty());
  // participant-left (on which everyone rotates their key) comes first.
  const auto& sent = alice->channel->sent;
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[sent.size() - 2], (json{{"type", "participant-left"}, {"participant", second.id()}}));
  EXPECT_EQ(sent.back(), encrypted());
}

TEST_F(PlainMediaTest, OnlyAModeratorsDecisionAboutSomeoneAdmittedPlainIsRelayed) {
  Client& plain = join("Old browser", true);
  Client& bob = join("Bob");
  const std::string mac(43, 'M');
  const auto decision = [&](const std::string& about) {
    return json{{"type", "e2ee-plain-media"}, {"participant", about}, {"mac", mac}};
  };
  // Before the admit nobody may decide about them, a moderator neither.
  const size_t before = sentTotal() + 1;
  mod->send(decision(plain.id()));
  EXPECT_EQ(mod->lastError(), "unknown-participant");
  EXPECT_EQ(sentTotal(), before);
  mod->send({{"type", "admit"}, {"participant", plain.id()}, {"plainMedia", true}});
  ASSERT_TRUE(plain.joined());
  // Someone without the role is refused, and so is a decision about anyone else.
  const size_t admitted = sentTotal() + 1;
  alice->send(decision(plain.id()));
  EXPECT_EQ(alice->lastError(), "not-allowed");
  EXPECT_EQ(sentTotal(), admitted);
  mod->send(decision(bob.id()));
  EXPECT_EQ(mod->lastError(), "unknown-participant");
  EXPECT_EQ(sentTotal(), admitted + 1);

  mod->send(decision(plain.id()));
  const json relayed{
      {"type", "e2ee-plain-media"}, {"from", mod->id()}, {"participant", plain.id()}, {"mac", mac}};
  for (Client* c : {alice, &bob, &plain}) EXPECT_EQ(c->lastOf("e2ee-plain-media"), relayed);
  EXPECT_TRUE(mod->channel->ofType("e2ee-plain-media").empty()) << "not echoed";
  // To one newcomer only.
  Client& cleo = join("Cleo");
  json directed = decision(plain.id());
  directed["to"] = cleo.id();
  const size_t aliceHad = alice->channel->ofType("e2ee-plain-media").size();
  mod->send(directed);
  EXPECT_EQ(cleo.lastOf("e2ee-plain-media")["to"], cleo.id());
  EXPECT_EQ(alice->channel->ofType("e2ee-plain-media").size(), aliceHad);
}

TEST_F(PlainMediaTest, AnOrdinaryLeaveDoesNotAnnounceAnything) {
  Client& bob = join("Bob");
  const size_t before = alice->channel->ofType("media-encryption").size();
  bob.send({{"type", "leave"}});
  EXPECT_EQ(alice->channel->ofType("media-encryption").size(), before);
}

TEST_F(PlainMediaTest, OrganizersKnockToo) {
  Client& organizer = join("Org", true, Organizer{"olga", "Olga"});
  EXPECT_FALSE(organizer.joined());
  EXPECT_EQ(organizer.lastOf("waiting")["reason"], "plain-media");
}

TEST_F(PlainMediaTest, WithoutAModeratorTheyAreRefusedAndNothingChanges) {
  // A new room has nobody who could decide: not created at all.
  Client& early = join("Old browser", true, std::nullopt, "fresh");
  EXPECT_EQ(early.lastError(), "no-moderator");
  EXPECT_EQ(rooms.findRoom("fresh"), nullptr);
  EXPECT_FALSE(early.channel->closed);  // may try again later

  // The only moderator hands the role over and leaves: nobody left to decide.
  mod->send({{"type", "leave"}});
  ASSERT_TRUE(rooms.findRoom("team"));
  EXPECT_TRUE(room().hasModerator());  // open room: the role passed to Alice
  Client& c = join("Old browser", true);
  EXPECT_EQ(c.lastOf("waiting")["reason"], "plain-media");
}

TEST(PlainMediaOrganizerRoom, GuestsBeforeTheOrganizerAreRefused) {
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Organizer}};
  Client guest;
  guest.session = std::make_unique<SignalingSession>(rooms, guest.channel);
  guest.send({{"type", "join"}, {"version", 1}, {"room", "team"}, {"name", "G"}});
  ASSERT_EQ(guest.lastOf("waiting")["reason"], "organizer");
  ASSERT_FALSE(rooms.findRoom("team")->hasModerator());
  Client plain;
  plain.session = std::make_unique<SignalingSession>(rooms, plain.channel);
  plain.send({{"type", "join"}, {"version", 1}, {"room", "team"}, {"name", "P"}, {"plainMedia", true}});
  EXPECT_EQ(plain.lastError(), "no-moderator");
  EXPECT_EQ(rooms.findRoom("team")->waitingCount(), 1u);
}

TEST_F(PlainMediaTest, APinComesFirstThenTheyKnock) {
  mod->send({{"type", "room-access"}, {"pin", "4711"}});
  Client& plain = join("Old browser", true);
  EXPECT_EQ(plain.lastOf("waiting")["reason"], "pin");
  plain.send({{"type", "pin"}, {"pin", "4711"}});
  EXPECT_EQ(plain.lastOf("waiting")["reason"], "plain-media");
  EXPECT_FALSE(plain.joined());
  EXPECT_EQ(mod->lastOf("lobby")["knocking"][0]["plainMedia"], true);
}

}  // namespace
}  // namespace vicos::room
