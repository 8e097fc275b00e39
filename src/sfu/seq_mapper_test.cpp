// Tests of output numbering with drop compaction: contiguity, wrap, late packets, refusals.
#include "sfu/seq_mapper.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace vicos::sfu {
namespace {

TEST(SeqMapper, NothingMapsBeforeTheFirstRestart) {
  SeqMapper m(100);
  EXPECT_FALSE(m.forward(1));
  m.drop(1);
  EXPECT_FALSE(m.started());
}

TEST(SeqMapper, DropsInTheMiddleGiveContiguousOutput) {
  SeqMapper m(1000);
  m.restart(50, 16);
  EXPECT_EQ(m.forward(50), 1000);
  EXPECT_EQ(m.forward(51), 1001);
  m.drop(52);
  m.drop(53);
  EXPECT_EQ(m.forward(54), 1002);
  m.drop(55);
  EXPECT_EQ(m.forward(56), 1003);
  EXPECT_EQ(m.lastOutput(), 1003);
  EXPECT_TRUE(m.lastWasNewest());
}

TEST(SeqMapper, InputGapsStayGapsAndLatePacketsFillThem) {
  SeqMapper m(7);
  m.restart(10, 16);
  EXPECT_EQ(m.forward(10), 7);
  EXPECT_EQ(m.forward(13), 10);  // 11 and 12 lost upstream (for now)
  m.drop(14);
  EXPECT_EQ(m.forward(15), 11);
  EXPECT_EQ(m.forward(12), 9);  // late, before the drop: the offset of its place
  EXPECT_FALSE(m.lastWasNewest());
  EXPECT_EQ(m.forward(11), 8);
  EXPECT_EQ(m.forward(13), 10);  // a duplicate maps where it did
}

TEST(SeqMapper, LatePacketsAcrossSeveralDropsMapToTheirPlace) {
  SeqMapper m(0);
  m.restart(0, 16);
  // Input 0..11: the odd ones dropped, input 4 and 8 late.
  for (uint16_t in = 0; in < 12; ++in) {
    if (in == 4 || in == 8) continue;
    if (in % 2)
      m.drop(in);
    else
      EXPECT_TRUE(m.forward(in));
  }
  EXPECT_EQ(m.lastOutput(), 5);  // outputs 0..5 for inputs 0,2,4,6,8,10
  EXPECT_EQ(m.forward(4), 2);
  EXPECT_EQ(m.forward(8), 4);
}

TEST(SeqMapper, DroppedAndTooOldInputsAreRefused) {
  SeqMapper m(500);
  m.restart(20, 16);
  EXPECT_EQ(m.forward(20), 500);
  m.drop(21);
  m.drop(22);
  EXPECT_EQ(m.forward(23), 501);
  EXPECT_FALSE(m.forward(21));  // dropped before: its number went to 23
  EXPECT_FALSE(m.forward(22));
  EXPECT_FALSE(m.forward(19));  // before the source's start
  for (uint16_t in = 24; in < 24 + SeqMapper::kMaxAge; ++in) ASSERT_TRUE(m.forward(in));
  EXPECT_FALSE(m.forward(23));  // kMaxAge behind the newest
}

TEST(SeqMapper, OnlyTheLastChangesAreHeld) {
  SeqMapper m(0);
  m.restart(0, 16);
  EXPECT_EQ(m.forward(0), 0);
  m.forward(2);  // 1 missing
  for (uint16_t in = 3; in < 3 + 2 * SeqMapper::kChanges; in += 2) {
    m.drop(in);
    ASSERT_TRUE(m.forward(in + 1));
  }
  EXPECT_FALSE(m.forward(1));  // its offset was evicted: refused rather than misplaced
}

TEST(SeqMapper, WrapsAtSixteenBits) {
  SeqMapper m(0xfffe);
  m.restart(0xfff0, 16);
  EXPECT_EQ(m.forward(0xfff0), 0xfffe);
  m.drop(0xfff1);
  EXPECT_EQ(m.forward(0xfff2), 0xffff);
  EXPECT_EQ(m.forward(0xfff3), 0x0000);
  for (uint32_t in = 0xfff4; in < 0x10010; ++in) m.forward(static_cast<uint16_t>(in));
  EXPECT_EQ(m.lastOutput(), 0x001c);
  EXPECT_EQ(m.forward(0xfff3), 0x0000);  // late across the wrap
}

TEST(SeqMapper, WrapsAtTheNumbersWidth) {
  SeqMapper m(0x7ffe, 15);
  m.restart(0x10, 15);
  EXPECT_EQ(m.forward(0x10), 0x7ffe);
  EXPECT_EQ(m.forward(0x11), 0x7fff);
  EXPECT_EQ(m.forward(0x12), 0x0000);
  m.restart(0x7e, 7);  // 7-bit PictureIDs: the output wraps at 0x7f
  EXPECT_EQ(m.forward(0x7e), 0x01);
  m.drop(0x7f);
  EXPECT_EQ(m.forward(0x00), 0x02);
}

TEST(SeqMapper, RestartContinuesAfterTheLastOutputWithASkip) {
  SeqMapper m(300);
  m.restart(9000, 16);
  EXPECT_EQ(m.forward(9000), 300);
  EXPECT_EQ(m.forward(9001), 301);
  m.restart(100, 16, 1);
  EXPECT_FALSE(m.forward(99));
  EXPECT_EQ(m.forward(100), 303);  // 302 skipped
  m.restart(5000, 16);
  m.drop(5000);  // the new source's first packet dropped: compacted too
  EXPECT_EQ(m.forward(5001), 304);
  EXPECT_FALSE(m.forward(5000));
}

TEST(SeqMapper, InsertedNumbersMoveLaterInputsUpAndLeaveEarlierOnesWhereTheyWere) {
  SeqMapper m(1000);
  EXPECT_FALSE(m.insert());  // nothing started: nothing to insert after
  m.restart(50, 16);
  EXPECT_EQ(m.forward(50), 1000);
  EXPECT_EQ(m.forward(52), 1002);  // 51 late
  EXPECT_EQ(m.insert(), 1003);
  EXPECT_EQ(m.insert(), 1004);
  EXPECT_EQ(m.lastOutput(), 1004);
  EXPECT_EQ(m.forward(51), 1001);  // the late one keeps its place
  EXPECT_EQ(m.forward(53), 1005);
  m.drop(54);
  EXPECT_EQ(m.insert(), 1006);  // after a compacted drop
  EXPECT_EQ(m.forward(55), 1007);
  m.restart(7000, 16);
  EXPECT_EQ(m.insert(), 1008);  // before a new source's first packet
  EXPECT_EQ(m.forward(7000), 1009);
  EXPECT_EQ(m.forward(7001), 1010);
  // 7002–7004 lost on the way, 7005 dropped: the insert goes after their places, which stay free.
  m.drop(7005);
  EXPECT_EQ(m.insert(), 1014);
  EXPECT_EQ(m.forward(7003), 1012);
  EXPECT_EQ(m.forward(7006), 1015);
}

}  // namespace
}  // namespace vicos::sfu
