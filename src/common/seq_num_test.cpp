// Tests of sequence-number wrap-around arithmetic.
#include <gtest/gtest.h>

#include "common/seq_num.hpp"

namespace vicos {
namespace {

TEST(SeqNum, NewerAcrossWrap) {
  EXPECT_TRUE(seqNewer(1, 0));
  EXPECT_TRUE(seqNewer(0, 0xffff));
  EXPECT_FALSE(seqNewer(0xffff, 0));
  EXPECT_FALSE(seqNewer(5, 5));
  EXPECT_TRUE(tsNewer(10, 0xfffffff0u));
}

TEST(SeqNum, UnwrapCountsCyclesAndToleratesReordering) {
  SeqUnwrapper u;
  EXPECT_EQ(u.unwrap(65534), 65534);
  EXPECT_EQ(u.unwrap(65535), 65535);
  EXPECT_EQ(u.unwrap(1), 65537);
  EXPECT_EQ(u.unwrap(0), 65536);  // late packet from before the highest seen
  EXPECT_EQ(u.unwrap(2), 65538);
}

}  // namespace
}  // namespace vicos
