// Tests of the caps at the door (docs/security.md "The door: waiting people, locks, caps on rooms
// and peers"): how many may wait in a room and for how long, how many rooms and people the server
// holds, that organizers still get in, and that sockets which join and drop leave nothing behind.
#include <gtest/gtest.h>

#include "room/room_fakes.hpp"
#include "room/room_manager.hpp"
#include "room/signaling_session.hpp"

namespace vicos::room {
namespace {

using nlohmann::json;
using testing::FakeMediaPlane;

using Client = testing::FakeClient;

class DoorLimitsTest : public ::testing::Test {
 protected:
  // Before anyone joined. The old manager goes first: it unregisters from the media plane.
  void useLimits(RoomLimits limits) {
    rooms.reset();
    rooms = std::make_unique<RoomManager>(media, limits, [this] { return nowMs; });
  }
  Client& join(const std::string& name, const std::string& room = "team", json extra = json::object()) {
    Client& c = testing::connectClient(clients, *rooms);
    extra.update(testing::joinMessage(name, room));
    c.send(extra);
    return c;
  }
  Client& organizer(const std::string& login, const std::string& room = "team", json extra = json::object()) {
    Client& c = testing::connectClient(clients, *rooms, Organizer{login, login});
    extra.update(testing::joinMessage(login, room));
    c.send(extra);
    return c;
  }
  Room& room(const std::string& name = "team") { return *rooms->findRoom(name); }

