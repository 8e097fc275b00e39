// SRTP/SRTCP packet transforms over OpenSSL EVP (RFC 3711 3-4, RFC 7714 8-9).
#include "srtp/srtp_cipher.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <cstring>

namespace vicos::srtp {
namespace {

constexpr size_t kGcmIvLength = 12;
constexpr size_t kGcmTagLength = 16;
constexpr size_t kCmTagLength = 10;  // HMAC-SHA1 truncated to 80 bits, RFC 3711 5.2

void storeBe48(uint8_t* p, uint64_t v) {
  storeBe16(p, static_cast<uint16_t>(v >> 32));
  storeBe32(p + 2, static_cast<uint32_t>(v));
}

bool fitsInt(size_t n) { return n <= 0x7fffffff; }

// The provider's implementations, fetched once per process (thread-safe static initialisation;
// an EVP_CIPHER is immutable and shared). EVP_aes_128_gcm() would fetch again at every
// context set-up.
const EVP_CIPHER* fetched(const char* name) { return EVP_CIPHER_fetch(nullptr, name, nullptr); }
const EVP_CIPHER* aes128Gcm() {
  static const EVP_CIPHER* const kCipher = fetched("AES-128-GCM");
  return kCipher;
}
const EVP_CIPHER* aes128Ctr() {
  static const EVP_CIPHER* const kCipher = fetched("AES-128-CTR");
  return kCipher;
}

// The GCM tag goes through the provider's parameter call directly, with the array built here,
// instead of through EVP_CIPHER_CTX_ctrl, which translates every call into such an array.
bool getTag(EVP_CIPHER_CTX* ctx, uint8_t* tag) {
  OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, kGcmTagLength),
                         OSSL_PARAM_construct_end()};
  return EVP_CIPHER_CTX_get_params(ctx, params) == 1;
}
bool setTag(EVP_CIPHER_CTX* ctx, uint8_t* tag) {
  OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, kGcmTagLength),
                         OSSL_PARAM_construct_end()};
  return EVP_CIPHER_CTX_set_params(ctx, params) == 1;
}

}  // namespace

std::unique_ptr<SrtpCipher> SrtpCipher::create(SrtpProfile profile, const SessionKeys& keys) {
  std::unique_ptr<SrtpCipher> cipher(new SrtpCipher(profile));
  if (!cipher->init(keys)) return nullptr;
  return cipher;
}

SrtpCipher::~SrtpCipher() {
  EVP_CIPHER_CTX_free(mEncrypt);
  EVP_CIPHER_CTX_free(mDecrypt);
  OPENSSL_cleanse(mSalt.data(), mSalt.size());
}

bool SrtpCipher::init(const SessionKeys& keys) {
  std::memcpy(mSalt.data(), keys.salt.data(), mSalt.size());
  mEncrypt = EVP_CIPHER_CTX_new();
  if (!mEncrypt) return false;
  if (mProfile == SrtpProfile::Aes128CmHmacSha1_80) {
    return aes128Ctr() &&
           EVP_EncryptInit_ex2(mEncrypt, aes128Ctr(), keys.key.data(), nullptr, nullptr) == 1 &&
           mAuth.setKey(keys.auth);
  }
  // One keyed context per direction; a packet only sets its IV (init with a null cipher and key).
  mDecrypt = EVP_CIPHER_CTX_new();
  return mDecrypt && aes128Gcm() &&
         EVP_EncryptInit_ex2(mEncrypt, aes128Gcm(), keys.key.data(), nullptr, nullptr) == 1 &&
         EVP_DecryptInit_ex2(mDecrypt, aes128Gcm(), keys.key.data(), nullptr, nullptr) == 1;
}

// RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), 16 bytes:
//   bytes 0..13  session salt
//   bytes 4..7   XOR SSRC
//   bytes 8..13  XOR 48-bit index (SRTP: ROC || SEQ; SRTCP: the 31-bit SRTCP index)
//   bytes 14..15 block counter, starts at 0
void SrtpCipher::cmIv(uint32_t ssrc, uint64_t index, uint8_t iv[16]) const {
  uint8_t block[16] = {};
  storeBe32(block + 4, ssrc);
  storeBe48(block + 8, index);
  for (size_t i = 0; i < 16; ++i) iv[i] = block[i] ^ (i < kMaxSaltLength ? mSalt[i] : 0);
}

bool SrtpCipher::ctrXor(const uint8_t iv[16], uint8_t* data, size_t n) {
  int outLen = 0;
  if (EVP_EncryptInit_ex(mEncrypt, nullptr, nullptr, nullptr, iv) != 1) return false;
  if (n == 0) return true;
  return EVP_EncryptUpdate(mEncrypt, data, &outLen, data, static_cast<int>(n)) == 1 &&
         static_cast<size_t>(outLen) == n;  // CTR is a stream mode: nothing left for Final
}

