// Tests of the raised-hand order: positions, repeated raises, lowering in the middle.
#include "room/hands.hpp"

#include <gtest/gtest.h>

namespace vicos::room {
namespace {

using Ids = std::vector<std::string>;

TEST(HandQueue, PositionsFollowTheOrderHandsWentUp) {
  HandQueue q;
  EXPECT_EQ(q.raise("b"), Ids{"b"});
  EXPECT_EQ(q.raise("a"), Ids{"a"});
  EXPECT_EQ(q.raise("c"), Ids{"c"});
  EXPECT_EQ(q.position("b"), 1u);
  EXPECT_EQ(q.position("a"), 2u);
  EXPECT_EQ(q.position("c"), 3u);
  EXPECT_EQ(q.position("d"), std::nullopt);
}

TEST(HandQueue, RaisingTwiceKeepsThePlace) {
  HandQueue q;
  q.raise("a");
  q.raise("b");
  EXPECT_TRUE(q.raise("a").empty());
  EXPECT_EQ(q.position("a"), 1u);
  EXPECT_EQ(q.size(), 2u);
}

TEST(HandQueue, LoweringMovesOnlyThoseBehind) {
  HandQueue q;
  for (const char* id : {"a", "b", "c", "d"}) q.raise(id);
  EXPECT_EQ(q.lower("b"), (Ids{"b", "c", "d"}));
  EXPECT_EQ(q.position("a"), 1u);
  EXPECT_EQ(q.position("b"), std::nullopt);
  EXPECT_EQ(q.position("c"), 2u);
  EXPECT_EQ(q.position("d"), 3u);
  EXPECT_EQ(q.lower("d"), Ids{"d"});
  EXPECT_TRUE(q.lower("d").empty());
  EXPECT_TRUE(q.lower("never").empty());
  EXPECT_EQ(q.raise("b"), Ids{"b"});  // back at the end
  EXPECT_EQ(q.position("b"), 3u);
}

}  // namespace
}  // namespace vicos::room
