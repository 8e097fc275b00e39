// Tests of one consumer's output numbering: VP8 ids by byte rows, continuity across sources.
#include "sfu/stream_rewriter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vicos::sfu {
namespace {

rtp::Vp8Descriptor vp8(uint16_t pictureId, uint8_t tl0, uint8_t tid = 0) {
  rtp::Vp8Descriptor d;
  d.extended = d.hasPictureId = d.pictureId15Bit = d.hasTl0PicIdx = d.hasTid = true;
  d.pictureId = pictureId;
  d.tl0PicIdx = tl0;
  d.tid = tid;
  return d;
}

// The rows of docs/design/media-model.md S13, through a mapping.
TEST(StreamRewriter, AppliesVp8IdsOfAMapping) {
  // X S PID0 | I L T | M=1 PictureID 0x1234 | TL0PICIDX 5 | TID 2 Y=1
  std::vector<uint8_t> p = {0x90, 0xe0, 0x92, 0x34, 0x05, 0xa0, 0x51};
  RtpMapping m;
  m.hasPictureId = m.hasTl0PicIdx = true;
  m.pictureId = 0x1234 - 0x1233;
  m.tl0PicIdx = 0;
  ASSERT_TRUE(applyVp8Ids(p, m));
  EXPECT_EQ(p, (std::vector<uint8_t>{0x90, 0xe0, 0x80, 0x01, 0x00, 0xa0, 0x51}));
  std::vector<uint8_t> plain = {0x10, 0x50, 0x2a};  // no ids to write: untouched
  EXPECT_TRUE(applyVp8Ids(plain, RtpMapping{}));
  EXPECT_EQ(plain, (std::vector<uint8_t>{0x10, 0x50, 0x2a}));
}

TEST(StreamRewriter, WritesTheMappedPacket) {
  // V=2 M=1 PT 96, seq 0x0102, ts 0x0a0b0c0d, SSRC 11223344 | X S | I L T | 0x1234 | 5 | TID 2 Y
  const std::vector<uint8_t> in = {0x80, 0xe0, 0x01, 0x02, 0x0a, 0x0b, 0x0c, 0x0d, 0x11, 0x22,
                                   0x33, 0x44, 0x90, 0xe0, 0x92, 0x34, 0x05, 0xa0, 0x51};
  const RtpMapping m{0xfffe, 0x01020304, true, true, 0x0001, 0x00};
  const uint8_t mid[] = {'4'};
  const rtp::ExtensionElement ext[] = {{1, Bytes(mid, 1)}};
  std::vector<uint8_t> out(64);
  const size_t n = writeMapped(*rtp::parseRtp(in), m, 0x5eed5eed, ext, out);
  out.resize(n);
  EXPECT_EQ(out, (std::vector<uint8_t>{0x90, 0xe0, 0xff, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x5e,
                                       0xed, 0x5e, 0xed, 0xbe, 0xde, 0x00, 0x01, 0x10, '4',
                                       0x00, 0x00, 0x90, 0xe0, 0x80, 0x01, 0x00, 0xa0, 0x51}));
  std::vector<uint8_t> small(n - 1);
  EXPECT_EQ(writeMapped(*rtp::parseRtp(in), m, 1, ext, small), 0u);
  const std::vector<uint8_t> padding(in.begin(), in.begin() + 12);
  EXPECT_EQ(writeMapped(*rtp::parseRtp(padding), m, 1, ext, out), 0u);
}

TEST(StreamRewriter, FirstSourceStartsAtTheStartValues) {
  StreamRewriter r({0xfffe, 0xfffffff0, 0x7fff, 0xff});
  EXPECT_FALSE(r.started());
  const auto key = vp8(0x0100, 40);
  r.startSource(700, 0xfffffff0 - 90000, false);
  const auto m = r.forward(700, 90000, &key);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (RtpMapping{0xfffe, 0xfffffff0, true, true, 0x7fff, 0xff}));
  // Next frame: everything +1, wrapping at each field's width.
  const auto next = vp8(0x0101, 41);
  const auto n = r.forward(701, 93000, &next);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, (RtpMapping{0xffff, 0xfffffff0 + 3000, true, true, 0x0000, 0x00}));
  EXPECT_EQ(r.lastTimestamp(), 0xfffffff0 + 3000);
}

