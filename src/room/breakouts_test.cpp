// Tests of the breakout-room state alone: create, assign, open, move, close with a countdown.
#include "room/breakouts.hpp"

#include <gtest/gtest.h>

namespace vicos::room {
namespace {

using signaling::ErrorCode;

const auto kEveryone = [](const std::string&) { return true; };

TEST(Breakouts, NobodyIsApartUntilTheRoomsOpen) {
  Breakouts b;
  ASSERT_FALSE(b.create({"A", "B"}, false));
  ASSERT_FALSE(b.assign({{"ada", 0}, {"bob", 1}}, kEveryone));
  EXPECT_TRUE(b.together("ada", "bob"));
  EXPECT_EQ(b.where("ada"), std::nullopt);
  ASSERT_FALSE(b.open());
  EXPECT_FALSE(b.together("ada", "bob"));
  EXPECT_EQ(b.where("ada"), Breakouts::Place{0});
  EXPECT_EQ(b.where("cem"), std::nullopt);  // unassigned: the main room
  const auto info = b.info();
  EXPECT_TRUE(info.open);
  ASSERT_EQ(info.rooms.size(), 2u);
  EXPECT_EQ(info.rooms[0].members, std::vector<std::string>{"ada"});
  EXPECT_EQ(info.rooms[1].members, std::vector<std::string>{"bob"});
}

TEST(Breakouts, StateRulesRefuseAndChangeNothing) {
  Breakouts b;
  EXPECT_EQ(b.open()->code, ErrorCode::WrongState);  // no rooms yet
  EXPECT_EQ(b.close(0, 0)->code, ErrorCode::WrongState);
  EXPECT_EQ(b.move("ada", 0)->code, ErrorCode::WrongState);
  ASSERT_FALSE(b.create({"A"}, false));
  // All entries are checked before any is applied.
  EXPECT_EQ(b.assign({{"ada", 0}, {"bob", 1}}, kEveryone)->code, ErrorCode::BadMessage);
  EXPECT_EQ(b.assign({{"ada", 0}, {"ghost", 0}}, [](const std::string& id) { return id != "ghost"; })->code,
            ErrorCode::UnknownParticipant);
  EXPECT_TRUE(b.info().rooms[0].members.empty());
  ASSERT_FALSE(b.open());
  EXPECT_EQ(b.open()->code, ErrorCode::WrongState);
  EXPECT_EQ(b.create({"X"}, false)->code, ErrorCode::WrongState);
  EXPECT_EQ(b.info().rooms[0].name, "A");
  EXPECT_EQ(b.move("ada", 1)->code, ErrorCode::BadMessage);
  EXPECT_EQ(b.where("ada"), std::nullopt);
}

TEST(Breakouts, MovesAndAssignmentsWhileOpenTakeEffectAtOnce) {
  Breakouts b;
  ASSERT_FALSE(b.create({"A", "B"}, true));
  ASSERT_FALSE(b.open());
  ASSERT_FALSE(b.move("mod", 1));
  EXPECT_EQ(b.where("mod"), Breakouts::Place{1});
  ASSERT_FALSE(b.assign({{"ada", 1}}, kEveryone));
  EXPECT_TRUE(b.together("ada", "mod"));
  ASSERT_FALSE(b.move("mod", std::nullopt));
  EXPECT_EQ(b.where("mod"), std::nullopt);
  EXPECT_TRUE(b.remove("ada"));
  EXPECT_FALSE(b.remove("ada"));
  EXPECT_TRUE(b.info().rooms[1].members.empty());
}

TEST(Breakouts, CloseCountsDownThenEveryoneIsBack) {
  Breakouts b;
  ASSERT_FALSE(b.create({"A"}, false));
  ASSERT_FALSE(b.assign({{"ada", 0}}, kEveryone));
  ASSERT_FALSE(b.open());
  ASSERT_FALSE(b.close(1'000, 30'000));
  EXPECT_TRUE(b.isOpen());
  EXPECT_EQ(b.info().closesInSeconds, 30);
  EXPECT_FALSE(b.closeIfDue(30'999));
  EXPECT_EQ(b.info().closesInSeconds, 1);  // rounded up
  EXPECT_EQ(b.where("ada"), Breakouts::Place{0});
  EXPECT_TRUE(b.closeIfDue(31'000));
  EXPECT_FALSE(b.isOpen());
  EXPECT_EQ(b.where("ada"), std::nullopt);
  EXPECT_FALSE(b.info().closesInSeconds);
  // The rooms and the plan stay, to open again.
  EXPECT_EQ(b.info().rooms[0].members, std::vector<std::string>{"ada"});
  ASSERT_FALSE(b.open());
  ASSERT_FALSE(b.close(50'000, 0));  // no countdown: closed at once
  EXPECT_FALSE(b.isOpen());
}

TEST(Breakouts, BroadcastsAreLimited) {
  Breakouts b;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(b.takeBroadcast(0));
  EXPECT_FALSE(b.takeBroadcast(9'999));
  EXPECT_TRUE(b.takeBroadcast(10'000));
}

}  // namespace
}  // namespace vicos::room
