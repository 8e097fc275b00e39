// Tests of RTP index estimation (RFC 3711 Appendix A) and the 128-packet replay window.
#include "srtp/replay_window.hpp"

#include <gtest/gtest.h>

namespace vicos::srtp {
namespace {

TEST(EstimateRtpIndex, FollowsTheSequenceWithinARollover) {
  EXPECT_EQ(estimateRtpIndex(100, 101), 101);
  EXPECT_EQ(estimateRtpIndex(100, 90), 90);
  EXPECT_EQ(estimateRtpIndex(0x30000 + 5000, 6000), 0x30000 + 6000);
}

TEST(EstimateRtpIndex, WrapForwardIncrementsRoc) {
  EXPECT_EQ(estimateRtpIndex(65535, 0), 0x10000);
  EXPECT_EQ(estimateRtpIndex(65000, 3), 0x10003);
  EXPECT_EQ(estimateRtpIndex(0x50000 + 65500, 10), 0x60000 + 10);
}

TEST(EstimateRtpIndex, LatePacketFromBeforeTheWrapKeepsTheOldRoc) {
  EXPECT_EQ(estimateRtpIndex(0x10000 + 2, 65534), 65534);
  EXPECT_EQ(estimateRtpIndex(0x70000 + 100, 65000), 0x60000 + 65000);
}

TEST(EstimateRtpIndex, NothingBeforeIndexZero) {
  EXPECT_EQ(estimateRtpIndex(2, 65534), -1);
}

TEST(EstimateRtpIndex, RocCannotExceed32Bits) {
  EXPECT_EQ(estimateRtpIndex((uint64_t{0xffffffff} << 16) | 65535, 0), -1);
}

TEST(ReplayWindow, AcceptsEachIndexOnce) {
  ReplayWindow w;
  EXPECT_FALSE(w.started());
  EXPECT_TRUE(w.check(1000));
  w.accept(1000);
  EXPECT_EQ(w.highest(), 1000u);
  EXPECT_FALSE(w.check(1000));
  EXPECT_TRUE(w.check(1001));
  w.accept(1001);
  EXPECT_FALSE(w.check(1001));
  EXPECT_FALSE(w.check(1000));
}

TEST(ReplayWindow, OutOfOrderInsideTheWindow) {
  ReplayWindow w;
  w.accept(500);
  w.accept(510);
  for (uint64_t i = 501; i < 510; ++i) {
    EXPECT_TRUE(w.check(i)) << i;
    w.accept(i);
    EXPECT_FALSE(w.check(i)) << i;
  }
  EXPECT_EQ(w.highest(), 510u);
}

TEST(ReplayWindow, TooOldIsRejected) {
  ReplayWindow w;
  w.accept(1000);
  EXPECT_TRUE(w.check(1000 - 127));
  EXPECT_FALSE(w.check(1000 - 128));
  EXPECT_FALSE(w.check(0));
}

TEST(ReplayWindow, ShiftsAcrossTheWordBoundary) {
  ReplayWindow w;
  w.accept(10);
  w.accept(12);
  w.accept(10 + 70);  // shift by 68: bits move from the low into the high word
  EXPECT_FALSE(w.check(10));
  EXPECT_FALSE(w.check(12));
  EXPECT_TRUE(w.check(11));
  EXPECT_TRUE(w.check(13));
  w.accept(10 + 127);  // 10 is now exactly 127 old, still tracked
  EXPECT_FALSE(w.check(10));
  EXPECT_TRUE(w.check(11));
  w.accept(10 + 128);
  EXPECT_FALSE(w.check(10));  // too old now
  EXPECT_FALSE(w.check(12));  // still in the window and seen
  EXPECT_TRUE(w.check(13));
}

TEST(ReplayWindow, BigJumpForgetsEverything) {
  ReplayWindow w;
  for (uint64_t i = 0; i < 200; ++i) w.accept(i);
  w.accept(100000);
  EXPECT_TRUE(w.check(100000 - 1));
  EXPECT_TRUE(w.check(100000 - 127));
  EXPECT_FALSE(w.check(100000));
}

}  // namespace
}  // namespace vicos::srtp
