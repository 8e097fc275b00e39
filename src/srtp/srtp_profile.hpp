// The two SRTP protection profiles vicos speaks and their key, salt and tag sizes
// (RFC 3711 8.2, RFC 5764 4.1.2, RFC 7714 14.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace vicos::srtp {

enum class SrtpProfile {
  AeadAes128Gcm,        // SRTP_AEAD_AES_128_GCM, RFC 7714
  Aes128CmHmacSha1_80,  // SRTP_AES128_CM_HMAC_SHA1_80, RFC 3711
};

// DTLS-SRTP protection profile ids (RFC 5764 4.1.2, RFC 7714 14.2).
inline constexpr uint16_t kDtlsIdAes128CmHmacSha1_80 = 0x0001;
inline constexpr uint16_t kDtlsIdAeadAes128Gcm = 0x0007;

std::optional<SrtpProfile> profileFromDtlsId(uint16_t id);
uint16_t dtlsIdOf(SrtpProfile profile);

// Master and session key length (both profiles use AES-128).
inline constexpr size_t kKeyLength = 16;
inline constexpr size_t kMaxSaltLength = 14;
inline constexpr size_t kAuthKeyLength = 20;  // HMAC-SHA1 session auth key, RFC 3711 8.2

constexpr size_t keyLength(SrtpProfile) { return kKeyLength; }
constexpr size_t saltLength(SrtpProfile p) { return p == SrtpProfile::AeadAes128Gcm ? 12 : 14; }
// Session authentication key length; AEAD has none.
constexpr size_t authKeyLength(SrtpProfile p) {
  return p == SrtpProfile::AeadAes128Gcm ? 0 : kAuthKeyLength;
}
// Bytes the authentication tag adds to each packet: the GCM tag (RFC 7714 5.2.2 / 14.2)
// or the 80-bit truncated HMAC (RFC 3711 8.2).
constexpr size_t tagLength(SrtpProfile p) { return p == SrtpProfile::AeadAes128Gcm ? 16 : 10; }

}  // namespace vicos::srtp
