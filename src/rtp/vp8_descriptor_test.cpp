// Tests of the VP8 payload descriptor parser and key frame detection.
#include "rtp/vp8_descriptor.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vicos::rtp {
namespace {

TEST(Vp8Descriptor, MinimalDescriptor) {
  const std::vector<uint8_t> p = {0x10, 0x50, 0x2a, 0x00};  // S=1 PID=0 | VP8 data
  const auto d = parseVp8Descriptor(p);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size, 1u);
  EXPECT_FALSE(d->extended);
  EXPECT_TRUE(d->startOfPartition);
  EXPECT_EQ(d->partitionId, 0);
  EXPECT_FALSE(d->hasPictureId);
}

TEST(Vp8Descriptor, FullDescriptorWith15BitPictureId) {
  const std::vector<uint8_t> p = {
      0xb0,        // X=1 N=1 S=1 PID=0
      0xf0,        // I=1 L=1 T=1 K=1
      0x92, 0x34,  // M=1 PictureID 0x1234
      0x05,        // TL0PICIDX 5
      0x6a,        // TID=1 Y=1 KEYIDX=10
      0x51,        // VP8 payload
  };
  const auto d = parseVp8Descriptor(p);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size, 6u);
  EXPECT_TRUE(d->extended);
  EXPECT_TRUE(d->nonReference);
  EXPECT_TRUE(d->startOfPartition);
  EXPECT_TRUE(d->hasPictureId);
  EXPECT_TRUE(d->pictureId15Bit);
  EXPECT_EQ(d->pictureId, 0x1234);
  EXPECT_TRUE(d->hasTl0PicIdx);
  EXPECT_EQ(d->tl0PicIdx, 5);
  EXPECT_TRUE(d->hasTid);
  EXPECT_EQ(d->tid, 1);
  EXPECT_TRUE(d->layerSync);
  EXPECT_TRUE(d->hasKeyIdx);
  EXPECT_EQ(d->keyIdx, 10);
  for (size_t n = 0; n < 6; ++n) EXPECT_FALSE(parseVp8Descriptor(Bytes(p.data(), n))) << n;
}

TEST(Vp8Descriptor, SevenBitPictureIdAndKeyIdxOnly) {
  const std::vector<uint8_t> a = {0x83, 0x80, 0x7f};  // X=1 PID=3 | I=1 | M=0 PictureID 127
  const auto d = parseVp8Descriptor(a);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size, 3u);
  EXPECT_EQ(d->partitionId, 3);
  EXPECT_FALSE(d->startOfPartition);
  EXPECT_FALSE(d->pictureId15Bit);
  EXPECT_EQ(d->pictureId, 127);

  const std::vector<uint8_t> b = {0x80, 0x10, 0xff};  // X=1 | K=1 | TID bits ignored, KEYIDX=31
  const auto e = parseVp8Descriptor(b);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->size, 3u);
  EXPECT_FALSE(e->hasTid);
  EXPECT_EQ(e->tid, 0);
  EXPECT_EQ(e->keyIdx, 31);
  EXPECT_FALSE(parseVp8Descriptor(Bytes()));
}

TEST(Vp8Descriptor, DetectsKeyframes) {
  // S=1 PID=0 | payload header Size0=2 H=1 VER=0 P=0, then the start code 9d 01 2a.
  const std::vector<uint8_t> key = {0x10, 0x50, 0x2a, 0x00, 0x9d, 0x01, 0x2a};
  EXPECT_TRUE(isVp8Keyframe(key));
  // The same behind an extended descriptor (I=1, M=1).
  const std::vector<uint8_t> keyExt = {0x90, 0x80, 0x81, 0x00, 0x50, 0x2a, 0x00};
  EXPECT_TRUE(isVp8Keyframe(keyExt));
  // P=1: an interframe.
  const std::vector<uint8_t> inter = {0x10, 0x51, 0x2a, 0x00};
  EXPECT_FALSE(isVp8Keyframe(inter));
  // S=0: not the start of a partition.
  const std::vector<uint8_t> middle = {0x00, 0x50, 0x2a, 0x00};
  EXPECT_FALSE(isVp8Keyframe(middle));
  // PID=1: not partition 0.
  const std::vector<uint8_t> second = {0x11, 0x50, 0x2a, 0x00};
  EXPECT_FALSE(isVp8Keyframe(second));
  // Payload header truncated.
  const std::vector<uint8_t> cut = {0x10, 0x50, 0x2a};
  EXPECT_FALSE(isVp8Keyframe(cut));
  // Descriptor truncated.
  const std::vector<uint8_t> cutDesc = {0x90, 0x80};
  EXPECT_FALSE(isVp8Keyframe(cutDesc));
  EXPECT_FALSE(isVp8Keyframe(Bytes()));
}

