// SRTP hot-path benchmark: protect and unprotect of a 1,200-byte RTP packet for both
// profiles, vicos::srtp against libsrtp2, plus the HMAC-SHA1 strategies srtp could use.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <srtp2/srtp.h>

#include <cstring>
#include <memory>
#include <vector>

#include "srtp/hmac_sha1.hpp"
#include "srtp/srtp_session.hpp"

namespace {

using vicos::srtp::SrtpProfile;
using vicos::srtp::SrtpSession;

constexpr size_t kPayload = 1200 - 12;
constexpr size_t kRing = 8192;  // fresh packets per receiver before it must be recreated
const uint8_t kKey[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const uint8_t kSalt[14] = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34};

SrtpProfile profileOf(const benchmark::State& state) {
  return state.range(0) == 0 ? SrtpProfile::AeadAes128Gcm : SrtpProfile::Aes128CmHmacSha1_80;
}

std::vector<uint8_t> plainPacket(uint16_t seq) {
  std::vector<uint8_t> p(12 + kPayload + 64, 0x5a);
  p[0] = 0x80;
  p[1] = 96;
  vicos::storeBe16(p.data() + 2, seq);
  vicos::storeBe32(p.data() + 4, 123456);
  vicos::storeBe32(p.data() + 8, 0x11223344);
  return p;
}

std::unique_ptr<SrtpSession> ours(SrtpProfile profile) {
  return SrtpSession::create(profile, vicos::Bytes(kKey, 16),
                             vicos::Bytes(kSalt, vicos::srtp::saltLength(profile)));
}

struct LibSrtp {
  LibSrtp(SrtpProfile profile, bool outbound) {
    static const bool initialised = srtp_init() == srtp_err_status_ok;
    (void)initialised;
    uint8_t keyAndSalt[30];
    std::memcpy(keyAndSalt, kKey, 16);
    std::memcpy(keyAndSalt + 16, kSalt, 14);
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
    policy.key = keyAndSalt;
    policy.window_size = 128;
    policy.allow_repeat_tx = 1;
    srtp_create(&session, &policy);
  }
  ~LibSrtp() { srtp_dealloc(session); }
  srtp_t session = nullptr;
};

void BM_ProtectOurs(benchmark::State& state) {
  auto tx = ours(profileOf(state));
  const auto plain = plainPacket(0);
  std::vector<uint8_t> buf(plain.size());
  uint16_t seq = 0;
  for (auto _ : state) {
    std::memcpy(buf.data(), plain.data(), 12 + kPayload);
    vicos::storeBe16(buf.data() + 2, seq++);
    size_t len = 12 + kPayload;
    if (!tx->protectRtp(buf.data(), len, buf.size())) state.SkipWithError("protect failed");
    benchmark::DoNotOptimize(buf.data());
  }
}

void BM_ProtectLibSrtp(benchmark::State& state) {
  LibSrtp tx(profileOf(state), true);
  const auto plain = plainPacket(0);
  std::vector<uint8_t> buf(plain.size());
  uint16_t seq = 0;
  for (auto _ : state) {
    std::memcpy(buf.data(), plain.data(), 12 + kPayload);
    vicos::storeBe16(buf.data() + 2, seq++);
    int len = static_cast<int>(12 + kPayload);
    if (srtp_protect(tx.session, buf.data(), &len) != srtp_err_status_ok)
      state.SkipWithError("protect failed");
    benchmark::DoNotOptimize(buf.data());
  }
}

// kRing distinct protected packets (seq 0..kRing-1, protected by ours; both
// implementations interoperate), replayed to a receiver recreated every kRing packets.
std::vector<std::vector<uint8_t>> protectedRing(SrtpProfile profile) {
  auto tx = ours(profile);
  std::vector<std::vector<uint8_t>> ring;
  for (size_t i = 0; i < kRing; ++i) {
    auto p = plainPacket(static_cast<uint16_t>(i));
    size_t len = 12 + kPayload;
    tx->protectRtp(p.data(), len, p.size());
    p.resize(len);
    ring.push_back(std::move(p));
  }
  return ring;
}

void BM_UnprotectOurs(benchmark::State& state) {
  const auto ring = protectedRing(profileOf(state));
  auto rx = ours(profileOf(state));
  std::vector<uint8_t> buf(ring[0].size());
  size_t i = 0;
  for (auto _ : state) {
    if (i == kRing) {
      state.PauseTiming();
      rx = ours(profileOf(state));
      i = 0;
      state.ResumeTiming();
    }
    std::memcpy(buf.data(), ring[i].data(), ring[i].size());
    size_t len = ring[i].size();
    if (!rx->unprotectRtp(buf.data(), len)) state.SkipWithError("unprotect failed");
    ++i;
    benchmark::DoNotOptimize(buf.data());
  }
}

void BM_UnprotectLibSrtp(benchmark::State& state) {
  const auto ring = protectedRing(profileOf(state));
  auto rx = std::make_unique<LibSrtp>(profileOf(state), false);
  std::vector<uint8_t> buf(ring[0].size());
  size_t i = 0;
  for (auto _ : state) {
    if (i == kRing) {
      state.PauseTiming();
      rx = std::make_unique<LibSrtp>(profileOf(state), false);
      i = 0;
      state.ResumeTiming();
    }
    std::memcpy(buf.data(), ring[i].data(), ring[i].size());
    int len = static_cast<int>(ring[i].size());
    if (srtp_unprotect(rx->session, buf.data(), &len) != srtp_err_status_ok)
      state.SkipWithError("unprotect failed");
    ++i;
    benchmark::DoNotOptimize(buf.data());
  }
}

// HMAC-SHA1 over 1,200 bytes: the precomputed SHA_CTX srtp uses ...
void BM_HmacSha1PrecomputedShaCtx(benchmark::State& state) {
  vicos::srtp::HmacSha1 mac;
  mac.setKey(vicos::Bytes(kKey, 16));
  std::vector<uint8_t> data(1200, 7);
  uint8_t out[20];
  for (auto _ : state) {
    mac.compute(data, {}, out);
    benchmark::DoNotOptimize(out);
  }
}

// ... against a pre-keyed EVP_MD_CTX pair copied per packet (EVP_MD_CTX_copy_ex) ...
void BM_HmacSha1EvpMdCtxCopy(benchmark::State& state) {
  uint8_t ipad[64], opad[64];
  for (int i = 0; i < 64; ++i) {
    const uint8_t k = i < 16 ? kKey[i] : 0;
    ipad[i] = k ^ 0x36;
    opad[i] = k ^ 0x5c;
  }
  EVP_MD_CTX* inner = EVP_MD_CTX_new();
  EVP_MD_CTX* outer = EVP_MD_CTX_new();
  EVP_MD_CTX* work = EVP_MD_CTX_new();
  EVP_DigestInit_ex(inner, EVP_sha1(), nullptr);
  EVP_DigestUpdate(inner, ipad, 64);
  EVP_DigestInit_ex(outer, EVP_sha1(), nullptr);
  EVP_DigestUpdate(outer, opad, 64);
  std::vector<uint8_t> data(1200, 7);
  uint8_t digest[20], out[20];
  unsigned int n = 0;
  for (auto _ : state) {
    EVP_MD_CTX_copy_ex(work, inner);
    EVP_DigestUpdate(work, data.data(), data.size());
    EVP_DigestFinal_ex(work, digest, &n);
    EVP_MD_CTX_copy_ex(work, outer);
    EVP_DigestUpdate(work, digest, 20);
    EVP_DigestFinal_ex(work, out, &n);
    benchmark::DoNotOptimize(out);
  }
  EVP_MD_CTX_free(inner);
  EVP_MD_CTX_free(outer);
  EVP_MD_CTX_free(work);
}

// ... and an EVP_MAC_CTX re-initialised per packet with the stored key.
void BM_HmacSha1EvpMacReinit(benchmark::State& state) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  char digestName[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
                         OSSL_PARAM_construct_end()};
  EVP_MAC_init(ctx, kKey, 16, params);
  std::vector<uint8_t> data(1200, 7);
  uint8_t out[20];
  size_t n = 0;
  for (auto _ : state) {
    EVP_MAC_init(ctx, nullptr, 0, nullptr);
    EVP_MAC_update(ctx, data.data(), data.size());
    EVP_MAC_final(ctx, out, &n, sizeof(out));
    benchmark::DoNotOptimize(out);
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(hmac);
}

// The raw EVP figures for one 1,200-byte packet, to set SRTP protect against. GCM refuses a second
// Update after Final under the same IV, so the least a GCM packet costs is: set the IV, 12 bytes
// of AAD, encrypt 1,188 bytes, Final, read the tag — on a context keyed once.
void BM_RawEvpGcm1200(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, kKey, nullptr);
  std::vector<uint8_t> buf(1200 + 16, 0x5a);
  uint8_t iv[12] = {};
  uint32_t n = 0;
  int len = 0;
  for (auto _ : state) {
    vicos::storeBe32(iv + 8, n++);
    const bool ok =
        EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv) == 1 &&
        EVP_EncryptUpdate(ctx, nullptr, &len, buf.data(), 12) == 1 &&
        EVP_EncryptUpdate(ctx, buf.data() + 12, &len, buf.data() + 12, static_cast<int>(kPayload)) == 1 &&
        EVP_EncryptFinal_ex(ctx, buf.data() + 1200, &len) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, buf.data() + 1200) == 1;
    if (!ok) state.SkipWithError("GCM failed");
    benchmark::DoNotOptimize(buf.data());
  }
  EVP_CIPHER_CTX_free(ctx);
}

