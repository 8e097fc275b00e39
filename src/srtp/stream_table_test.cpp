// Tests of the fixed-capacity SSRC table: capacity limit, lookups after removals.
#include "srtp/stream_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace vicos::srtp {
namespace {

TEST(StreamTable, RefusesBeyondCapacity) {
  StreamTable table(4);
  for (uint32_t s = 1; s <= 4; ++s) ASSERT_NE(table.insert(s), nullptr);
  EXPECT_TRUE(table.full());
  EXPECT_EQ(table.insert(5), nullptr);
  EXPECT_NE(table.insert(3), nullptr);  // existing SSRCs are still found
  EXPECT_TRUE(table.remove(2));
  EXPECT_FALSE(table.remove(2));
  EXPECT_NE(table.insert(5), nullptr);
  EXPECT_EQ(table.size(), 4u);
}

TEST(StreamTable, KeepsStatePerSsrc) {
  StreamTable table(8);
  table.insert(7)->sendRtcpIndex = 70;
  table.insert(9)->sendRtcpIndex = 90;
  EXPECT_EQ(table.find(7)->sendRtcpIndex, 70u);
  EXPECT_EQ(table.find(9)->sendRtcpIndex, 90u);
  EXPECT_EQ(table.find(8), nullptr);
  // A re-inserted SSRC starts from scratch.
  table.remove(7);
  EXPECT_EQ(table.insert(7)->sendRtcpIndex, 0u);
}

TEST(StreamTable, FindsEverythingAfterManyRemovals) {
  // Enough SSRCs that probe runs collide, then removals that need backward shifting.
  StreamTable table(64);
  for (uint32_t i = 0; i < 64; ++i) table.insert(i * 0x10000 + 7)->sendRtcpIndex = i;
  for (uint32_t i = 0; i < 64; i += 2) ASSERT_TRUE(table.remove(i * 0x10000 + 7));
  EXPECT_EQ(table.size(), 32u);
  for (uint32_t i = 0; i < 64; ++i) {
    StreamState* s = table.find(i * 0x10000 + 7);
    if (i % 2 == 0) {
      EXPECT_EQ(s, nullptr) << i;
    } else {
      ASSERT_NE(s, nullptr) << i;
      EXPECT_EQ(s->sendRtcpIndex, i);
    }
  }
}

TEST(StreamTable, MatchesAMapUnderRandomOperations) {
  // Few distinct SSRCs in a small table, so probe runs wrap around the slot array.
  StreamTable table(16);
  std::map<uint32_t, uint32_t> model;
  std::mt19937 rng(42);
  for (int step = 0; step < 20000; ++step) {
    const uint32_t ssrc = rng() % 40;
    if (rng() % 3 == 0) {
      EXPECT_EQ(table.remove(ssrc), model.erase(ssrc) == 1);
    } else if (StreamState* s = table.insert(ssrc)) {
      ASSERT_TRUE(model.count(ssrc) || model.size() < 16);
      if (!model.count(ssrc)) {
        EXPECT_EQ(s->sendRtcpIndex, 0u);
      }
      s->sendRtcpIndex = static_cast<uint32_t>(step);
      model[ssrc] = static_cast<uint32_t>(step);
    } else {
      EXPECT_EQ(model.size(), 16u);
      EXPECT_EQ(model.count(ssrc), 0u);
    }
    ASSERT_EQ(table.size(), model.size());
    for (uint32_t probe = 0; probe < 40; ++probe) {
      StreamState* s = table.find(probe);
      auto it = model.find(probe);
      ASSERT_EQ(s != nullptr, it != model.end()) << step << " " << probe;
      if (s) {
        ASSERT_EQ(s->sendRtcpIndex, it->second);
      }
    }
  }
}

}  // namespace
}  // namespace vicos::srtp
