// Tests of RFC 8285 header extension iteration, the extension readers and the header writer.
#include "rtp/rtp_extensions.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace vicos::rtp {
namespace {

// Fixed header with X=1, PT 96, seq 1, ts 2, SSRC 3, then the given extension block.
std::vector<uint8_t> withExtension(std::vector<uint8_t> block) {
  std::vector<uint8_t> p = {0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
  p.insert(p.end(), block.begin(), block.end());
  return p;
}

std::vector<ExtensionElement> all(const RtpView& v, bool* malformed = nullptr) {
  std::vector<ExtensionElement> out;
  ExtensionIterator it(v);
  ExtensionElement e;
  while (it.next(e)) out.push_back(e);
  EXPECT_FALSE(it.next(e));  // stays finished
  if (malformed != nullptr) *malformed = it.malformed();
  return out;
}

TEST(RtpExtensions, OneByteFormWithPadding) {
  const auto p = withExtension({
      0xbe, 0xde, 0x00, 0x03,  // one-byte form, 3 words
      0x10, 0x31,              // ID 1 len 1: mid "1"
      0x00, 0x00,              // padding between elements
      0x32, 0x12, 0x34, 0x56,  // ID 3 len 3: abs-send-time 0x123456
      0x20, 0x7f,              // ID 2 len 1: V=0 level 127
      0x00, 0x00,              // padding
  });
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(extensionForm(*v), ExtensionForm::OneByte);
  bool malformed = true;
  const auto elements = all(*v, &malformed);
  EXPECT_FALSE(malformed);
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(elements[0].id, 1);
  EXPECT_EQ(elements[1].id, 3);
  EXPECT_EQ(elements[2].id, 2);

  EXPECT_EQ(readMid(*findExtension(*v, 1)), "1");
  EXPECT_EQ(readAbsSendTime(*findExtension(*v, 3)), 0x123456u);
  const auto level = readAudioLevel(*findExtension(*v, 2));
  ASSERT_TRUE(level);
  EXPECT_FALSE(level->voice);
  EXPECT_EQ(level->level, 127);
  EXPECT_FALSE(findExtension(*v, 4));
  EXPECT_FALSE(findExtension(*v, 0));  // 0 is padding, never an element
}

TEST(RtpExtensions, OneByteId15StopsParsing) {
  const auto p = withExtension({
      0xbe, 0xde, 0x00, 0x02,  // one-byte form, 2 words
      0x10, 0x30,              // ID 1 len 1
      0xf3,                    // ID 15: stop here (its length is ignored)
      0x20, 0x01,              // ID 2 len 1: must not be seen
      0x00, 0x00, 0x00,        // padding
  });
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  bool malformed = true;
  const auto elements = all(*v, &malformed);
  EXPECT_FALSE(malformed);
  ASSERT_EQ(elements.size(), 1u);
  EXPECT_EQ(elements[0].id, 1);
  EXPECT_FALSE(findExtension(*v, 2));
}

TEST(RtpExtensions, OneByteElementOverrunIsMalformed) {
  const auto p = withExtension({
      0xbe, 0xde, 0x00, 0x01,  // one-byte form, 1 word
      0x10, 0x30,              // ID 1 len 1
      0x23, 0x00,              // ID 2 len 4, but only 1 byte left
  });
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  bool malformed = false;
  const auto elements = all(*v, &malformed);
  EXPECT_TRUE(malformed);
  EXPECT_EQ(elements.size(), 1u);
  EXPECT_TRUE(findExtension(*v, 1));
  EXPECT_FALSE(findExtension(*v, 2));
}

TEST(RtpExtensions, TwoByteForm) {
  const auto p = withExtension({
      0x10, 0x05, 0x00, 0x03,  // two-byte form (appbits 5), 3 words
      0x01, 0x02, 0x61, 0x62,  // ID 1 len 2: mid "ab"
      0x00,                    // padding
      0x10, 0x00,              // ID 16 len 0 (allowed in this form)
      0xff, 0x01, 0x09,        // ID 255 len 1
      0x00, 0x00,              // padding
  });
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(extensionForm(*v), ExtensionForm::TwoByte);
  bool malformed = true;
  const auto elements = all(*v, &malformed);
  EXPECT_FALSE(malformed);
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(readMid(*findExtension(*v, 1)), "ab");
  EXPECT_TRUE(findExtension(*v, 16)->empty());
  EXPECT_EQ((*findExtension(*v, 255))[0], 0x09);
}

TEST(RtpExtensions, TwoByteTruncatedLengthIsMalformed) {
  const auto p = withExtension({0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07});
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  bool malformed = false;
  EXPECT_TRUE(all(*v, &malformed).empty());
  EXPECT_TRUE(malformed);
}

TEST(RtpExtensions, UnknownProfileAndNoExtensionYieldNothing) {
  const auto p = withExtension({0xab, 0xcd, 0x00, 0x01, 0x10, 0x30, 0x00, 0x00});
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(extensionForm(*v), ExtensionForm::Other);
  EXPECT_TRUE(all(*v).empty());
  const std::vector<uint8_t> plain = {0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
  const auto w = parseRtp(plain);
  ASSERT_TRUE(w);
  EXPECT_EQ(extensionForm(*w), ExtensionForm::None);
  EXPECT_FALSE(findExtension(*w, 1));
}

TEST(RtpExtensions, ReadersRejectWrongSizes) {
  const std::array<uint8_t, 2> two{0x01, 0x02};
  const std::array<uint8_t, 4> four{0x01, 0x02, 0x03, 0x04};
  const std::array<uint8_t, 1> loud{0x80};
  EXPECT_FALSE(readAudioLevel(Bytes()));
  EXPECT_FALSE(readMid(Bytes()));
  EXPECT_FALSE(readAbsSendTime(two));
  EXPECT_FALSE(readAbsSendTime(four));
  const auto level = readAudioLevel(loud);
  ASSERT_TRUE(level);
  EXPECT_TRUE(level->voice);
  EXPECT_EQ(level->level, 0);
}

TEST(RtpExtensions, AbsSendTimeIsSixPointEighteenSeconds) {
  EXPECT_EQ(absSendTimeFromMicros(0), 0u);
  EXPECT_EQ(absSendTimeFromMicros(1'000'000), 0x040000u);     // 1 s
  EXPECT_EQ(absSendTimeFromMicros(500'000), 0x020000u);       // 0.5 s
  EXPECT_EQ(absSendTimeFromMicros(63'000'000), 63u << 18);    // 63 s
  EXPECT_EQ(absSendTimeFromMicros(64'000'000), 0u);           // wraps every 64 s
  EXPECT_EQ(absSendTimeFromMicros(65'000'000), 0x040000u);
  EXPECT_EQ(absSendTimeBytes(1'500'000), (std::array<uint8_t, 3>{0x06, 0x00, 0x00}));
}

TEST(RtpExtensions, WritesHeaderWithOneByteBlock) {
  const std::array<uint8_t, 1> mid{'7'};
  const std::array<uint8_t, 1> level{0x9e};
  const auto sendTime = absSendTimeBytes(1'000'000);
  const std::array<ExtensionElement, 3> ext{{{1, mid}, {2, level}, {3, sendTime}}};
  std::array<uint8_t, 64> buf{};
  const size_t n = writeRtpHeader(buf, {true, 111, 0xabcd, 0x01020304, 0x05060708}, ext);
  const std::vector<uint8_t> expected = {
      0x90, 0xef, 0xab, 0xcd,  // V=2 X=1 | M=1 PT=111 | seq
      0x01, 0x02, 0x03, 0x04,  // timestamp
      0x05, 0x06, 0x07, 0x08,  // SSRC
      0xbe, 0xde, 0x00, 0x02,  // one-byte form, 2 words
      0x10, '7',               // ID 1 len 1
      0x20, 0x9e,              // ID 2 len 1
      0x32, 0x04, 0x00, 0x00,  // ID 3 len 3
  };
  ASSERT_EQ(n, expected.size());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), buf.begin()));

  const auto v = parseRtp(Bytes(buf.data(), n));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->headerSize, n);
  EXPECT_EQ(readMid(*findExtension(*v, 1)), "7");
  EXPECT_EQ(readAbsSendTime(*findExtension(*v, 3)), 0x040000u);
}

TEST(RtpExtensions, TransportSequenceNumberIsTwoBytes) {
  const auto p = withExtension({
      0xbe, 0xde, 0x00, 0x01,  // one-byte form, 1 word
      0x61, 0xff, 0xfe,        // ID 6 len 2: transport-wide seq 65534
      0x00,                    // padding
  });
  const auto v = parseRtp(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(readTransportSeq(*findExtension(*v, 6)), 65534);
  const std::array<uint8_t, 1> one{1};
  const std::array<uint8_t, 3> three{1, 2, 3};
  EXPECT_FALSE(readTransportSeq(one));
  EXPECT_FALSE(readTransportSeq(three));
  EXPECT_FALSE(readTransportSeq(Bytes()));

  const auto seq = transportSeqBytes(0x1234);
  EXPECT_EQ(seq, (std::array<uint8_t, 2>{0x12, 0x34}));
  const std::array<ExtensionElement, 1> ext{{{6, seq}}};
  std::array<uint8_t, 32> buf{};
  ASSERT_EQ(writeRtpHeader(buf, {false, 96, 1, 2, 3}, ext), 20u);
  EXPECT_EQ(std::vector<uint8_t>(buf.begin() + 12, buf.begin() + 20),
            (std::vector<uint8_t>{0xbe, 0xde, 0x00, 0x01, 0x61, 0x12, 0x34, 0x00}));
}

TEST(RtpExtensions, StampsTheTransportSequenceNumberInPlace) {
  auto p = withExtension({
      0xbe, 0xde, 0x00, 0x02,  // one-byte form, 2 words
      0x10, 0x31,              // ID 1 len 1: mid "1"
      0x61, 0x00, 0x00,        // ID 6 len 2: placeholder
      0x00, 0x00, 0x00,        // padding
  });
  p.push_back(0xaa);  // payload
  ASSERT_TRUE(stampTransportSeq(p, 6, 0xbeef));
  EXPECT_EQ(std::vector<uint8_t>(p.begin() + 18, p.begin() + 21), (std::vector<uint8_t>{0x61, 0xbe, 0xef}));
  EXPECT_EQ(p.back(), 0xaa);
  EXPECT_EQ(readTransportSeq(*findExtension(*parseRtp(p), 6)), 0xbeef);
  EXPECT_FALSE(stampTransportSeq(p, 1, 7));  // a 1-byte element
  EXPECT_FALSE(stampTransportSeq(p, 3, 7));  // absent
  std::vector<uint8_t> cut(p.begin(), p.begin() + 8);
  EXPECT_FALSE(stampTransportSeq(cut, 6, 7));  // not an RTP packet
}

TEST(RtpExtensions, WriterPadsToWordsAndWritesPlainHeaders) {
  const std::array<uint8_t, 2> mid{'1', '0'};
  const std::array<ExtensionElement, 1> ext{{{1, mid}}};
  std::array<uint8_t, 32> buf;
  buf.fill(0xee);
  ASSERT_EQ(writeRtpHeader(buf, {false, 96, 1, 2, 3}, ext), 20u);
  EXPECT_EQ(buf[15], 0x01);  // 1 word
  EXPECT_EQ(buf[16], 0x11);  // ID 1 len 2
  EXPECT_EQ(buf[19], 0x00);  // zero padding, not left-over bytes
  EXPECT_EQ(buf[20], 0xee);  // nothing written past the header

  ASSERT_EQ(writeRtpHeader(buf, {false, 96, 1, 2, 3}, {}), 12u);
  EXPECT_EQ(buf[0], 0x80);
}

TEST(RtpExtensions, WriterRejectsWhatTheOneByteFormCannotCarry) {
  std::array<uint8_t, 64> buf{};
  const std::array<uint8_t, 17> big{};
  const std::array<uint8_t, 1> one{0x01};
  const std::array<ExtensionElement, 1> id15{{{15, one}}};
  const std::array<ExtensionElement, 1> id0{{{0, one}}};
  const std::array<ExtensionElement, 1> tooBig{{{1, big}}};
  const std::array<ExtensionElement, 1> empty{{{1, Bytes()}}};
  EXPECT_EQ(writeRtpHeader(buf, {}, id15), 0u);
  EXPECT_EQ(writeRtpHeader(buf, {}, id0), 0u);
  EXPECT_EQ(writeRtpHeader(buf, {}, tooBig), 0u);
  EXPECT_EQ(writeRtpHeader(buf, {}, empty), 0u);
  const std::array<ExtensionElement, 1> ok{{{1, one}}};
  std::array<uint8_t, 19> small{};
  EXPECT_EQ(writeRtpHeader(small, {}, ok), 0u);  // needs 20
  std::array<uint8_t, 11> tiny{};
  EXPECT_EQ(writeRtpHeader(tiny, {}, {}), 0u);
}

// RFC 8851 10: rid-id = 1*(alpha-numeric / "-" / "_"); at most what the one-byte form carries.
TEST(RtpExtensions, RidIsOneToSixteenRidCharacters) {
  auto rid = [](std::string_view text) {
    return readRid(Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  };
  EXPECT_EQ(rid("f"), "f");
  EXPECT_EQ(rid("layer_2-Hi"), "layer_2-Hi");
  EXPECT_EQ(rid("0123456789abcdef"), "0123456789abcdef");
  EXPECT_FALSE(rid(""));
  EXPECT_FALSE(rid("0123456789abcdefg"));  // 17
  EXPECT_FALSE(rid("a b"));
  EXPECT_FALSE(rid("q;h"));
  EXPECT_FALSE(rid(std::string_view("f\0", 2)));
  // In a packet as Chromium sends the first one of encoding "f": mid 1 and rid f, one word.
  const std::vector<uint8_t> packet{0x90, 0x60, 0x1a, 0x2b, 0x00, 0x00, 0x10, 0x00, 0x11, 0x22, 0x33, 0x44,
                                    0xbe, 0xde, 0x00, 0x01, 0x10, 0x31, 0x40, 0x66};
  const auto v = parseRtp(packet);
  ASSERT_TRUE(v);
  EXPECT_EQ(readMid(*findExtension(*v, 1)), "1");
  EXPECT_EQ(readRid(*findExtension(*v, 4)), "f");
}

}  // namespace
}  // namespace vicos::rtp
