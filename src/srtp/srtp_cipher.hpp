// The SRTP and SRTCP packet transforms of one set of session keys, for a packet index the
// caller supplies: AES-CM + HMAC-SHA1-80 (RFC 3711 4) or AEAD_AES_128_GCM (RFC 7714).
// Keeps its OpenSSL contexts keyed for its lifetime; a packet only sets the IV.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <memory>

#include "srtp/hmac_sha1.hpp"
#include "srtp/srtp_kdf.hpp"
#include "srtp/srtp_profile.hpp"

namespace vicos::srtp {

// Size of the E flag + SRTCP index word (RFC 3711 3.4).
inline constexpr size_t kSrtcpIndexLength = 4;
inline constexpr uint32_t kSrtcpEncryptedFlag = 0x80000000u;
inline constexpr size_t kRtcpHeaderLength = 8;

class SrtpCipher {
 public:
  // nullptr when OpenSSL cannot set up the contexts.
  static std::unique_ptr<SrtpCipher> create(SrtpProfile profile, const SessionKeys& keys);
  ~SrtpCipher();
  SrtpCipher(const SrtpCipher&) = delete;
  SrtpCipher& operator=(const SrtpCipher&) = delete;

  [[nodiscard]] SrtpProfile profile() const { return mProfile; }
  [[nodiscard]] size_t tagLength() const { return srtp::tagLength(mProfile); }

  // SRTP (RFC 3711 3.1, RFC 7714 8): buf[0, headerLen) is the RTP header, buf[headerLen,
  // len) the payload, which is encrypted in place; the tag is written at buf + len, so the
  // caller must have tagLength() bytes of room there. index = ROC << 16 | SEQ (48 bits).
  bool protectRtp(uint8_t* buf, size_t headerLen, size_t len, uint32_t ssrc, uint64_t index);

  // buf[0, len) is header, encrypted payload and tag. On true the payload is decrypted in
  // place (the plain length is len - tagLength()); on false buf is unchanged.
  bool unprotectRtp(uint8_t* buf, size_t headerLen, size_t len, uint32_t ssrc, uint64_t index);

  // SRTCP (RFC 3711 3.4, RFC 7714 9): buf[0, len) is a compound RTCP packet; encrypts all
  // but the first 8 bytes and appends E|index and the tag in the profile's order, so the
  // caller must have rtcpOverhead() bytes of room. index < 2^31.
  bool protectRtcp(uint8_t* buf, size_t len, uint32_t ssrc, uint32_t index);

  // buf[0, len) is a whole SRTCP packet (len >= 8 + rtcpOverhead()); eIndex is the word
  // at srtcpIndexOffset(len). On true the plain length is len - rtcpOverhead(); on false
  // buf is unchanged. With the E flag clear the packet is only authenticated.
  bool unprotectRtcp(uint8_t* buf, size_t len, uint32_t ssrc, uint32_t eIndex);

  [[nodiscard]] size_t rtcpOverhead() const { return tagLength() + kSrtcpIndexLength; }
  // RFC 3711 figure 2 puts E|index before the tag; RFC 7714 9.1 figure puts it after.
  [[nodiscard]] size_t srtcpIndexOffset(size_t len) const {
    return mProfile == SrtpProfile::AeadAes128Gcm ? len - kSrtcpIndexLength
                                                  : len - tagLength() - kSrtcpIndexLength;
  }

 private:
  explicit SrtpCipher(SrtpProfile profile) : mProfile(profile) {}
  bool init(const SessionKeys& keys);

  void cmIv(uint32_t ssrc, uint64_t index, uint8_t iv[16]) const;
  bool ctrXor(const uint8_t iv[16], uint8_t* data, size_t n);
  bool gcmSeal(const uint8_t iv[12], Bytes aad1, Bytes aad2, uint8_t* data, size_t n,
               uint8_t* tagOut);
  bool gcmOpen(const uint8_t iv[12], Bytes aad1, Bytes aad2, uint8_t* data, size_t n,
               const uint8_t* tag);
  // Authenticates first || second and compares with the 10-byte tag in constant time.
  bool cmVerify(Bytes first, Bytes second, const uint8_t* tag) const;

  SrtpProfile mProfile;
  EVP_CIPHER_CTX* mEncrypt = nullptr;  // AES-128-CTR or AES-128-GCM, keyed
  EVP_CIPHER_CTX* mDecrypt = nullptr;  // GCM only
  HmacSha1 mAuth;                      // CM only
  std::array<uint8_t, kMaxSaltLength> mSalt{};
};

}  // namespace vicos::srtp
