// Interoperability with Debian's libsrtp2 (linked only into this test): packets protected
// by one implementation must unprotect with the other, for both profiles, RTP and RTCP.
#include <gtest/gtest.h>
#include <srtp2/srtp.h>

#include <cstring>
#include <vector>

#include "srtp/srtp_session.hpp"
#include "srtp/test_util.hpp"

namespace vicos::srtp {
namespace {

using test::hex;

const auto kMasterKey = hex("000102030405060708090a0b0c0d0e0f");
const auto kMasterSalt = hex("a0a1a2a3a4a5a6a7a8a9aaabacad");

class LibSrtp {
 public:
  LibSrtp(SrtpProfile profile, bool outbound) {
    static const bool initialised = srtp_init() == srtp_err_status_ok;
    EXPECT_TRUE(initialised);
    std::vector<uint8_t> keyAndSalt(kMasterKey);
    keyAndSalt.insert(keyAndSalt.end(), kMasterSalt.begin(),
                      kMasterSalt.begin() + saltLength(profile));
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof(policy));
    if (profile == SrtpProfile::AeadAes128Gcm) {
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
    }
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = keyAndSalt.data();
    policy.window_size = 128;
    policy.allow_repeat_tx = 1;
    EXPECT_EQ(srtp_create(&mSession, &policy), srtp_err_status_ok);
  }
  ~LibSrtp() { srtp_dealloc(mSession); }
  LibSrtp(const LibSrtp&) = delete;
  LibSrtp& operator=(const LibSrtp&) = delete;

  bool protect(std::vector<uint8_t>& buf, size_t& len, bool rtcp) {
    int n = static_cast<int>(len);
    const auto status = rtcp ? srtp_protect_rtcp(mSession, buf.data(), &n)
                             : srtp_protect(mSession, buf.data(), &n);
    len = static_cast<size_t>(n);
    return status == srtp_err_status_ok;
  }
  bool unprotect(std::vector<uint8_t>& buf, size_t& len, bool rtcp) {
    int n = static_cast<int>(len);
    const auto status = rtcp ? srtp_unprotect_rtcp(mSession, buf.data(), &n)
                             : srtp_unprotect(mSession, buf.data(), &n);
    len = static_cast<size_t>(n);
    return status == srtp_err_status_ok;
  }

 private:
  srtp_t mSession = nullptr;
};

std::vector<uint8_t> rtpPacket(uint16_t seq, uint32_t ssrc, size_t payload) {
  // CC = 1 and a one-byte-header extension, as browsers send.
  std::vector<uint8_t> p = hex("91 6f 0000 00abcdef 00000000 44444444 bede 0001 10990000");
  storeBe16(p.data() + 2, seq);
  storeBe32(p.data() + 8, ssrc);
  for (size_t i = 0; i < payload; ++i) p.push_back(static_cast<uint8_t>(i ^ seq));
  return p;
}

std::vector<uint8_t> rtcpPacket(uint32_t ssrc, uint8_t fill) {
  std::vector<uint8_t> p = hex("81c8 0006 00000000 01020304 05060708 090a0b0c 0d0e0f10 11121314");
  storeBe32(p.data() + 4, ssrc);
  p[p.size() - 1] = fill;
  return p;
}

class InteropTest : public ::testing::TestWithParam<SrtpProfile> {};

// Sequence numbers crossing 65535 -> 0, so both sides must agree on the ROC as well.
constexpr uint32_t kFirstSeq = 65500;
constexpr uint32_t kPackets = 80;

TEST_P(InteropTest, OursToLibSrtp) {
  auto ours = SrtpSession::create(GetParam(), kMasterKey,
                                  Bytes(kMasterSalt).first(saltLength(GetParam())));
  ASSERT_TRUE(ours);
  LibSrtp theirs(GetParam(), false);
  for (uint32_t n = kFirstSeq; n < kFirstSeq + kPackets; ++n) {
    const bool rtcp = n % 5 == 0;
    const auto plain = rtcp ? rtcpPacket(0x10203040, static_cast<uint8_t>(n))
                            : rtpPacket(static_cast<uint16_t>(n), 0x10203040, 20 + n % 900);
    std::vector<uint8_t> buf(plain);
    buf.resize(plain.size() + 64);
    size_t len = plain.size();
    ASSERT_TRUE(rtcp ? ours->protectRtcp(buf.data(), len, buf.size())
                     : ours->protectRtp(buf.data(), len, buf.size()));
    ASSERT_TRUE(theirs.unprotect(buf, len, rtcp)) << "packet " << n;
    ASSERT_EQ(len, plain.size());
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buf.begin())) << n;
  }
}

TEST_P(InteropTest, LibSrtpToOurs) {
  auto ours = SrtpSession::create(GetParam(), kMasterKey,
                                  Bytes(kMasterSalt).first(saltLength(GetParam())));
  ASSERT_TRUE(ours);
  LibSrtp theirs(GetParam(), true);
  for (uint32_t n = kFirstSeq; n < kFirstSeq + kPackets; ++n) {
    const bool rtcp = n % 5 == 0;
    const auto plain = rtcp ? rtcpPacket(0x50607080, static_cast<uint8_t>(n))
                            : rtpPacket(static_cast<uint16_t>(n), 0x50607080, 20 + n % 900);
    std::vector<uint8_t> buf(plain);
    buf.resize(plain.size() + 64);
    size_t len = plain.size();
    ASSERT_TRUE(theirs.protect(buf, len, rtcp));
    const auto prot = std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<long>(len));
    ASSERT_TRUE(rtcp ? ours->unprotectRtcp(buf.data(), len) : ours->unprotectRtp(buf.data(), len))
        << "packet " << n;
    ASSERT_EQ(len, plain.size());
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buf.begin())) << n;
    // libsrtp's packet replayed to us is refused.
    std::vector<uint8_t> again(prot);
    size_t againLen = again.size();
    EXPECT_FALSE(rtcp ? ours->unprotectRtcp(again.data(), againLen)
                      : ours->unprotectRtp(again.data(), againLen));
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, InteropTest,
                         ::testing::Values(SrtpProfile::AeadAes128Gcm,
                                           SrtpProfile::Aes128CmHmacSha1_80),
                         [](const auto& param) {
                           return param.param == SrtpProfile::AeadAes128Gcm ? "Gcm" : "CmSha1";
                         });

}  // namespace
}  // namespace vicos::srtp
