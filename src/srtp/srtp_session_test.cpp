// Tests of SrtpSession: round trips for both profiles, replay, tampering, ROC rollover,
// wrong keys, room and table limits, and that failures change nothing.
#include "srtp/srtp_session.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "srtp/test_util.hpp"

namespace vicos::srtp {
namespace {

using test::hex;
using test::toHex;

const auto kMasterKey = hex("e1f97a0d3e018be0d64fa32c06de4139");
const auto kMasterSalt14 = hex("0ec675ad498afeebb6960b3aabe6");

std::vector<uint8_t> masterSalt(SrtpProfile p) {
  return std::vector<uint8_t>(kMasterSalt14.begin(), kMasterSalt14.begin() + saltLength(p));
}

std::unique_ptr<SrtpSession> makeSession(SrtpProfile p, size_t maxStreams = 64) {
  return SrtpSession::create(p, kMasterKey, masterSalt(p), maxStreams);
}

// RTP packet with 2 CSRCs and a one-byte header extension, payload of `payload` bytes.
std::vector<uint8_t> rtpPacket(uint16_t seq, uint32_t ssrc, size_t payload = 40) {
  std::vector<uint8_t> p = hex("b2 60 0000 00001000 00000000 11111111 22222222 bede 0001 10ff0000");
  storeBe16(p.data() + 2, seq);
  storeBe32(p.data() + 8, ssrc);
  for (size_t i = 0; i < payload; ++i) p.push_back(static_cast<uint8_t>(i * 7 + seq));
  return p;
}

// Compound RTCP: a receiver report followed by a PLI.
std::vector<uint8_t> rtcpPacket(uint32_t ssrc) {
  std::vector<uint8_t> p = hex("80c9 0001 00000000 81ce 0002 00000000 33333333");
  storeBe32(p.data() + 4, ssrc);
  storeBe32(p.data() + 12, ssrc);
  return p;
}

class SrtpSessionTest : public ::testing::TestWithParam<SrtpProfile> {
 protected:
  SrtpProfile profile() const { return GetParam(); }

  // Protects `plain` with `tx` into a buffer with room, returns the protected bytes.
  static std::vector<uint8_t> protect(SrtpSession& tx, const std::vector<uint8_t>& plain,
                                      bool rtcp = false) {
    std::vector<uint8_t> buf(plain);
    buf.resize(plain.size() + 64);
    size_t len = plain.size();
    const bool ok = rtcp ? tx.protectRtcp(buf.data(), len, buf.size())
                         : tx.protectRtp(buf.data(), len, buf.size());
    EXPECT_TRUE(ok);
    buf.resize(ok ? len : 0);
    return buf;
  }

  // Unprotects in place; returns the plain bytes or nothing (and checks a failure is silent).
  static std::optional<std::vector<uint8_t>> unprotect(SrtpSession& rx,
                                                       std::vector<uint8_t> buf,
                                                       bool rtcp = false) {
    const auto before = buf;
    size_t len = buf.size();
    const bool ok = rtcp ? rx.unprotectRtcp(buf.data(), len) : rx.unprotectRtp(buf.data(), len);
    if (!ok) {
      EXPECT_EQ(len, before.size());
      EXPECT_EQ(buf, before);
      return std::nullopt;
    }
    buf.resize(len);
    return buf;
  }
};

TEST_P(SrtpSessionTest, RtpRoundTripWithCsrcAndExtension) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  ASSERT_TRUE(tx && rx);
  for (uint16_t seq = 100; seq < 110; ++seq) {
    const auto plain = rtpPacket(seq, 0xabcdef01);
    const auto prot = protect(*tx, plain);
    ASSERT_EQ(prot.size(), plain.size() + tx->rtpOverhead());
    // The header (with CSRCs and extension) stays clear; the payload does not.
    EXPECT_TRUE(std::equal(plain.begin(), plain.begin() + 28, prot.begin()));
    EXPECT_FALSE(std::equal(plain.begin() + 28, plain.end(), prot.begin() + 28));
    EXPECT_EQ(unprotect(*rx, prot), plain);
  }
}

TEST_P(SrtpSessionTest, RtcpRoundTrip) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  for (int i = 0; i < 5; ++i) {
    const auto plain = rtcpPacket(0x1234);
    const auto prot = protect(*tx, plain, true);
    ASSERT_EQ(prot.size(), plain.size() + tx->rtcpOverhead());
    EXPECT_EQ(loadBe32(prot.data() + 4), 0x1234u);  // header stays clear
    // E flag set and the index counts up from 0.
    const size_t at = profile() == SrtpProfile::AeadAes128Gcm ? prot.size() - 4
                                                              : prot.size() - 14;
    EXPECT_EQ(loadBe32(prot.data() + at), 0x80000000u | static_cast<uint32_t>(i));
    EXPECT_EQ(unprotect(*rx, prot, true), plain);
  }
}

