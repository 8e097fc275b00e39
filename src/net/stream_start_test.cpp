// Tests of the HTTPS port's first-bytes demultiplexer with the start of a real TLS ClientHello
// and a real STUN binding request (RFC 5769 2.1) in an RFC 4571 frame.
#include "net/stream_start.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "stun/stun_test_vectors.hpp"

namespace vicos::net {
namespace {

using stun::test::hex;

// The first 48 of 517 bytes an OpenSSL 3 client sent (TLS 1.3 ClientHello, SNI meet.example).
const std::vector<uint8_t> kClientHello =
    hex("16 03 01 02 00"     // handshake record, legacy version TLS 1.0, 512 bytes
        "01 00 01 fc 03 03"  // ClientHello, 508 bytes, legacy version TLS 1.2
        "d4 76 23 a8 14 f8 3d df 8b cb 8e 39 95 fd 8b 2f 04 69 15 3e b1 f9 9f 9f a4 9c 44 d2 5b 2a 89 fd"
        "20 9c 1d da 8d");  // session id length, start of the id

std::vector<uint8_t> stunFrame() {
  std::vector<uint8_t> request = hex(stun::test::kSampleRequest);
  std::vector<uint8_t> out{static_cast<uint8_t>(request.size() >> 8), static_cast<uint8_t>(request.size())};
  out.insert(out.end(), request.begin(), request.end());
  return out;
}

Bytes prefix(const std::vector<uint8_t>& bytes, size_t n) { return Bytes(bytes.data(), n); }

TEST(StreamStart, TlsFromTwoBytes) {
  EXPECT_EQ(classifyStreamStart(prefix(kClientHello, 1)).kind, StreamStart::NeedMore);
  for (size_t n = 2; n <= kClientHello.size(); ++n)
    EXPECT_EQ(classifyStreamStart(prefix(kClientHello, n)).kind, StreamStart::Tls) << n;
}

// Every shorter prefix of the frame still could be one; the whole frame is recognised.
TEST(StreamStart, StunFrameOnceWhole) {
  const auto frame = stunFrame();
  ASSERT_EQ(frame.size(), 2u + 108u);
  for (size_t n = 0; n < frame.size(); ++n)
    EXPECT_EQ(classifyStreamStart(prefix(frame, n)).kind, StreamStart::NeedMore) << n;
  const StreamVerdict verdict = classifyStreamStart(frame);
  EXPECT_EQ(verdict.kind, StreamStart::IceTcp);
  EXPECT_EQ(verdict.frameSize, frame.size());
  auto more = frame;
  more.push_back(0x00);  // the next frame's start does not matter
  EXPECT_EQ(classifyStreamStart(more).frameSize, frame.size());
}

TEST(StreamStart, RefusesLookalikes) {
  auto frame = stunFrame();
  const auto verdictWith = [&](size_t at, uint8_t value) {
    auto copy = frame;
    copy[at] = value;
    return classifyStreamStart(copy).kind;
  };
  EXPECT_EQ(verdictWith(3, 0x11), StreamStart::Unknown);  // a binding indication, not a request
  EXPECT_EQ(verdictWith(1, 0x70), StreamStart::Unknown);  // frame length disagrees with STUN's
  EXPECT_EQ(verdictWith(9, 0x43), StreamStart::Unknown);  // no magic cookie (RFC 8489 5)
  EXPECT_EQ(verdictWith(0, 0x05), StreamStart::Unknown);  // longer than a first check may be
  const std::vector<uint8_t> http{'G', 'E', 'T', ' ', '/'};
  EXPECT_EQ(classifyStreamStart(http).kind, StreamStart::Unknown);
  const std::vector<uint8_t> sslv2{0x16, 0x02};
  EXPECT_EQ(classifyStreamStart(sslv2).kind, StreamStart::Unknown);
}

// A TURN client over plain TCP opens with an unframed Allocate (RFC 8656 3.1).
TEST(StreamStart, UnframedTurnAllocateOnceTheCookieIsIn) {
  const auto allocate =
      hex("00 03 00 08  21 12 a4 42  01 02 03 04  05 06 07 08  09 0a 0b 0c"
          "00 19 00 04  11 00 00 00");
  for (size_t n = 1; n < 8; ++n)
    EXPECT_EQ(classifyStreamStart(prefix(allocate, n)).kind, StreamStart::NeedMore) << n;
  for (size_t n = 8; n <= allocate.size(); ++n)
    EXPECT_EQ(classifyStreamStart(prefix(allocate, n)).kind, StreamStart::Turn) << n;
  auto binding = allocate;
  binding[1] = 0x01;  // an unframed Binding request is neither ICE-TCP nor TURN
  EXPECT_EQ(classifyStreamStart(binding).kind, StreamStart::Unknown);
  auto noCookie = allocate;
  noCookie[5] = 0x13;
  EXPECT_EQ(classifyStreamStart(noCookie).kind, StreamStart::Unknown);
  auto oddLength = allocate;
  oddLength[3] = 0x07;
  EXPECT_EQ(classifyStreamStart(oddLength).kind, StreamStart::Unknown);
}

}  // namespace
}  // namespace vicos::net