bool SrtpCipher::gcmSeal(const uint8_t iv[12], Bytes aad1, Bytes aad2, uint8_t* data, size_t n,
                         uint8_t* tagOut) {
  int outLen = 0;
  if (EVP_EncryptInit_ex(mEncrypt, nullptr, nullptr, nullptr, iv) != 1) return false;
  if (EVP_EncryptUpdate(mEncrypt, nullptr, &outLen, aad1.data(), static_cast<int>(aad1.size())) != 1)
    return false;
  if (!aad2.empty() &&
      EVP_EncryptUpdate(mEncrypt, nullptr, &outLen, aad2.data(), static_cast<int>(aad2.size())) != 1)
    return false;
  if (n > 0 && EVP_EncryptUpdate(mEncrypt, data, &outLen, data, static_cast<int>(n)) != 1) return false;
  int finalLen = 0;
  if (EVP_EncryptFinal_ex(mEncrypt, data + n, &finalLen) != 1) return false;
  return getTag(mEncrypt, tagOut);
}

bool SrtpCipher::gcmOpen(const uint8_t iv[12], Bytes aad1, Bytes aad2, uint8_t* data, size_t n,
                         const uint8_t* tag) {
  uint8_t expected[kGcmTagLength];
  std::memcpy(expected, tag, sizeof(expected));
  int outLen = 0;
  if (EVP_DecryptInit_ex(mDecrypt, nullptr, nullptr, nullptr, iv) != 1) return false;
  if (EVP_DecryptUpdate(mDecrypt, nullptr, &outLen, aad1.data(), static_cast<int>(aad1.size())) != 1)
    return false;
  if (!aad2.empty() &&
      EVP_DecryptUpdate(mDecrypt, nullptr, &outLen, aad2.data(), static_cast<int>(aad2.size())) != 1)
    return false;
  if (n > 0 && EVP_DecryptUpdate(mDecrypt, data, &outLen, data, static_cast<int>(n)) != 1) return false;
  // OpenSSL compares the tag in constant time inside Final.
  int finalLen = 0;
  if (setTag(mDecrypt, expected) && EVP_DecryptFinal_ex(mDecrypt, data + n, &finalLen) == 1) return true;
  // Forged or damaged: GCM's cipher part is CTR, so encrypting the bytes again under the
  // same IV restores the caller's ciphertext and the failure leaves the buffer as it was.
  if (n > 0) {
    uint8_t scratchTag[kGcmTagLength];
    gcmSeal(iv, aad1, aad2, data, n, scratchTag);
  }
  return false;
}

bool SrtpCipher::cmVerify(Bytes first, Bytes second, const uint8_t* tag) const {
  uint8_t mac[HmacSha1::kDigestLength];
  mAuth.compute(first, second, mac);
  return CRYPTO_memcmp(mac, tag, kCmTagLength) == 0;
}

// SRTP packet (RFC 3711 3.1, figure 1); RFC 7714 8 replaces the auth tag by the GCM tag:
//   +----------------------------+
//   | RTP header (12 + 4*CC [+ extension])   authenticated / GCM AAD
//   +----------------------------+
//   | payload ... (encrypted)                authenticated / GCM plaintext
//   +----------------------------+
//   | authentication tag (10 or 16 bytes)
//   +----------------------------+
// CM auth input is header || encrypted payload || ROC (RFC 3711 4.2).
bool SrtpCipher::protectRtp(uint8_t* buf, size_t headerLen, size_t len, uint32_t ssrc, uint64_t index) {
  if (headerLen > len || !fitsInt(len)) return false;
  if (mProfile == SrtpProfile::AeadAes128Gcm) {
    // RFC 7714 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.
    uint8_t iv[kGcmIvLength] = {};
    storeBe32(iv + 2, ssrc);
    storeBe48(iv + 6, index);
    for (size_t i = 0; i < kGcmIvLength; ++i) iv[i] ^= mSalt[i];
    return gcmSeal(iv, Bytes(buf, headerLen), {}, buf + headerLen, len - headerLen, buf + len);
  }
  uint8_t iv[16];
  cmIv(ssrc, index, iv);
  if (!ctrXor(iv, buf + headerLen, len - headerLen)) return false;
  uint8_t roc[4];
  storeBe32(roc, static_cast<uint32_t>(index >> 16));
  uint8_t mac[HmacSha1::kDigestLength];
  mAuth.compute(Bytes(buf, len), roc, mac);
  std::memcpy(buf + len, mac, kCmTagLength);
  return true;
}