TEST_P(SrtpSessionTest, ReplayIsRejected) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  const auto rtp = protect(*tx, rtpPacket(7, 1));
  ASSERT_TRUE(unprotect(*rx, rtp));
  EXPECT_FALSE(unprotect(*rx, rtp));
  const auto rtcp = protect(*tx, rtcpPacket(1), true);
  ASSERT_TRUE(unprotect(*rx, rtcp, true));
  EXPECT_FALSE(unprotect(*rx, rtcp, true));
}

TEST_P(SrtpSessionTest, ReorderedWithinWindowAcceptedOldRejected) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  std::vector<std::vector<uint8_t>> packets;
  for (uint16_t seq = 0; seq < 300; ++seq) packets.push_back(protect(*tx, rtpPacket(seq, 9)));
  ASSERT_TRUE(unprotect(*rx, packets[0]));
  ASSERT_TRUE(unprotect(*rx, packets[200]));
  EXPECT_TRUE(unprotect(*rx, packets[150]));   // 50 behind: inside the window
  EXPECT_FALSE(unprotect(*rx, packets[150]));  // and only once
  EXPECT_FALSE(unprotect(*rx, packets[50]));   // 150 behind: too old
  EXPECT_TRUE(unprotect(*rx, packets[299]));
}

TEST_P(SrtpSessionTest, TamperedByteRejectedAnywhere) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  const auto prot = protect(*tx, rtpPacket(1000, 5));
  for (size_t at : {size_t{1}, size_t{8}, size_t{20}, size_t{30}, prot.size() - 1}) {
    auto bad = prot;
    bad[at] ^= 0x40;
    EXPECT_FALSE(unprotect(*rx, bad)) << at;
  }
  EXPECT_TRUE(unprotect(*rx, prot));  // failures did not poison the replay window
  const auto rtcp = protect(*tx, rtcpPacket(5), true);
  for (size_t at = 0; at < rtcp.size(); ++at) {
    auto bad = rtcp;
    bad[at] ^= 0x01;
    EXPECT_FALSE(unprotect(*rx, bad, true)) << at;
  }
  EXPECT_TRUE(unprotect(*rx, rtcp, true));
}