TEST(StreamRewriter, DroppedFramesAreCompactedButTl0IsNot) {
  StreamRewriter r({100, 0, 10, 20});
  r.startSource(1, 0, false);
  const auto f0 = vp8(500, 7, 0), f1 = vp8(501, 7, 2), f2 = vp8(502, 7, 1), f3 = vp8(503, 7, 2),
             f4 = vp8(504, 8, 0);
  ASSERT_TRUE(r.forward(1, 0, &f0));
  ASSERT_TRUE(r.forward(2, 0, &f0));
  r.drop(3, &f1);  // a TID 2 frame of two packets
  r.drop(4, &f1);
  const auto m2 = r.forward(5, 6000, &f2);
  ASSERT_TRUE(m2);
  EXPECT_EQ(m2->sequence, 102);
  EXPECT_EQ(m2->pictureId, 11);
  EXPECT_EQ(m2->tl0PicIdx, 20);
  r.drop(6, &f3);
  const auto m4 = r.forward(7, 12000, &f4);
  ASSERT_TRUE(m4);
  EXPECT_EQ(m4->sequence, 103);
  EXPECT_EQ(m4->pictureId, 12);
  EXPECT_EQ(m4->tl0PicIdx, 21);
  EXPECT_FALSE(r.forward(4, 3000, &f1));  // a dropped packet arriving again stays dropped
}

TEST(StreamRewriter, ANewSourceContinuesEveryNumber) {
  StreamRewriter r({1000, 50000, 300, 9});
  r.startSource(40000, 50000 - 7000, false);
  const auto a = vp8(0x2000, 200);
  ASSERT_TRUE(r.forward(40000, 7000, &a));
  // Another encoding: unrelated numbers, offset chosen by the caller, previous frame cut.
  r.startSource(12, 100, true);
  const auto b = vp8(0x0005, 3);
  const auto m = r.forward(12, 53000, &b);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->sequence, 1002);  // 1001 skipped
  EXPECT_EQ(m->timestamp, 53100u);
  EXPECT_EQ(m->pictureId, 301);
  EXPECT_EQ(m->tl0PicIdx, 10);
  EXPECT_EQ(r.timestampOffset(), 100u);
  EXPECT_FALSE(r.forward(40000, 7000, &a));  // the old source's numbers are gone
}

// RFC 7714 8.1: a second packet under an output number already sent would reuse the SRTP nonce.
TEST(StreamRewriter, AnOutputNumberIsGivenOnlyOnce) {
  StreamRewriter r({100, 0, 0, 0});
  r.startSource(1, 0, false);
  const auto f = vp8(10, 1);
  ASSERT_TRUE(r.forward(1, 0, &f));
  ASSERT_TRUE(r.forward(3, 0, &f));               // 2 still missing
  EXPECT_FALSE(r.forward(3, 0, &f));              // a duplicate
  EXPECT_FALSE(r.forward(1, 999, &f));            // the same number with other bytes
  EXPECT_EQ(r.forward(2, 0, &f)->sequence, 101);  // the missing one fills its place, once
  EXPECT_FALSE(r.forward(2, 0, &f));
  // Far behind: refused rather than checked against a slot used since.
  for (uint16_t in = 4; in < 4 + StreamRewriter::kSentWindow; ++in) ASSERT_TRUE(r.forward(in, 0, &f));
  EXPECT_FALSE(r.forward(2, 0, &f));
}

TEST(StreamRewriter, SevenBitPictureIdsWrapAtSevenBits) {
  StreamRewriter r({0, 0, 0x7f, 0});
  rtp::Vp8Descriptor d;
  d.extended = d.hasPictureId = true;
  d.pictureId = 0x10;
  r.startSource(0, 0, false);
  EXPECT_EQ(r.forward(0, 0, &d)->pictureId, 0x7f);
  d.pictureId = 0x11;
  EXPECT_EQ(r.forward(1, 3000, &d)->pictureId, 0x00);
  EXPECT_FALSE(r.forward(1, 3000, &d)->hasTl0PicIdx);
}

TEST(StreamRewriter, PacketsWithoutDescriptorKeepNoIds) {
  StreamRewriter r({5, 6, 7, 8});
  r.startSource(10, 0, false);
  const auto m = r.forward(10, 1, nullptr);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (RtpMapping{5, 1, false, false, 0, 0}));
  r.drop(11, nullptr);
  EXPECT_EQ(r.forward(12, 1, nullptr)->sequence, 6);
}

}  // namespace
}  // namespace vicos::sfu