// ... of it, only setting the IV (where OpenSSL 3.0 asks the provider for the IV length by name) ...
void BM_RawEvpGcmSetIv(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, kKey, nullptr);
  uint8_t iv[12] = {};
  uint32_t n = 0;
  for (auto _ : state) {
    vicos::storeBe32(iv + 8, n++);
    if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv) != 1) state.SkipWithError("IV");
    benchmark::DoNotOptimize(iv);
  }
  EVP_CIPHER_CTX_free(ctx);
}

// ... and the keystream alone: AES-128-CTR Update over 1,200 bytes on a prebuilt context (a
// stream mode may go on without a new IV), no authentication and no per-packet set-up.
void BM_RawEvpCtr1200(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const uint8_t iv[16] = {};
  EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, kKey, iv);
  std::vector<uint8_t> buf(1200, 0x5a);
  int len = 0;
  for (auto _ : state) {
    if (EVP_EncryptUpdate(ctx, buf.data(), &len, buf.data(), 1200) != 1 ||
        EVP_EncryptFinal_ex(ctx, buf.data() + len, &len) != 1)
      state.SkipWithError("CTR failed");
    benchmark::DoNotOptimize(buf.data());
  }
  EVP_CIPHER_CTX_free(ctx);
}

// Argument 0 = AEAD_AES_128_GCM, 1 = AES_CM_128_HMAC_SHA1_80.
BENCHMARK(BM_ProtectOurs)->Arg(0)->Arg(1);
BENCHMARK(BM_ProtectLibSrtp)->Arg(0)->Arg(1);
BENCHMARK(BM_UnprotectOurs)->Arg(0)->Arg(1);
BENCHMARK(BM_UnprotectLibSrtp)->Arg(0)->Arg(1);
BENCHMARK(BM_HmacSha1PrecomputedShaCtx);
BENCHMARK(BM_HmacSha1EvpMdCtxCopy);
BENCHMARK(BM_HmacSha1EvpMacReinit);
BENCHMARK(BM_RawEvpGcm1200);
BENCHMARK(BM_RawEvpGcmSetIv);
BENCHMARK(BM_RawEvpCtr1200);

}  // namespace

BENCHMARK_MAIN();