TEST_P(SrtpSessionTest, RocRollsOverAt65535) {
  auto tx = makeSession(profile());
  auto rx = makeSession(profile());
  std::vector<uint8_t> afterWrap;
  for (uint32_t n = 65530; n < 65536 + 6; ++n) {
    const auto seq = static_cast<uint16_t>(n);
    const auto plain = rtpPacket(seq, 0x77);
    const auto prot = protect(*tx, plain);
    ASSERT_EQ(unprotect(*rx, prot), plain) << n;
    if (seq == 0) afterWrap = prot;
  }
  // SEQ 0 after the wrap was protected with ROC 1, i.e. index 0x10000.
  auto keys = deriveSessionKeys(profile(), kMasterKey, masterSalt(profile()));
  auto cipher = SrtpCipher::create(profile(), keys->rtp);
  auto expected = rtpPacket(0, 0x77);
  expected.resize(expected.size() + cipher->tagLength());
  ASSERT_TRUE(cipher->protectRtp(expected.data(), 28, expected.size() - cipher->tagLength(),
                                 0x77, 0x10000));
  EXPECT_EQ(toHex(afterWrap), toHex(expected));
  // A late packet from before the wrap still decrypts under ROC 0.
  auto tx2 = makeSession(profile());
  auto rx2 = makeSession(profile());
  const auto late = protect(*tx2, rtpPacket(65535, 0x78));
  const auto early = protect(*tx2, rtpPacket(1, 0x78));
  ASSERT_TRUE(unprotect(*rx2, late));
  ASSERT_TRUE(unprotect(*rx2, early));
  auto tx3 = makeSession(profile());
  auto rx3 = makeSession(profile());
  const auto a = protect(*tx3, rtpPacket(65534, 0x79));
  const auto b = protect(*tx3, rtpPacket(2, 0x79));
  const auto c = protect(*tx3, rtpPacket(65535, 0x79));  // retransmission of an older one
  ASSERT_TRUE(unprotect(*rx3, a));
  ASSERT_TRUE(unprotect(*rx3, b));
  EXPECT_TRUE(unprotect(*rx3, c));
}

TEST_P(SrtpSessionTest, WrongKeyRejected) {
  auto tx = makeSession(profile());
  auto otherKey = kMasterKey;
  otherKey[0] ^= 1;
  auto rx = SrtpSession::create(profile(), otherKey, masterSalt(profile()));
  ASSERT_TRUE(rx);
  EXPECT_FALSE(unprotect(*rx, protect(*tx, rtpPacket(1, 2))));
  EXPECT_FALSE(unprotect(*rx, protect(*tx, rtcpPacket(2), true), true));
  EXPECT_EQ(rx->streamCount(), 0u);  // nothing was learnt from forged packets
}

TEST_P(SrtpSessionTest, NoRoomChangesNothing) {
  auto tx = makeSession(profile());
  auto plain = rtpPacket(1, 2);
  const size_t plainLen = plain.size();
  std::vector<uint8_t> buf(plain);
  buf.resize(plainLen + tx->rtpOverhead() - 1);
  size_t len = plainLen;
  EXPECT_FALSE(tx->protectRtp(buf.data(), len, buf.size()));
  EXPECT_EQ(len, plainLen);
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buf.begin()));
  auto rtcp = rtcpPacket(2);
  buf = rtcp;
  buf.resize(rtcp.size() + tx->rtcpOverhead() - 1);
  len = rtcp.size();
  EXPECT_FALSE(tx->protectRtcp(buf.data(), len, buf.size()));
  EXPECT_EQ(len, rtcp.size());
  EXPECT_EQ(tx->streamCount(), 0u);
}

TEST_P(SrtpSessionTest, MalformedPacketsRejected) {
  auto s = makeSession(profile());
  uint8_t buf[128] = {};
  size_t len = 0;
  EXPECT_FALSE(s->unprotectRtp(buf, len));
  len = 11 + s->rtpOverhead();  // header cut short
  buf[0] = 0x80;
  EXPECT_FALSE(s->unprotectRtp(buf, len));
  buf[0] = 0x40;  // version 1
  len = 40;
  EXPECT_FALSE(s->unprotectRtp(buf, len));
  EXPECT_FALSE(s->protectRtp(buf, len, sizeof(buf)));
  buf[0] = 0x8f;  // 15 CSRCs do not fit before the tag
  EXPECT_FALSE(s->unprotectRtp(buf, len));
  buf[0] = 0x80;
  len = 8 + s->rtcpOverhead() - 1;
  EXPECT_FALSE(s->unprotectRtcp(buf, len));
  len = 7;
  EXPECT_FALSE(s->protectRtcp(buf, len, sizeof(buf)));
  EXPECT_EQ(s->streamCount(), 0u);
}