bool SrtpCipher::unprotectRtp(uint8_t* buf, size_t headerLen, size_t len, uint32_t ssrc, uint64_t index) {
  if (len < tagLength() || headerLen > len - tagLength() || !fitsInt(len)) return false;
  const size_t bodyEnd = len - tagLength();
  if (mProfile == SrtpProfile::AeadAes128Gcm) {
    uint8_t iv[kGcmIvLength] = {};
    storeBe32(iv + 2, ssrc);
    storeBe48(iv + 6, index);
    for (size_t i = 0; i < kGcmIvLength; ++i) iv[i] ^= mSalt[i];
    return gcmOpen(iv, Bytes(buf, headerLen), {}, buf + headerLen, bodyEnd - headerLen, buf + bodyEnd);
  }
  uint8_t roc[4];
  storeBe32(roc, static_cast<uint32_t>(index >> 16));
  if (!cmVerify(Bytes(buf, bodyEnd), roc, buf + bodyEnd)) return false;
  uint8_t iv[16];
  cmIv(ssrc, index, iv);
  return ctrXor(iv, buf + headerLen, bodyEnd - headerLen);
}

// SRTCP packet with AES-CM (RFC 3711 3.4, figure 2):
//   | RTCP header: V P RC PT length (4) | SSRC of sender (4) |   authenticated
//   | rest of the compound packet (encrypted when E = 1)      |   authenticated
//   |E|                  SRTCP index (31 bits)                |   authenticated
//   | authentication tag (10 bytes)                           |
// With AEAD_AES_128_GCM (RFC 7714 9.1, figure): header | ciphertext | 16-byte tag | E|index,
// AAD = header (8 bytes) || E|index, IV = (0x0000 || SSRC || 0x0000 || 0|index) XOR salt.
bool SrtpCipher::protectRtcp(uint8_t* buf, size_t len, uint32_t ssrc, uint32_t index) {
  if (len < kRtcpHeaderLength || !fitsInt(len) || index >= kSrtcpEncryptedFlag) return false;
  uint8_t eIndex[kSrtcpIndexLength];
  storeBe32(eIndex, kSrtcpEncryptedFlag | index);
  if (mProfile == SrtpProfile::AeadAes128Gcm) {
    uint8_t iv[kGcmIvLength] = {};
    storeBe32(iv + 2, ssrc);
    storeBe32(iv + 8, index);
    for (size_t i = 0; i < kGcmIvLength; ++i) iv[i] ^= mSalt[i];
    if (!gcmSeal(iv, Bytes(buf, kRtcpHeaderLength), eIndex, buf + kRtcpHeaderLength, len - kRtcpHeaderLength,
                 buf + len))
      return false;
    std::memcpy(buf + len + kGcmTagLength, eIndex, sizeof(eIndex));
    return true;
  }
  uint8_t iv[16];
  cmIv(ssrc, index, iv);
  if (!ctrXor(iv, buf + kRtcpHeaderLength, len - kRtcpHeaderLength)) return false;
  std::memcpy(buf + len, eIndex, sizeof(eIndex));
  uint8_t mac[HmacSha1::kDigestLength];
  mAuth.compute(Bytes(buf, len + kSrtcpIndexLength), {}, mac);
  std::memcpy(buf + len + kSrtcpIndexLength, mac, kCmTagLength);
  return true;
}

bool SrtpCipher::unprotectRtcp(uint8_t* buf, size_t len, uint32_t ssrc, uint32_t eIndex) {
  if (len < kRtcpHeaderLength + rtcpOverhead() || !fitsInt(len)) return false;
  const size_t bodyEnd = len - rtcpOverhead();
  const bool encrypted = (eIndex & kSrtcpEncryptedFlag) != 0;
  const uint32_t index = eIndex & ~kSrtcpEncryptedFlag;
  if (mProfile == SrtpProfile::AeadAes128Gcm) {
    uint8_t iv[kGcmIvLength] = {};
    storeBe32(iv + 2, ssrc);
    storeBe32(iv + 8, index);
    for (size_t i = 0; i < kGcmIvLength; ++i) iv[i] ^= mSalt[i];
    const uint8_t* eIndexBytes = buf + len - kSrtcpIndexLength;
    // RFC 7714 9.2: without E the whole RTCP packet is AAD and nothing is encrypted.
    if (!encrypted)
      return gcmOpen(iv, Bytes(buf, bodyEnd), Bytes(eIndexBytes, kSrtcpIndexLength), nullptr, 0,
                     buf + bodyEnd);
    return gcmOpen(iv, Bytes(buf, kRtcpHeaderLength), Bytes(eIndexBytes, kSrtcpIndexLength),
                   buf + kRtcpHeaderLength, bodyEnd - kRtcpHeaderLength, buf + bodyEnd);
  }
  if (!cmVerify(Bytes(buf, bodyEnd + kSrtcpIndexLength), {}, buf + bodyEnd + kSrtcpIndexLength)) return false;
  if (!encrypted) return true;
  uint8_t iv[16];
  cmIv(ssrc, index, iv);
  return ctrXor(iv, buf + kRtcpHeaderLength, bodyEnd - kRtcpHeaderLength);
}

}  // namespace vicos::srtp
