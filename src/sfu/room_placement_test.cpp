// Tests of room placement: least-loaded choice, stickiness, forgetting empty rooms.
#include <gtest/gtest.h>

#include "sfu/room_placement.hpp"

namespace vicos::sfu {
namespace {

TEST(RoomPlacement, NewRoomsGoToTheLeastLoadedWorkerAndStay) {
  RoomPlacement placement(2);
  EXPECT_EQ(placement.workerOf("a"), 0u);
  placement.peerAdded("a");
  placement.peerAdded("a");
  EXPECT_EQ(placement.workerOf("b"), 1u);
  placement.peerAdded("b");
  EXPECT_EQ(placement.workerOf("c"), 1u);  // 2 peers on worker 0, 1 on worker 1
  placement.peerAdded("c");
  placement.peerAdded("c");
  EXPECT_EQ(placement.workerOf("a"), 0u);  // a room never moves while it has peers
  EXPECT_EQ(placement.peersOn(0), 2u);
  EXPECT_EQ(placement.peersOn(1), 3u);
}

TEST(RoomPlacement, AnEmptyRoomIsForgottenAndPlacedAfresh) {
  RoomPlacement placement(2);
  placement.peerAdded("a");
  placement.peerAdded("b");
  placement.peerAdded("b");
  placement.peerRemoved("a");
  EXPECT_FALSE(placement.placed("a"));
  EXPECT_EQ(placement.peersOn(0), 0u);
  EXPECT_EQ(placement.workerOf("a"), 0u);
  placement.peerRemoved("unknown");  // harmless
  placement.peerRemoved("b");
  placement.peerRemoved("b");
  placement.peerRemoved("b");  // more removals than peers: harmless
  EXPECT_EQ(placement.peersOn(1), 0u);
}

}  // namespace
}  // namespace vicos::sfu