// Byte rows of docs/design/media-model.md S13.
TEST(Vp8Descriptor, RewritesFifteenBitPictureIdAndTl0PicIdx) {
  // X S PID0 | I L T | M=1 PictureID 0x1234 | TL0PICIDX 5 | TID 2 Y=1 | VP8 payload
  std::vector<uint8_t> p = {0x90, 0xe0, 0x92, 0x34, 0x05, 0xa0, 0x51};
  ASSERT_TRUE(rewriteVp8Ids(p, 0x1234 - 0x1233, 5 - 5));
  EXPECT_EQ(p, (std::vector<uint8_t>{0x90, 0xe0, 0x80, 0x01, 0x00, 0xa0, 0x51}));
  const auto d = parseVp8Descriptor(p);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->pictureId, 1);
  EXPECT_EQ(d->tl0PicIdx, 0);
  EXPECT_EQ(d->tid, 2);
  EXPECT_TRUE(d->layerSync);
}

TEST(Vp8Descriptor, PictureIdWrapsAtItsFieldWidth) {
  // 15 bits: 0x0000 - 1 is 0x7fff, written as ff ff (M stays 1).
  std::vector<uint8_t> wide = {0x90, 0x80, 0x80, 0x00, 0x51};
  ASSERT_TRUE(rewriteVp8Ids(wide, static_cast<uint16_t>(0 - 1), 0));
  EXPECT_EQ(wide, (std::vector<uint8_t>{0x90, 0x80, 0xff, 0xff, 0x51}));
  // 7 bits: 0x7f + 1 is 0x00 (M stays 0).
  std::vector<uint8_t> narrow = {0x90, 0x80, 0x7f, 0x51};
  ASSERT_TRUE(rewriteVp8Ids(narrow, 0x7f + 1, 0));
  EXPECT_EQ(narrow, (std::vector<uint8_t>{0x90, 0x80, 0x00, 0x51}));
}

TEST(Vp8Descriptor, RewritesOnlyTheFieldsPresent) {
  // L without I: TL0PICIDX right after the X byte.
  std::vector<uint8_t> tl0Only = {0x90, 0x60, 0x07, 0x40, 0x51};
  ASSERT_TRUE(rewriteVp8Ids(tl0Only, 0x1234, 9));
  EXPECT_EQ(tl0Only, (std::vector<uint8_t>{0x90, 0x60, 0x09, 0x40, 0x51}));
  // 7-bit PictureID, then TL0PICIDX and the T/K byte.
  std::vector<uint8_t> both = {0x90, 0xf0, 0x05, 0x07, 0x20, 0x51};
  ASSERT_TRUE(rewriteVp8Ids(both, 0x0106, 0xff));
  EXPECT_EQ(both, (std::vector<uint8_t>{0x90, 0xf0, 0x06, 0xff, 0x20, 0x51}));
}

TEST(Vp8Descriptor, RewriteRefusesAbsentOrTruncatedFields) {
  const std::vector<uint8_t> rows[] = {
      {0x10, 0x50, 0x2a},        // no X byte: neither field
      {0x90, 0x20, 0x40, 0x51},  // X with T only
      {0x90, 0x80, 0x92},        // 15-bit PictureID cut after its first byte
      {0x90, 0xc0, 0x12},        // TL0PICIDX missing
      {},
  };
  for (const auto& row : rows) {
    auto copy = row;
    EXPECT_FALSE(rewriteVp8Ids(copy, 1, 1));
    EXPECT_EQ(copy, row);
  }
}

TEST(Vp8Descriptor, ReadsTheKeyframeSize) {
  // 1280x720 with horizontal scale hint 1 (bits 14-15, ignored): 0x0500 | 0x4000, 0x02d0.
  const std::vector<uint8_t> key = {0x90, 0x80, 0x81, 0x00, 0x50, 0x2a, 0x00,
                                    0x9d, 0x01, 0x2a, 0x00, 0x45, 0xd0, 0x02};
  const auto size = vp8KeyframeSize(key);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 1280);
  EXPECT_EQ(size->height, 720);
  // An interframe says nothing; neither do a wrong start code, a cut header or a zero width.
  std::vector<uint8_t> inter = key;
  inter[4] |= 0x01;
  EXPECT_FALSE(vp8KeyframeSize(inter));
  std::vector<uint8_t> badStart = key;
  badStart[7] = 0x9e;
  EXPECT_FALSE(vp8KeyframeSize(badStart));
  EXPECT_FALSE(vp8KeyframeSize(Bytes(key.data(), key.size() - 1)));
  std::vector<uint8_t> zero = key;
  zero[10] = 0x00;
  zero[11] = 0x40;
  EXPECT_FALSE(vp8KeyframeSize(zero));
}

}  // namespace
}  // namespace vicos::rtp
