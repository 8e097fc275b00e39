// Tests of RFC 4571 framing: frames cut from a stream however it is split, oversized and
// empty frames passed over, and the write queue's whole-frame bound.
#include "net/rfc4571_framing.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace vicos::net {
namespace {

std::vector<uint8_t> frame(const std::string& payload) {
  std::vector<uint8_t> out{static_cast<uint8_t>(payload.size() >> 8), static_cast<uint8_t>(payload.size())};
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

void feed(FrameReader& reader, const std::vector<uint8_t>& bytes) {
  const MutableBytes space = reader.space();
  ASSERT_GE(space.size(), bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  reader.commit(bytes.size());
}

std::vector<std::string> drain(FrameReader& reader) {
  std::vector<std::string> out;
  while (auto f = reader.next()) out.emplace_back(f->begin(), f->end());
  return out;
}

TEST(FrameReader, CutsFramesFromOneRead) {
  FrameReader reader;
  auto bytes = frame("stun");
  const auto second = frame("dtls record");
  bytes.insert(bytes.end(), second.begin(), second.end());
  feed(reader, bytes);
  EXPECT_EQ(drain(reader), (std::vector<std::string>{"stun", "dtls record"}));
  EXPECT_EQ(reader.buffered(), 0u);
}

// TCP may split anywhere: a byte at a time, through the length prefix.
TEST(FrameReader, JoinsFramesSplitAnywhere) {
  FrameReader reader;
  auto bytes = frame("first");
  const auto second = frame(std::string(300, 'x'));
  bytes.insert(bytes.end(), second.begin(), second.end());
  std::vector<std::string> got;
  for (uint8_t b : bytes) {
    feed(reader, {b});
    for (auto& f : drain(reader)) got.push_back(f);
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "first");
  EXPECT_EQ(got[1], std::string(300, 'x'));
}

TEST(FrameReader, SkipsOversizedAndEmptyFrames) {
  FrameReader reader;
  // 00 00 (empty), then a 5000-byte frame arriving over several reads, then "ok".
  feed(reader, {0x00, 0x00});
  const std::string big(5000, 'b');
  const auto bigFrame = frame(big);
  for (size_t at = 0; at < bigFrame.size(); at += 1000) {
    feed(reader,
         std::vector<uint8_t>(bigFrame.begin() + static_cast<long>(at),
                              bigFrame.begin() + static_cast<long>(std::min(at + 1000, bigFrame.size()))));
    EXPECT_TRUE(drain(reader).empty());
  }
  feed(reader, frame("ok"));
  EXPECT_EQ(drain(reader), std::vector<std::string>{"ok"});
  EXPECT_EQ(reader.skipped(), 2u);
}

// A partial frame is kept while whole ones ahead of it are taken; the buffer never fills up.
TEST(FrameReader, KeepsRoomForTheLargestFrame) {
  FrameReader reader;
  const auto full = frame(std::string(FrameReader::kMaxFrame, 'm'));
  for (int round = 0; round < 20; ++round) {
    feed(reader, std::vector<uint8_t>(full.begin(), full.begin() + 1000));
    EXPECT_TRUE(drain(reader).empty());
    feed(reader, std::vector<uint8_t>(full.begin() + 1000, full.end()));
    ASSERT_EQ(drain(reader).size(), 1u);
  }
}

TEST(FrameQueue, QueuesWholeFramesOnly) {
  FrameQueue queue(16);
  const std::vector<uint8_t> six(6, 6);
  EXPECT_TRUE(queue.push(six));                    // 8 bytes
  EXPECT_TRUE(queue.push(six));                    // 16
  EXPECT_FALSE(queue.push(Bytes(six.data(), 1)));  // no room: nothing queued
  EXPECT_EQ(queue.size(), 16u);
  std::array<iovec, 2> io{};
  ASSERT_EQ(queue.pending(io), 1u);
  EXPECT_EQ(io[0].iov_len, 16u);
  EXPECT_EQ(static_cast<uint8_t*>(io[0].iov_base)[1], 6);
}

// Wrapping around the ring end hands the bytes out in two pieces, in order.
TEST(FrameQueue, WrapsAround) {
  FrameQueue queue(16);
  const std::vector<uint8_t> a{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_TRUE(queue.push(a));  // 12 bytes
  queue.consume(10);
  const std::vector<uint8_t> b{20, 21, 22, 23, 24, 25, 26, 27};
  EXPECT_TRUE(queue.push(b));  // 10 bytes, 4 at the end and 6 at the start
  std::array<iovec, 2> io{};
  ASSERT_EQ(queue.pending(io), 2u);
  std::vector<uint8_t> out;
  for (size_t i = 0; i < 2; ++i) {
    const auto* p = static_cast<const uint8_t*>(io[i].iov_base);
    out.insert(out.end(), p, p + io[i].iov_len);
  }
  EXPECT_EQ(out, (std::vector<uint8_t>{9, 10, 0, 8, 20, 21, 22, 23, 24, 25, 26, 27}));
  queue.consume(out.size());
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace vicos::net
