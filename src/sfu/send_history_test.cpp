// Tests of the sent-packet records: lookups, the ring's reach, and clean refusals.
#include "sfu/send_history.hpp"

#include <gtest/gtest.h>

namespace vicos::sfu {
namespace {

SentRecord sent(uint16_t sequence, uint8_t encoding = 1) {
  return {encoding,
          0xa1b2c3d4,
          static_cast<uint16_t>(sequence ^ 0x5555),
          {sequence, 0x10000u + sequence, true, encoding == 2, static_cast<uint16_t>(sequence & 0x7fff), 42},
          // Every other record went out with a transport-wide number.
          sequence % 2 ? std::optional<uint16_t>(static_cast<uint16_t>(sequence * 3)) : std::nullopt};
}

TEST(SendHistory, FindsWhatWasRecorded) {
  SendHistory h;
  EXPECT_FALSE(h.find(0));
  h.record(sent(0xfff0, 2));
  h.record(sent(0xfff1, 0));
  EXPECT_EQ(h.find(0xfff0), sent(0xfff0, 2));
  EXPECT_EQ(h.find(0xfff1), sent(0xfff1, 0));
  EXPECT_FALSE(h.find(0xfff2));  // never sent
  EXPECT_FALSE(h.find(0xffef));
}

TEST(SendHistory, RefusesNumbersTheRingHasPassed) {
  SendHistory h;
  const uint16_t first = 0xff00;
  for (uint32_t i = 0; i < SendHistory::kSlots; ++i) h.record(sent(static_cast<uint16_t>(first + i)));
  EXPECT_EQ(h.find(first), sent(first));
  h.record(sent(static_cast<uint16_t>(first + SendHistory::kSlots)));  // takes first's slot
  EXPECT_FALSE(h.find(first));
  EXPECT_TRUE(h.find(static_cast<uint16_t>(first + 1)));
  // 65,536 numbers later (with gaps) a stale slot would carry the same number again: refused.
  SendHistory wrapped;
  wrapped.record(sent(10));
  for (uint32_t i = 11; i < 0x10000; i += 600) wrapped.record(sent(static_cast<uint16_t>(i)));
  wrapped.record(sent(15));
  EXPECT_TRUE(wrapped.find(15));
  EXPECT_FALSE(wrapped.find(10));
}

TEST(SendHistory, LatePacketsAreRecordedInPlace) {
  SendHistory h;
  h.record(sent(100));
  h.record(sent(98));  // a late packet forwarded after a newer one
  EXPECT_EQ(h.find(98), sent(98));
  EXPECT_EQ(h.find(100), sent(100));
}

TEST(SendHistory, ClearForgetsEverything) {
  SendHistory h;
  h.record(sent(7));
  h.clear();
  EXPECT_FALSE(h.find(7));
}

}  // namespace
}  // namespace vicos::sfu
