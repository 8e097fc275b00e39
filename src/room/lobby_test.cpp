// Tests of the room's door (P11, P12): lobby knock/admit/deny/admit-all, the lock, the meeting PIN
// with its throttling on a controlled clock, and that only moderators change any of it.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeChannel;
using testing::FakeMediaPlane;

using Client = testing::FakeClient;

class LobbyTest : public ::testing::Test {
 protected:
  Client& join(const std::string& name, bool organizer = false, std::optional<std::string> pin = std::nullopt) {
    std::optional<Organizer> who;
    if (organizer) who = Organizer{"anna", "Anna"};
    Client& c = testing::connectClient(clients, rooms, who);
    json j = testing::joinMessage(name);
    if (pin) j["pin"] = *pin;
    c.send(j);
    return c;
  }
  Room& room() { return *rooms.findRoom("team"); }

  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{50, RoomPolicy::Organizer}};
  std::vector<std::unique_ptr<Client>> clients;
};

TEST_F(LobbyTest, NewcomersKnockAndModeratorsSeeThem) {
  Client& mod = join("Anna", true);
  Client& guest = join("Gast");
  ASSERT_TRUE(guest.joined());
  EXPECT_EQ(mod.lastOf("room-access"), (json{{"type", "room-access"}, {"lobby", false}, {"locked", false}, {"pin", false}}));

  mod.send({{"type", "room-access"}, {"lobby", true}});
  EXPECT_TRUE(room().lobbyOn());
  EXPECT_EQ(guest.lastOf("room-access")["lobby"], true);  // everyone learns the room's access

  const size_t peersBefore = media.peers.size();
  Client& knocker = join("Klopf");
  ASSERT_EQ(knocker.channel->sent.size(), 1u);
  EXPECT_EQ(knocker.channel->sent[0]["type"], "waiting");
  EXPECT_EQ(knocker.channel->sent[0]["reason"], "lobby");
  EXPECT_EQ(media.peers.size(), peersBefore);  // no media peer, no offer while knocking
  EXPECT_TRUE(knocker.channel->ofType("offer").empty());

  const json lobby = mod.lastOf("lobby");
  ASSERT_EQ(lobby["knocking"].size(), 1u);
  EXPECT_EQ(lobby["knocking"][0]["id"], knocker.id());
  EXPECT_EQ(lobby["knocking"][0]["name"], "Klopf");
  EXPECT_TRUE(guest.channel->ofType("lobby").empty());  // only moderators see who knocks

  // Knocking people can only wait or leave.
  knocker.send({{"type", "chat"}, {"text", "let me in"}});
  EXPECT_EQ(knocker.lastError(), "wrong-state");

  mod.send({{"type", "admit"}, {"participant", knocker.id()}});
  EXPECT_TRUE(knocker.joined());
  EXPECT_EQ(knocker.lastOf("joined")["role"], "guest");
  EXPECT_EQ(mod.lastOf("lobby")["knocking"].size(), 0u);
  EXPECT_EQ(media.peers.size(), peersBefore + 1);
}

// rooms.lobby = true (P12): a new room's lobby is on from the start, so the first guest after
// the organizer knocks without any moderator having switched it on; a moderator may switch it off.
TEST(LobbyDefault, OnFromTheStartWhenConfigured) {
  FakeMediaPlane media;
  RoomManager rooms{media, RoomLimits{.maxParticipants = 50, .policy = RoomPolicy::Organizer, .lobby = true}};
  std::vector<std::unique_ptr<Client>> clients;
  Client& mod = testing::connectClient(clients, rooms, Organizer{"anna", "Anna"});
  mod.send(testing::joinMessage("Anna"));
  ASSERT_TRUE(mod.joined());
  EXPECT_TRUE(rooms.findRoom("team")->lobbyOn());
  EXPECT_EQ(mod.lastOf("room-access")["lobby"], true);
  Client& guest = testing::connectClient(clients, rooms, std::nullopt);
  guest.send(testing::joinMessage("Gast"));
  ASSERT_FALSE(guest.joined());
  EXPECT_EQ(guest.channel->sent.back()["reason"], "lobby");
  mod.send({{"type", "room-access"}, {"lobby", false}});
  EXPECT_TRUE(guest.joined());
}

