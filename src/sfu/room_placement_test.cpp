// Tests of peer placement: least-loaded rooms, rooms kept together, large rooms split over
// workers at `roomSplit`, forgetting peers and empty rooms.
#include <gtest/gtest.h>

#include "sfu/room_placement.hpp"

namespace vicos::sfu {
namespace {

TEST(RoomPlacement, NewRoomsGoToTheLeastLoadedWorkerAndStayTogether) {
  RoomPlacement placement(2);
  EXPECT_EQ(placement.place("a", "a1"), 0u);
  EXPECT_EQ(placement.place("a", "a2"), 0u);
  EXPECT_EQ(placement.place("b", "b1"), 1u);
  EXPECT_EQ(placement.place("c", "c1"), 1u);  // 2 peers on worker 0, 1 on worker 1
  EXPECT_EQ(placement.place("c", "c2"), 1u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(placement.place("a", "x" + std::to_string(i)), 0u);  // no split
  EXPECT_EQ(placement.place("a", "a1"), 0u);  // placed already: same worker, counted once
  EXPECT_EQ(placement.peersOn(0), 12u);
  EXPECT_EQ(placement.peersOn(1), 3u);
  EXPECT_EQ(placement.workerOf("c", "c2"), 1u);
  EXPECT_FALSE(placement.workerOf("c", "a1"));
  EXPECT_EQ(placement.primaryOf("a"), 0u);
}

TEST(RoomPlacement, ALargeRoomSpreadsOverWorkersAtTheSplit) {
  RoomPlacement placement(3, 2);
  EXPECT_EQ(placement.place("big", "p1"), 0u);
  EXPECT_EQ(placement.place("small", "s1"), 1u);
  EXPECT_EQ(placement.place("big", "p2"), 0u);
  // Worker 0 holds 2 of the room: the next goes to the least-loaded worker (2, empty).
  EXPECT_EQ(placement.next("big"), 2u);
  EXPECT_EQ(placement.place("big", "p3"), 2u);
  EXPECT_EQ(placement.place("big", "p4"), 2u);  // a worker that holds the room and has space
  EXPECT_EQ(placement.place("big", "p5"), 1u);  // both full: least loaded of all
  EXPECT_EQ(placement.primaryOf("big"), 0u);
  placement.remove("big", "p1");
  placement.remove("big", "p2");
  // The first worker has none left: the one with most of the room leads.
  EXPECT_EQ(placement.primaryOf("big"), 2u);
  // And the first worker has space again, so newcomers go back there.
  EXPECT_EQ(placement.place("big", "p6"), 0u);
}

TEST(RoomPlacement, AnEmptyRoomIsForgottenAndPlacedAfresh) {
  RoomPlacement placement(2);
  placement.place("a", "a1");
  placement.place("b", "b1");
  placement.place("b", "b2");
  placement.remove("a", "a1");
  EXPECT_FALSE(placement.placed("a"));
  EXPECT_FALSE(placement.primaryOf("a"));
  EXPECT_EQ(placement.peersOn(0), 0u);
  EXPECT_EQ(placement.place("a", "a1"), 0u);
  placement.remove("unknown", "x");  // harmless
  placement.remove("b", "unknown");  // harmless
  placement.remove("b", "b1");
  placement.remove("b", "b1");  // twice: harmless
  placement.remove("b", "b2");
  EXPECT_EQ(placement.peersOn(1), 0u);
}

}  // namespace
}  // namespace vicos::sfu