TEST_P(SrtpSessionTest, FullTableRefusesNewSsrcs) {
  auto tx = makeSession(profile(), 2);
  auto rx = makeSession(profile(), 2);
  EXPECT_TRUE(unprotect(*rx, protect(*tx, rtpPacket(1, 10))));
  EXPECT_TRUE(unprotect(*rx, protect(*tx, rtpPacket(1, 11))));
  auto buf = rtpPacket(1, 12);
  buf.resize(buf.size() + 64);
  size_t len = buf.size() - 64;
  EXPECT_FALSE(tx->protectRtp(buf.data(), len, buf.size()));
  // Known SSRCs keep working; a removed one frees its slot.
  EXPECT_TRUE(unprotect(*rx, protect(*tx, rtpPacket(2, 10))));
  EXPECT_TRUE(tx->removeStream(11));
  const auto third = protect(*tx, rtpPacket(1, 12));
  EXPECT_FALSE(unprotect(*rx, third));  // rx still tracks 10 and 11
  EXPECT_TRUE(rx->removeStream(11));
  EXPECT_TRUE(unprotect(*rx, third));
}

TEST_P(SrtpSessionTest, BadMasterLengthsGiveNoSession) {
  EXPECT_FALSE(SrtpSession::create(profile(), Bytes(kMasterKey).first(15), masterSalt(profile())));
  EXPECT_FALSE(SrtpSession::create(profile(), kMasterKey, Bytes(kMasterSalt14).first(13)));
  EXPECT_FALSE(SrtpSession::create(profile(), kMasterKey, masterSalt(profile()), 0));
}

INSTANTIATE_TEST_SUITE_P(Profiles, SrtpSessionTest,
                         ::testing::Values(SrtpProfile::AeadAes128Gcm,
                                           SrtpProfile::Aes128CmHmacSha1_80),
                         [](const auto& param) {
                           return param.param == SrtpProfile::AeadAes128Gcm ? "Gcm" : "CmSha1";
                         });

// The RFC 7714 16 packet through a session: SEQ 0xf17b of a new stream has ROC 0.
TEST(SrtpSessionVectors, Rfc7714Section16ThroughASession) {
  DerivedKeys keys;
  const auto key = hex("000102030405060708090a0b0c0d0e0f");
  const auto salt = hex("517569642070726f2071756f");
  std::copy(key.begin(), key.end(), keys.rtp.key.begin());
  std::copy(salt.begin(), salt.end(), keys.rtp.salt.begin());
  keys.rtcp = keys.rtp;
  auto tx = SrtpSession::createWithSessionKeys(SrtpProfile::AeadAes128Gcm, keys);
  auto rx = SrtpSession::createWithSessionKeys(SrtpProfile::AeadAes128Gcm, keys);
  auto buf = hex(
      "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
      "20646976 69736120 696e2070 61727465 73207472 6573");
  const auto plain = buf;
  size_t len = buf.size();
  buf.resize(len + 16);
  ASSERT_TRUE(tx->protectRtp(buf.data(), len, buf.size()));
  EXPECT_EQ(toHex(buf.data() + len - 16, 16), "899d7f27beb16a9152cf765ee4390cce");
  ASSERT_TRUE(rx->unprotectRtp(buf.data(), len));
  EXPECT_EQ(toHex(buf.data(), len), toHex(plain));
  // SRTCP of RFC 7714 17 (index 0x5d4) through the receiving session.
  auto rtcp = hex(
      "81c8000d 4d617273"
      "63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda"
      "4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");
  len = rtcp.size();
  ASSERT_TRUE(rx->unprotectRtcp(rtcp.data(), len));
  EXPECT_EQ(len, 52u);
  EXPECT_EQ(toHex(rtcp.data() + 44, 8), "deadbeefdeadbeef");
}

}  // namespace
}  // namespace vicos::srtp