TEST_F(LobbyTest, DeniedPeopleAreToldAndDisconnected) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"lobby", true}});
  Client& knocker = join("Klopf");
  mod.send({{"type", "deny"}, {"participant", knocker.id()}});
  EXPECT_EQ(knocker.lastError(), "denied");
  EXPECT_TRUE(knocker.channel->closed);
  EXPECT_FALSE(knocker.joined());
  EXPECT_EQ(room().waitingCount(), 0u);
  EXPECT_EQ(mod.lastOf("lobby")["knocking"].size(), 0u);
  // Deciding again about the same person is an error, and changes nothing.
  mod.send({{"type", "admit"}, {"participant", knocker.id()}});
  EXPECT_EQ(mod.lastError(), "unknown-participant");
}

TEST_F(LobbyTest, AdmitAllInTheOrderTheyKnocked) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"lobby", true}});
  Client& a = join("A");
  Client& b = join("B");
  const json lobby = mod.lastOf("lobby");
  ASSERT_EQ(lobby["knocking"].size(), 2u);
  EXPECT_EQ(lobby["knocking"][0]["id"], a.id());
  EXPECT_EQ(lobby["knocking"][1]["id"], b.id());
  mod.send({{"type", "admit-all"}});
  EXPECT_TRUE(a.joined());
  EXPECT_TRUE(b.joined());
  EXPECT_EQ(room().waitingCount(), 0u);
}

TEST_F(LobbyTest, SwitchingTheLobbyOffLetsEveryoneIn) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"lobby", true}});
  Client& a = join("A");
  mod.send({{"type", "room-access"}, {"lobby", false}});
  EXPECT_TRUE(a.joined());
  Client& b = join("B");
  EXPECT_TRUE(b.joined());
}

TEST_F(LobbyTest, OrganizersPassTheLobby) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"lobby", true}});
  Client& colleague = join("Bert", true);
  EXPECT_TRUE(colleague.joined());
  EXPECT_EQ(colleague.lastOf("joined")["role"], "participant");
}

TEST_F(LobbyTest, NonModeratorsAreRefusedAndNothingChanges) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"lobby", true}});
  Client& knocker = join("Klopf");
  mod.send({{"type", "admit"}, {"participant", knocker.id()}});
  Client& guest = knocker;
  Client& other = join("Other");
  ASSERT_TRUE(room().isWaiting(other.id()));
  const size_t accessMessages = mod.channel->ofType("room-access").size();
  for (const json& j : {json{{"type", "room-access"}, {"lobby", false}}, json{{"type", "room-access"}, {"locked", true}},
                        json{{"type", "room-access"}, {"pin", "1234"}}, json{{"type", "admit"}, {"participant", other.id()}},
                        json{{"type", "deny"}, {"participant", other.id()}}, json{{"type", "admit-all"}}}) {
    guest.send(j);
    EXPECT_EQ(guest.lastError(), "not-allowed") << j.dump();
  }
  EXPECT_TRUE(room().lobbyOn());
  EXPECT_FALSE(room().locked());
  EXPECT_FALSE(room().hasPin());
  EXPECT_TRUE(room().isWaiting(other.id()));
  EXPECT_FALSE(other.channel->closed);
  EXPECT_EQ(mod.channel->ofType("room-access").size(), accessMessages);
  // Nor may someone knocking let themselves in.
  other.send({{"type", "admit"}, {"participant", other.id()}});
  EXPECT_EQ(other.lastError(), "wrong-state");
  EXPECT_TRUE(room().isWaiting(other.id()));
}

