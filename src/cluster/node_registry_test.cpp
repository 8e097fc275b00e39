// The registry's pure parts: node ids, the entry's encoding, ranking by load.
#include "cluster/node_registry.hpp"

#include <gtest/gtest.h>

namespace vicos::cluster {
namespace {

TEST(NodeRegistryTest, NodeIdsAreShortAndPlain) {
  EXPECT_TRUE(validNodeId("node-1.fra_2"));
  EXPECT_FALSE(validNodeId(""));
  EXPECT_FALSE(validNodeId(std::string(65, 'a')));
  EXPECT_FALSE(validNodeId("a:b"));
  EXPECT_FALSE(validNodeId("a b"));
}

TEST(NodeRegistryTest, EntryRoundTripsAndMalformedEntriesAreSkipped) {
  NodeInfo n{"n1", "vc1.example:443", {"192.0.2.1", "2001:db8::1"}, 12, 3, 0.25};
  auto back = decodeNode(encodeNode(n));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, "n1");
  EXPECT_EQ(back->mediaAddresses.size(), 2u);
  EXPECT_EQ(back->participants, 12u);
  EXPECT_DOUBLE_EQ(back->cpu, 0.25);
  EXPECT_FALSE(decodeNode("not json"));
  EXPECT_FALSE(decodeNode(R"({"id":"n1"})"));
  EXPECT_FALSE(decodeNode(R"({"id":"bad id","public":"","media":[],"participants":0,"rooms":0,"cpu":0})"));
  EXPECT_FALSE(decodeNode(R"({"id":"n","public":"","media":[],"participants":-1,"rooms":0,"cpu":0})"));
}

TEST(NodeRegistryTest, RanksByParticipantsThenCpuThenId) {
  std::vector<NodeInfo> nodes{{"c", "", {}, 10, 0, 0.1},
                              {"a", "", {}, 3, 0, 0.9},
                              {"b", "", {}, 3, 0, 0.2},
                              {"d", "", {}, 3, 0, 0.2}};
  EXPECT_EQ(rankByLoad(nodes), (std::vector<std::string>{"b", "d", "a", "c"}));
}

}  // namespace
}  // namespace vicos::cluster
