// Tests of the Door alone, without a room or a media plane: who waits and why, the waiting list's
// cap, order and timeout, the PIN on a controlled clock, and what a moderator's access change does.
#include "room/door.hpp"

#include <gtest/gtest.h>

#include "room/room_fakes.hpp"

namespace vicos::room {
namespace {

using testing::FakeChannel;

class DoorTest : public ::testing::Test {
 protected:
  Newcomer newcomer(const std::string& id, bool organizer = false, bool plainMedia = false) {
    Newcomer n;
    n.id = id;
    n.name = "name-" + id;
    n.channel = channels[id] = std::make_shared<FakeChannel>();
    if (organizer) n.login = "anna";
    n.plainMedia = plainMedia;
    return n;
  }
  // Holds the newcomer if the door says so; true when they wait now.
  bool arrive(const std::string& id, std::optional<std::string> pin = std::nullopt, bool organizer = false,
              bool plainMedia = false) {
    Newcomer n = newcomer(id, organizer, plainMedia);
    return door.hold(n, pin, 0).held;
  }
  std::string reason(const std::string& id) const {
    const Door::Waiting* w = door.find(id);
    return w ? w->reason : "";
  }

  int64_t now = 1'000'000;
  Door door{[this] { return now; }};
  std::map<std::string, std::shared_ptr<FakeChannel>> channels;
};

TEST_F(DoorTest, OrganizerPolicyHoldsGuestsUntilTheMeetingStarts) {
  door.setPolicy(RoomPolicy::Organizer);
  EXPECT_TRUE(arrive("g1"));
  EXPECT_EQ(reason("g1"), "organizer");
  EXPECT_EQ(channels["g1"]->ofType("waiting").back()["reason"], "organizer");
  EXPECT_FALSE(arrive("o1", std::nullopt, true));  // an organizer passes
  EXPECT_TRUE(door.start());
  EXPECT_FALSE(door.start());  // only the first call starts the meeting
  EXPECT_FALSE(arrive("g2"));  // started and no lobby: in
  const auto all = door.takeAll();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "g1");
  EXPECT_TRUE(door.empty());
}

TEST_F(DoorTest, OpenRoomLetsEveryoneInWithoutLobbyOrPin) {
  door.setPolicy(RoomPolicy::Open);
  EXPECT_FALSE(arrive("g1"));
  EXPECT_EQ(door.refuseToWait(newcomer("g2")), std::nullopt);
}

TEST_F(DoorTest, LobbyHoldsGuestsOnceStartedAndModeratorsSeeThemInOrder) {
  door.start();
  EXPECT_TRUE(door.setAccess(true, std::nullopt, std::nullopt).changed);
  Newcomer n = newcomer("g1");
  const auto held = door.hold(n, std::nullopt, 0);
  EXPECT_TRUE(held.held);
  EXPECT_TRUE(held.tellModerators);
  EXPECT_TRUE(n.channel == nullptr);  // moved into the waiting list
  EXPECT_TRUE(arrive("a0"));
  EXPECT_FALSE(arrive("o1", std::nullopt, true));
  EXPECT_EQ(door.knockingIds(), (std::vector<std::string>{"g1", "a0"}));  // arrival, not id order
  EXPECT_TRUE(door.anyoneAtDoor());
  const auto list = nlohmann::json::parse(door.lobbyListMessage());
  EXPECT_EQ(list["knocking"][1]["name"], "name-a0");
  EXPECT_EQ(list["waitingForPin"].size(), 0u);
}

TEST_F(DoorTest, PlainMediaAlwaysKnocksOrganizersToo) {
  door.start();
  EXPECT_TRUE(arrive("o1", std::nullopt, true, true));
  EXPECT_EQ(reason("o1"), "plain-media");
  EXPECT_TRUE(door.setAccess(true, std::nullopt, std::nullopt).changed);
  EXPECT_TRUE(door.setAccess(false, std::nullopt, std::nullopt).opened);
  EXPECT_EQ(door.knockingIds(), std::vector<std::string>{"o1"});  // still knocks: the room decides
}

TEST_F(DoorTest, WrongPinIsReportedAndRightPinGoesOnToTheLobbyWhileLocked) {
  door.start();
  door.setAccess(std::nullopt, std::nullopt, std::string("4711"));
  Newcomer n = newcomer("g1");
  const auto held = door.hold(n, std::string("0000"), 0);
  ASSERT_TRUE(held.held);
  ASSERT_TRUE(held.pinProblem.has_value());
  EXPECT_EQ(held.pinProblem->code, signaling::ErrorCode::WrongPin);
  EXPECT_EQ(door.pinWaitingIds(), std::vector<std::string>{"g1"});
  EXPECT_FALSE(arrive("o1", std::nullopt, true));  // organizers need no PIN

  EXPECT_EQ(door.tryPin("g1", "1111")->code, signaling::ErrorCode::WrongPin);
  EXPECT_EQ(door.tryPin("nobody", "4711")->code, signaling::ErrorCode::WrongState);
  EXPECT_EQ(door.tryPin("g1", "4711"), std::nullopt);
  door.setAccess(std::nullopt, true, std::nullopt);
  EXPECT_FALSE(door.pastPin("g1"));  // locked: knocks instead of coming in
  EXPECT_EQ(reason("g1"), "lobby");
  EXPECT_EQ(door.tryPin("g1", "4711")->code, signaling::ErrorCode::WrongState);
}

TEST_F(DoorTest, PinAttemptsAreThrottledOnTheRoomClock) {
  door.start();
  door.setAccess(std::nullopt, std::nullopt, std::string("4711"));
  ASSERT_TRUE(arrive("g1"));
  for (const char* wrong : {"1", "2", "3", "4"})
    EXPECT_EQ(door.tryPin("g1", wrong)->code, signaling::ErrorCode::WrongPin);
  EXPECT_EQ(door.tryPin("g1", "4711")->code, signaling::ErrorCode::PinThrottled);
  now += 1000;
  EXPECT_EQ(door.tryPin("g1", "4711"), std::nullopt);
  EXPECT_TRUE(door.pastPin("g1"));  // no lobby, not locked: comes in
}

TEST_F(DoorTest, RemovingThePinAndOpeningAreReported) {
  door.start();
  door.setAccess(true, true, std::string("1234"));
  const auto change = door.setAccess(false, false, std::string(""));
  EXPECT_TRUE(change.changed);
  EXPECT_TRUE(change.pinRemoved);
  EXPECT_TRUE(change.opened);
  EXPECT_FALSE(door.setAccess(false, false, std::string("")).changed);
  EXPECT_EQ(door.refuseNewcomer(false, false), std::nullopt);
  door.setAccess(std::nullopt, true, std::nullopt);
  EXPECT_EQ(door.refuseNewcomer(false, true)->code, signaling::ErrorCode::RoomLocked);
  door.setAccess(std::nullopt, false, std::nullopt);
  EXPECT_EQ(door.refuseNewcomer(true, false)->code, signaling::ErrorCode::NoModerator);
  EXPECT_EQ(door.refuseNewcomer(true, true), std::nullopt);
}

TEST_F(DoorTest, WaitingListIsCappedOrganizersGetTheCeiling) {
  door.setLimits(RoomLimits{.maxParticipants = 50, .policy = RoomPolicy::Organizer, .maxWaiting = 2});
  EXPECT_TRUE(arrive("g1"));
  EXPECT_TRUE(arrive("g2"));
  EXPECT_EQ(door.refuseToWait(newcomer("g3"))->code, signaling::ErrorCode::WaitingFull);
  EXPECT_EQ(door.refuseToWait(newcomer("o1", true)), std::nullopt);        // organizers do not wait here
  EXPECT_EQ(door.refuseToWait(newcomer("o2", true, true)), std::nullopt);  // up to twice the cap
  EXPECT_TRUE(arrive("p1", std::nullopt, true, true));
  EXPECT_TRUE(arrive("p2", std::nullopt, true, true));
  EXPECT_EQ(door.refuseToWait(newcomer("p3", true, true))->code, signaling::ErrorCode::WaitingFull);
}

TEST_F(DoorTest, ExpireTurnsAwayOnlyThoseWhoseTimeIsUp) {
  door.setLimits(
      RoomLimits{.maxParticipants = 50, .policy = RoomPolicy::Organizer, .waitingTimeoutMs = 1000});
  Newcomer early = newcomer("g1");
  door.hold(early, std::nullopt, 0);
  Newcomer late = newcomer("g2");
  door.hold(late, std::nullopt, 500);
  EXPECT_FALSE(door.expire(999));
  EXPECT_TRUE(door.expire(1000));
  EXPECT_FALSE(door.isWaiting("g1"));
  EXPECT_TRUE(channels["g1"]->closed);
  EXPECT_EQ(channels["g1"]->ofType("error").back()["code"], "waiting-timeout");
  EXPECT_TRUE(door.isWaiting("g2"));
  EXPECT_FALSE(channels["g2"]->closed);
}

TEST_F(DoorTest, TakeAndRemoveForgetTheWaiter) {
  door.setPolicy(RoomPolicy::Organizer);
  ASSERT_TRUE(arrive("g1"));
  ASSERT_TRUE(arrive("g2"));
  auto taken = door.take("g1");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->name, "name-g1");
  EXPECT_FALSE(door.take("g1").has_value());
  EXPECT_TRUE(door.remove("g2"));
  EXPECT_FALSE(door.remove("g2"));
  EXPECT_TRUE(door.empty());
  EXPECT_FALSE(door.anyoneAtDoor());  // waiting for an organizer is not seen by moderators
}

}  // namespace
}  // namespace vicos::room
