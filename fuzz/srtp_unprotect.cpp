// libFuzzer entry point: untrusted bytes into SrtpSession::unprotectRtp/unprotectRtcp of both
// profiles with a fixed key. Must never crash; whatever unprotects must protect back to
// the same bytes (same key, same index), and a failure must leave the input untouched.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "srtp/srtp_session.hpp"

using vicos::srtp::SrtpProfile;
using vicos::srtp::SrtpSession;

namespace {

const uint8_t kKey[16] = {0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0,
                          0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39};
const uint8_t kSalt[14] = {0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe,
                           0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6};

void check(bool condition) {
  if (!condition) std::abort();
}

void fuzzOne(SrtpProfile profile, bool rtcp, const uint8_t* data, size_t size) {
  const size_t saltLen = vicos::srtp::saltLength(profile);
  // Fresh sessions so that replay state from earlier inputs does not mask paths.
  auto rx = SrtpSession::create(profile, vicos::Bytes(kKey, 16), vicos::Bytes(kSalt, saltLen));
  check(rx != nullptr);
  std::vector<uint8_t> buf(data, data + size);
  size_t len = size;
  const bool ok = rtcp ? rx->unprotectRtcp(buf.data(), len) : rx->unprotectRtp(buf.data(), len);
  if (!ok) {
    // std::equal, not memcmp: an empty packet has no buffer, and memcmp's pointers must be valid.
    check(len == size && std::equal(buf.begin(), buf.end(), data));
    return;
  }
  check(len < size);
  if (rtcp) return;  // SRTCP re-protection would need the sender's index; covered by tests.
  // A first RTP packet of a stream has ROC 0, so a fresh sender reproduces the input.
  auto tx = SrtpSession::create(profile, vicos::Bytes(kKey, 16), vicos::Bytes(kSalt, saltLen));
  check(tx->protectRtp(buf.data(), len, buf.size()));
  check(len == size && std::equal(buf.begin(), buf.end(), data));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // First byte picks the profile and RTP/RTCP; the rest is the packet.
  const uint8_t selector = data[0];
  const SrtpProfile profile =
      (selector & 1) ? SrtpProfile::AeadAes128Gcm : SrtpProfile::Aes128CmHmacSha1_80;
  fuzzOne(profile, (selector & 2) != 0, data + 1, size - 1);
  return 0;
}
