// Tests of the relay ring between two media workers: order, a full ring, oversized packets,
// the once-per-batch wake flag, and two threads pushing and draining at once.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "sfu/relay_ring.hpp"

namespace vicos::sfu {
namespace {

std::vector<uint8_t> packetOf(uint32_t n, size_t size = 100) {
  std::vector<uint8_t> p(size, static_cast<uint8_t>(n));
  p[0] = static_cast<uint8_t>(n >> 24);
  p[1] = static_cast<uint8_t>(n >> 16);
  p[2] = static_cast<uint8_t>(n >> 8);
  p[3] = static_cast<uint8_t>(n);
  return p;
}

uint32_t numberOf(const RelayRing::Packet& p) {
  return uint32_t{p.data[0]} << 24 | uint32_t{p.data[1]} << 16 | uint32_t{p.data[2]} << 8 | p.data[3];
}

TEST(RelayRing, KeepsOrderAndRefusesWhenFull) {
  RelayRing ring;
  EXPECT_EQ(ring.front(), nullptr);
  for (uint32_t i = 0; i < RelayRing::kSlots; ++i) ASSERT_TRUE(ring.push(7, i % 3, packetOf(i), i));
  EXPECT_FALSE(ring.push(7, 0, packetOf(9999), 0));  // full: refused, nothing overwritten
  for (uint32_t i = 0; i < RelayRing::kSlots; ++i) {
    RelayRing::Packet* p = ring.front();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(numberOf(*p), i);
    EXPECT_EQ(p->relayId, 7u);
    EXPECT_EQ(p->encoding, i % 3);
    EXPECT_EQ(p->arrival, static_cast<Micros>(i));
    EXPECT_EQ(p->size, 100u);
    ring.pop();
  }
  EXPECT_EQ(ring.front(), nullptr);
  EXPECT_TRUE(ring.push(7, 0, packetOf(1), 0));  // space again after the drain
}

TEST(RelayRing, RefusesOversizedPackets) {
  RelayRing ring;
  EXPECT_FALSE(ring.push(1, 0, packetOf(1, RelayRing::kSlotSize + 1), 0));
  EXPECT_EQ(ring.front(), nullptr);
  EXPECT_TRUE(ring.push(1, 0, packetOf(1, RelayRing::kSlotSize), 0));
}

TEST(RelayRing, WakesOncePerDrain) {
  RelayRing ring;
  EXPECT_TRUE(ring.markPending());   // first push of a batch: wake the other worker
  EXPECT_FALSE(ring.markPending());  // it has not drained yet: no second wake
  ring.clearPending();
  EXPECT_TRUE(ring.markPending());
}

TEST(RelayRing, TwoThreadsLoseAndReorderNothing) {
  RelayRing ring;
  constexpr uint32_t kCount = 200'000;
  std::thread producer([&] {
    for (uint32_t i = 0; i < kCount;)
      if (ring.push(1, 0, packetOf(i, 64 + i % 1000), 0)) ++i;
  });
  uint32_t expected = 0;
  while (expected < kCount) {
    RelayRing::Packet* p = ring.front();
    if (!p) continue;
    ASSERT_EQ(numberOf(*p), expected);
    ASSERT_EQ(p->size, 64 + expected % 1000);
    ring.pop();
    ++expected;
  }
  producer.join();
  EXPECT_EQ(ring.front(), nullptr);
}

}  // namespace
}  // namespace vicos::sfu
