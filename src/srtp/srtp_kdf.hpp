// SRTP key derivation (RFC 3711 4.3) with the AES-CM PRF and key derivation rate 0: turns
// the master key and salt from DTLS-SRTP into the session keys of SRTP and SRTCP.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "common/byte_reader.hpp"
#include "srtp/srtp_profile.hpp"

namespace vicos::srtp {

// Key derivation labels (RFC 3711 4.3.2; SRTCP 4.3.2 as well).
enum class KdfLabel : uint8_t {
  RtpEncryption = 0x00,
  RtpAuth = 0x01,
  RtpSalt = 0x02,
  RtcpEncryption = 0x03,
  RtcpAuth = 0x04,
  RtcpSalt = 0x05,
};

// One set of session keys (for SRTP or for SRTCP). Only the first saltLength(profile) bytes
// of salt are used, and auth only by the HMAC profile.
struct SessionKeys {
  std::array<uint8_t, kKeyLength> key{};
  std::array<uint8_t, kMaxSaltLength> salt{};
  std::array<uint8_t, kAuthKeyLength> auth{};
};

struct DerivedKeys {
  SessionKeys rtp;
  SessionKeys rtcp;
};

// RFC 3711 4.3.1/4.3.3: out = AES-CM(masterKey, IV = (masterSalt XOR (label << 48)) * 2^16)
// over zeros. masterKey is 16 bytes; masterSalt 14 bytes, or 12 (AEAD, RFC 7714 11) which is
// zero-padded on the right to 14. out may be up to 32 bytes. False on bad lengths.
bool deriveKey(Bytes masterKey, Bytes masterSalt, KdfLabel label, MutableBytes out);

// All six session keys of a profile; nullopt when the master lengths do not fit it.
std::optional<DerivedKeys> deriveSessionKeys(SrtpProfile profile, Bytes masterKey,
                                             Bytes masterSalt);

// Wipes key material (OPENSSL_cleanse, which the compiler may not elide).
void wipe(SessionKeys& keys);
void wipe(DerivedKeys& keys);

}  // namespace vicos::srtp