TEST_F(LobbyTest, ALockedRoomTakesNobodyNew) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"locked", true}});
  EXPECT_TRUE(room().locked());
  Client& guest = join("Gast");
  EXPECT_EQ(guest.lastError(), "room-locked");
  EXPECT_FALSE(guest.joined());
  EXPECT_EQ(room().waitingCount(), 0u);
  EXPECT_EQ(room().size(), 1u);
  // Not even by knocking, nor as an organizer.
  mod.send({{"type", "room-access"}, {"lobby", true}});
  EXPECT_EQ(join("Klopf").lastError(), "room-locked");
  EXPECT_EQ(join("Bert", true).lastError(), "room-locked");
  EXPECT_EQ(room().waitingCount(), 0u);
  mod.send({{"type", "room-access"}, {"locked", false}});
  Client& later = join("Later");
  EXPECT_TRUE(room().isWaiting(later.id()));
}

TEST_F(LobbyTest, PinIsCheckedAtJoinAndWhileWaiting) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"pin", "12"}});
  EXPECT_EQ(mod.lastError(), "invalid-pin");
  EXPECT_FALSE(room().hasPin());
  mod.send({{"type", "room-access"}, {"pin", "4711"}});
  EXPECT_TRUE(room().hasPin());
  EXPECT_EQ(mod.lastOf("room-access")["pin"], true);
  for (const auto& j : mod.channel->sent) EXPECT_EQ(j.dump().find("4711"), std::string::npos) << j.dump();

  EXPECT_TRUE(join("Right", false, "4711").joined());

  Client& asked = join("NoPin");
  EXPECT_EQ(asked.lastOf("waiting")["reason"], "pin");
  EXPECT_EQ(asked.lastError(), "");  // asked for the PIN, not yet wrong
  asked.send({{"type", "pin"}, {"pin", "0000"}});
  EXPECT_EQ(asked.lastError(), "wrong-pin");
  EXPECT_FALSE(asked.joined());
  asked.send({{"type", "pin"}, {"pin", "4711"}});
  EXPECT_TRUE(asked.joined());

  Client& wrong = join("Wrong", false, "1111");
  EXPECT_EQ(wrong.lastOf("waiting")["reason"], "pin");
  EXPECT_EQ(wrong.lastError(), "wrong-pin");

  // Organizers need no PIN; a joined participant sending one is out of place.
  EXPECT_TRUE(join("Bert", true).joined());
  mod.send({{"type", "pin"}, {"pin", "4711"}});
  EXPECT_EQ(mod.lastError(), "wrong-state");

  // Clearing the PIN lets in whoever waited for it.
  mod.send({{"type", "room-access"}, {"pin", ""}});
  EXPECT_TRUE(wrong.joined());
  EXPECT_FALSE(room().hasPin());
}

TEST_F(LobbyTest, RightPinThenLobby) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"pin", "4711"}, {"lobby", true}});
  Client& guest = join("Gast", false, "4711");
  EXPECT_EQ(guest.lastOf("waiting")["reason"], "lobby");
  Client& late = join("Late");
  late.send({{"type", "pin"}, {"pin", "4711"}});
  EXPECT_EQ(late.lastOf("waiting")["reason"], "lobby");
  EXPECT_EQ(mod.lastOf("lobby")["knocking"].size(), 2u);
}

// The audit's lock bypass: someone who started joining before the lock gives the right PIN after it.
TEST_F(LobbyTest, TheLockHoldsForWhoeverWaitsForThePin) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"pin", "4711"}});
  Client& early = join("Early");
  ASSERT_EQ(early.lastOf("waiting")["reason"], "pin");
  mod.send({{"type", "room-access"}, {"locked", true}});
  early.send({{"type", "pin"}, {"pin", "4711"}});
  EXPECT_FALSE(early.joined());
  EXPECT_TRUE(room().isWaiting(early.id()));
  EXPECT_EQ(room().size(), 1u);
  // They knock instead: only a moderator lets anyone in while the room is locked.
  EXPECT_EQ(early.lastOf("waiting")["reason"], "lobby");
  EXPECT_EQ(mod.lastOf("lobby")["knocking"].size(), 1u);
  mod.send({{"type", "room-access"}, {"lobby", false}});
  EXPECT_FALSE(early.joined());
  // Unlocked with the lobby off, whoever knocked comes in.
  mod.send({{"type", "room-access"}, {"locked", false}});
  EXPECT_TRUE(early.joined());
}

