// Tests of the bounds-checked reader and writer.
#include <gtest/gtest.h>

#include <array>

#include "common/byte_writer.hpp"

namespace vicos {
namespace {

TEST(ByteReader, ReadsBigEndianAndStopsAtTheEnd) {
  const std::array<uint8_t, 7> data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader r(data);
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
  uint64_t d = 0;
  ASSERT_TRUE(r.readU8(a));
  ASSERT_TRUE(r.readU16(b));
  ASSERT_TRUE(r.readU32(c));
  EXPECT_EQ(a, 0x01);
  EXPECT_EQ(b, 0x0203);
  EXPECT_EQ(c, 0x04050607u);
  EXPECT_FALSE(r.readU64(d));
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ByteReader, FailedReadConsumesNothing) {
  const std::array<uint8_t, 3> data{0xaa, 0xbb, 0xcc};
  ByteReader r(data);
  uint32_t v = 0;
  EXPECT_FALSE(r.readU32(v));
  EXPECT_EQ(r.remaining(), 3u);
  uint32_t v24 = 0;
  ASSERT_TRUE(r.readU24(v24));
  EXPECT_EQ(v24, 0xaabbccu);
  EXPECT_FALSE(r.skip(1));
}

TEST(ByteWriter, FailsInsteadOfOverrunning) {
  std::array<uint8_t, 5> buf{};
  ByteWriter w(buf);
  w.u32(0xdeadbeef);
  EXPECT_TRUE(w.ok());
  w.u16(0x1234);
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.size(), 4u);
  EXPECT_EQ(buf[0], 0xde);
  EXPECT_EQ(buf[3], 0xef);
}

}  // namespace
}  // namespace vicos
