// Checks that protect/unprotect allocate nothing once a session exists: counts C++ and
// OpenSSL heap allocations (its own binary, because
// common/allocation_counter.cpp replaces both allocators for the whole program).
#include <gtest/gtest.h>

#include <vector>

#include "common/allocation_counter.hpp"
#include "srtp/srtp_session.hpp"

namespace vicos::srtp {
namespace {

class SrtpAllocTest : public ::testing::TestWithParam<SrtpProfile> {};

TEST_P(SrtpAllocTest, PacketsDoNotAllocate) {
  const uint8_t key[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
  const uint8_t salt[14] = {1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 121};
  const Bytes saltBytes(salt, saltLength(GetParam()));
  auto tx = SrtpSession::create(GetParam(), Bytes(key, 16), saltBytes);
  auto rx = SrtpSession::create(GetParam(), Bytes(key, 16), saltBytes);
  ASSERT_TRUE(tx && rx);
  std::vector<uint8_t> buf(1500, 0x11);

  const size_t before = heapAllocations();
  EXPECT_GT(before, 0u);  // the hooks do count: setting up the sessions allocated
  bool ok = true;
  for (uint32_t n = 65000; n < 67000; ++n) {
    buf[0] = 0x80;
    buf[1] = 96;
    storeBe16(buf.data() + 2, static_cast<uint16_t>(n));
    storeBe32(buf.data() + 8, 1000 + n % 3);  // three streams
    size_t len = 1200;
    ok = ok && tx->protectRtp(buf.data(), len, buf.size()) && rx->unprotectRtp(buf.data(), len);
    buf[1] = 201;  // receiver report
    len = 100;
    ok = ok && tx->protectRtcp(buf.data(), len, buf.size()) && rx->unprotectRtcp(buf.data(), len);
    buf[50] ^= 1;  // and a forged one, which must fail without allocating either
    len = 1200 + tx->rtpOverhead();
    buf[1] = 96;
    ok = ok && !rx->unprotectRtp(buf.data(), len);
  }
  EXPECT_TRUE(ok);
  EXPECT_EQ(heapAllocations(), before);
}

INSTANTIATE_TEST_SUITE_P(Profiles, SrtpAllocTest,
                         ::testing::Values(SrtpProfile::AeadAes128Gcm,
                                           SrtpProfile::Aes128CmHmacSha1_80));

}  // namespace
}  // namespace vicos::srtp