TEST_F(LobbyTest, ModeratorsSeeWhoWaitsForThePinAndMayDenyThem) {
  Client& mod = join("Anna", true);
  mod.send({{"type", "room-access"}, {"pin", "4711"}});
  Client& waiter = join("Warte");
  const json lobby = mod.lastOf("lobby");
  ASSERT_TRUE(lobby.contains("waitingForPin")) << lobby.dump();
  ASSERT_EQ(lobby["waitingForPin"].size(), 1u);
  EXPECT_EQ(lobby["waitingForPin"][0]["id"], waiter.id());
  EXPECT_EQ(lobby["waitingForPin"][0]["name"], "Warte");
  EXPECT_EQ(lobby["knocking"].size(), 0u);
  mod.send({{"type", "deny"}, {"participant", waiter.id()}});
  EXPECT_EQ(mod.lastError(), "");
  EXPECT_EQ(waiter.lastError(), "denied");
  EXPECT_TRUE(waiter.channel->closed);
  EXPECT_EQ(room().waitingCount(), 0u);
  EXPECT_EQ(mod.lastOf("lobby")["waitingForPin"].size(), 0u);
}

// Wrong PINs slow down on the room's clock: per connection after 3, per room after 10.
TEST(RoomPin, WrongAttemptsAreThrottledWithGrowingDelay) {
  FakeMediaPlane media;
  int64_t now = 1'000'000;
  Room room("team", media, [&] { return now; });
  room.setPolicy(RoomPolicy::Open);
  const auto guest = [](std::string id, std::string name, std::shared_ptr<FakeChannel> channel) {
    Newcomer n;
    n.id = std::move(id);
    n.name = std::move(name);
    n.channel = std::move(channel);
    return n;
  };
  auto modChannel = std::make_shared<FakeChannel>();
  ASSERT_FALSE(room.enter(guest("m0", "Mod", modChannel), std::nullopt, 0).has_value());
  ASSERT_NE(room.find("m0"), nullptr);
  signaling::LobbyMessage setPin;
  setPin.action = signaling::LobbyAction::Access;
  setPin.pin = "4711";
  ASSERT_FALSE(room.lobbyCommand(*room.find("m0"), setPin).has_value());

  auto guestChannel = std::make_shared<FakeChannel>();
  EXPECT_FALSE(room.enter(guest("g1", "Gast", guestChannel), std::nullopt, 0).has_value());
  EXPECT_TRUE(room.isWaiting("g1"));
  auto code = [&](const std::string& pin) {
    auto error = room.tryPin("g1", pin);
    return error ? std::string(signaling::errorCodeName(error->code)) : std::string("ok");
  };
  EXPECT_EQ(code("0001"), "wrong-pin");
  EXPECT_EQ(code("0002"), "wrong-pin");
  EXPECT_EQ(code("0003"), "wrong-pin");
  EXPECT_EQ(code("0004"), "wrong-pin");  // the 4th wrong one starts a 1 s wait
  EXPECT_EQ(code("4711"), "pin-throttled");
  now += 999;
  EXPECT_EQ(code("4711"), "pin-throttled");
  now += 1;
  EXPECT_EQ(code("0005"), "wrong-pin");  // now 2 s
  now += 1999;
  EXPECT_EQ(code("4711"), "pin-throttled");
  now += 1;
  EXPECT_EQ(code("4711"), "ok");
  EXPECT_NE(room.find("g1"), nullptr);
  EXPECT_TRUE(guestChannel->ofType("offer").size() == 1u);
}

}  // namespace
}  // namespace vicos::room
