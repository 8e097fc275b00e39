// Tests of the bounded SSRC table: capacity limit, lookups after removals, growth.
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

// A session allowed 1,024 streams holds room for a few until it carries more (issue 16 item 7:
// 200 KiB per participant went to a table sized for the limit, not for the streams).
TEST(StreamTable, GrowsWithItsStreamsUpToTheLimit) {
  StreamTable table(1024);
  EXPECT_EQ(table.capacity(), StreamTable::kInitialStreams);
  for (uint32_t i = 0; i < 100; ++i) table.insert(i * 0x10000 + 3)->sendRtcpIndex = i;
  EXPECT_GE(table.capacity(), 100u);
  EXPECT_LE(table.capacity(), 128u);
  for (uint32_t i = 0; i < 100; ++i) {
    ASSERT_NE(table.find(i * 0x10000 + 3), nullptr);
    EXPECT_EQ(table.find(i * 0x10000 + 3)->sendRtcpIndex, i);  // state survives the moves
  }
  table.reserve(5000);  // capped at the limit
  EXPECT_EQ(table.capacity(), 1024u);
  for (uint32_t i = 100; i < 1024; ++i) ASSERT_NE(table.insert(i * 0x10000 + 3), nullptr);
  EXPECT_TRUE(table.full());
  EXPECT_EQ(table.insert(7), nullptr);
  EXPECT_EQ(table.find(99 * 0x10000 + 3)->sendRtcpIndex, 99u);
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