  int64_t nowMs = 1'000'000;
  FakeMediaPlane media;
  std::unique_ptr<RoomManager> rooms = std::make_unique<RoomManager>(
      media, RoomLimits{.maxParticipants = 50, .policy = RoomPolicy::Organizer}, [this] { return nowMs; });
  std::vector<std::unique_ptr<Client>> clients;
};

// The audit's squatting attack: 50 unauthenticated sockets send `join` to a known room before its
// organizer comes, with the server's defaults.
TEST_F(DoorLimitsTest, FiftyWaitingSocketsDoNotKeepTheOrganizerOut) {
  size_t refused = 0;
  for (int i = 0; i < 50; ++i) refused += join("Squatter " + std::to_string(i)).lastError() == "waiting-full";
  EXPECT_EQ(room().waitingCount(), kDefaultMaxWaiting);
  EXPECT_EQ(refused, 50u - kDefaultMaxWaiting);
  EXPECT_EQ(media.peers.size(), 0u);  // nobody waiting has a media peer

  Client& olga = organizer("olga");
  ASSERT_TRUE(olga.joined()) << olga.lastError();
  EXPECT_EQ(olga.lastOf("joined")["role"], "moderator");
  EXPECT_EQ(room().size(), 1u + kDefaultMaxWaiting);  // the meeting started: whoever waited came in
}

TEST_F(DoorLimitsTest, AFullWaitingListRefusesWithoutChangingAnything) {
  useLimits(RoomLimits{.maxParticipants = 50, .maxWaiting = 1});
  Client& mod = join("Mod");
  mod.send({{"type", "room-access"}, {"pin", "4711"}});
  Client& first = join("First");
  ASSERT_EQ(first.lastOf("waiting")["reason"], "pin");
  const size_t sentBefore = testing::sentTotal(clients);
  // Even a right PIN given with `join` is not compared while the list is full.
  Client& second = join("Second", "team", {{"pin", "4711"}});
  EXPECT_EQ(second.lastError(), "waiting-full");
  EXPECT_EQ(second.channel->sent.size(), 1u);
  EXPECT_FALSE(second.channel->closed);  // may try again
  EXPECT_EQ(testing::sentTotal(clients), sentBefore + 1);
  EXPECT_EQ(room().waitingCount(), 1u);
  EXPECT_EQ(room().size(), 1u);
  // Nor does the moderator's lobby list change.
  EXPECT_EQ(mod.lastOf("lobby")["waitingForPin"].size(), 1u);

  // An organizer who cannot encrypt media waits too, up to the ceiling.
  Client& plain = organizer("olga", "team", {{"plainMedia", true}});
  EXPECT_EQ(plain.lastOf("waiting")["reason"], "plain-media");
  EXPECT_EQ(organizer("otto", "team", {{"plainMedia", true}}).lastError(), "waiting-full");
  EXPECT_EQ(room().waitingCount(), 1u * kOrganizerCeiling);
}

TEST_F(DoorLimitsTest, OrganizersPassAFullRoomUpToTheCeiling) {
  useLimits(RoomLimits{.maxParticipants = 2});
  join("Ada");
  join("Ben");
  EXPECT_EQ(join("Cleo").lastError(), "room-full");
  EXPECT_TRUE(organizer("olga").joined());
  EXPECT_TRUE(organizer("otto").joined());
  EXPECT_EQ(room().size(), 2u * kOrganizerCeiling);
  EXPECT_EQ(organizer("oskar").lastError(), "room-full");  // the ceiling bounds memory
  EXPECT_EQ(room().size(), 2u * kOrganizerCeiling);
}

TEST_F(DoorLimitsTest, TheServerHoldsABoundedNumberOfRoomsAndPeople) {
  useLimits(RoomLimits{.maxParticipants = 2, .maxRooms = 2, .maxTotalParticipants = 4});
  EXPECT_TRUE(join("A", "r1").joined());
  EXPECT_TRUE(join("B", "r2").joined());
  Client& third = join("C", "r3");
  EXPECT_EQ(third.lastError(), "server-full");
  EXPECT_EQ(rooms->roomCount(), 2u);
  EXPECT_EQ(rooms->findRoom("r3"), nullptr);
  EXPECT_TRUE(organizer("olga", "r3").joined());  // organizers open their meetings nevertheless
  EXPECT_EQ(rooms->roomCount(), 3u);

  EXPECT_TRUE(join("D", "r1").joined());
  EXPECT_EQ(rooms->peopleCount(), 4u);
  EXPECT_EQ(join("E", "r2").lastError(), "server-full");
  EXPECT_TRUE(organizer("otto", "r2").joined());
  EXPECT_EQ(rooms->peopleCount(), 5u);
}

TEST_F(DoorLimitsTest, WaitingEndsAfterTheTimeoutWithAClearError) {
  Client& early = join("Early");
  ASSERT_EQ(early.lastOf("waiting")["reason"], "organizer");
  nowMs += kDefaultWaitingTimeoutSeconds * 1'000 - 1;
  rooms->expire();
  EXPECT_FALSE(early.channel->closed);
  nowMs += 1;
  rooms->expire();
  EXPECT_EQ(early.lastError(), "waiting-timeout");
  EXPECT_TRUE(early.channel->closed);
  EXPECT_EQ(rooms->roomCount(), 0u);
}

TEST_F(DoorLimitsTest, ModeratorsSeeAnExpiredPinWaiterGo) {
  useLimits(RoomLimits{.maxParticipants = 50, .waitingTimeoutMs = 60'000});
  Client& mod = join("Mod");
  mod.send({{"type", "room-access"}, {"pin", "4711"}});
  Client& waiter = join("Waiter");
  nowMs += 30'000;
  Client& later = join("Later");
  ASSERT_EQ(mod.lastOf("lobby")["waitingForPin"].size(), 2u);
  nowMs += 30'000;
  rooms->expire();
  EXPECT_EQ(waiter.lastError(), "waiting-timeout");
  EXPECT_EQ(later.lastError(), "");
  const json lobby = mod.lastOf("lobby");
  ASSERT_EQ(lobby["waitingForPin"].size(), 1u);
  EXPECT_EQ(lobby["waitingForPin"][0]["id"], later.id());
  EXPECT_TRUE(mod.joined());
  EXPECT_FALSE(mod.channel->closed);  // participants have no waiting time
}

// The audit's flood: join, then drop the socket before media ever connected, 250 times.
TEST_F(DoorLimitsTest, JoinThenDropLeavesNoRoomsOrMediaPeersBehind) {
  useLimits(RoomLimits{});
  for (int i = 0; i < 250; ++i) {
    Client& c = join("Flood", "room-" + std::to_string(i));
    ASSERT_TRUE(c.joined());
    c.session->onClosed();
  }
  EXPECT_EQ(rooms->roomCount(), 0u);
  EXPECT_EQ(media.peers.size(), 250u);
  EXPECT_EQ(media.removed.size(), 250u);

  // Whose media connected keeps the grace period (docs/protocol.md "Reconnecting").
  Client& real = join("Real", "kept");
  media.connected("kept", real.id());
  real.session->onClosed();
  EXPECT_EQ(rooms->roomCount(), 1u);
  EXPECT_TRUE(room("kept").find(real.id())->reconnecting);
}

// Several nodes: the cluster hears of each room's opening and closing exactly once, whether it
// closes by leaving or at the end of a grace period.
TEST_F(DoorLimitsTest, TheRoomObserverHearsEachOpeningAndClosingOnce) {
  useLimits(RoomLimits{});
  std::vector<std::pair<std::string, bool>> seen;
  rooms->setRoomObserver([&](const std::string& name, bool open) { seen.emplace_back(name, open); });
  Client& a = join("A", "one");
  Client& b = join("B", "one");
  ASSERT_TRUE(a.joined() && b.joined());
  a.session->onClosed();
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{{"one", true}}));
  b.session->onClosed();
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{{"one", true}, {"one", false}}));

  seen.clear();
  Client& kept = join("Kept", "two");
  media.connected("two", kept.id());
  kept.session->onClosed();  // reconnecting: the room stays until the grace period ends
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{{"two", true}}));
  nowMs += 3'600'000;
  rooms->expire();
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{{"two", true}, {"two", false}}));
}

// Several nodes: people on other nodes count against the room's cap.
TEST_F(DoorLimitsTest, PeopleOnOtherNodesCountAgainstTheRoomsCap) {
  useLimits(RoomLimits{.maxParticipants = 5, .policy = RoomPolicy::Open});
  size_t elsewhere = 3;
  rooms->countPeopleElsewhere([&](const std::string& name) { return name == "team" ? elsewhere : 0; });
  ASSERT_TRUE(join("A").joined());
  ASSERT_TRUE(join("B").joined());
  EXPECT_EQ(join("C").lastError(), "room-full") << "2 here and 3 elsewhere fill a room of 5";
  EXPECT_TRUE(join("D", "other").joined()) << "another room is not affected";
  elsewhere = 5;
  rooms->leave("team", "nobody");
  EXPECT_EQ(join("E", "team").lastError(), "room-full");
  EXPECT_EQ(rooms->peoplePerRoom(), (std::vector<std::pair<std::string, uint64_t>>{{"other", 1}, {"team", 2}}));
}

}  // namespace
}  // namespace vicos::room
