// SRTP key derivation with the AES-CM PRF (RFC 3711 4.3, RFC 7714 11).
#include "srtp/srtp_kdf.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace vicos::srtp {
namespace {

constexpr size_t kMaxDerivedLength = 32;

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

}  // namespace

bool deriveKey(Bytes masterKey, Bytes masterSalt, KdfLabel label, MutableBytes out) {
  if (masterKey.size() != kKeyLength) return false;
  if (masterSalt.size() != 14 && masterSalt.size() != 12) return false;
  if (out.size() > kMaxDerivedLength) return false;

  // key_id = label || r with r = 0 (kdr = 0), 7 bytes aligned to the right end of the
  // 14-byte salt, so the label lands on salt byte 7 (RFC 3711 4.3.1). The AEAD 12-byte
  // master salt is padded with two zero bytes (RFC 7714 11).
  uint8_t iv[16] = {};
  std::memcpy(iv, masterSalt.data(), masterSalt.size());
  iv[7] ^= static_cast<uint8_t>(label);

  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return false;
  uint8_t zeros[kMaxDerivedLength] = {};
  int outLen = 0;
  int finalLen = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ctr(), nullptr, masterKey.data(), iv) == 1 &&
      EVP_EncryptUpdate(ctx.get(), out.data(), &outLen, zeros, static_cast<int>(out.size())) ==
          1 &&
      EVP_EncryptFinal_ex(ctx.get(), out.data() + outLen, &finalLen) == 1;
  return ok && static_cast<size_t>(outLen + finalLen) == out.size();
}

std::optional<DerivedKeys> deriveSessionKeys(SrtpProfile profile, Bytes masterKey,
                                             Bytes masterSalt) {
  if (masterKey.size() != keyLength(profile) || masterSalt.size() != saltLength(profile))
    return std::nullopt;
  DerivedKeys keys;
  const size_t saltLen = saltLength(profile);
  const size_t authLen = authKeyLength(profile);
  bool ok = deriveKey(masterKey, masterSalt, KdfLabel::RtpEncryption, keys.rtp.key) &&
            deriveKey(masterKey, masterSalt, KdfLabel::RtpSalt,
                      MutableBytes(keys.rtp.salt.data(), saltLen)) &&
            deriveKey(masterKey, masterSalt, KdfLabel::RtcpEncryption, keys.rtcp.key) &&
            deriveKey(masterKey, masterSalt, KdfLabel::RtcpSalt,
                      MutableBytes(keys.rtcp.salt.data(), saltLen));
  if (ok && authLen > 0) {
    ok = deriveKey(masterKey, masterSalt, KdfLabel::RtpAuth,
                   MutableBytes(keys.rtp.auth.data(), authLen)) &&
         deriveKey(masterKey, masterSalt, KdfLabel::RtcpAuth,
                   MutableBytes(keys.rtcp.auth.data(), authLen));
  }
  if (!ok) {
    wipe(keys);
    return std::nullopt;
  }
  return keys;
}

void wipe(SessionKeys& keys) { OPENSSL_cleanse(&keys, sizeof(keys)); }

void wipe(DerivedKeys& keys) {
  wipe(keys.rtp);
  wipe(keys.rtcp);
}

}  // namespace vicos::srtp
