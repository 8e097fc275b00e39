// Mapping between DTLS-SRTP protection profile ids and SrtpProfile.
#include "srtp/srtp_profile.hpp"

namespace vicos::srtp {

std::optional<SrtpProfile> profileFromDtlsId(uint16_t id) {
  switch (id) {
    case kDtlsIdAeadAes128Gcm:
      return SrtpProfile::AeadAes128Gcm;
    case kDtlsIdAes128CmHmacSha1_80:
      return SrtpProfile::Aes128CmHmacSha1_80;
    default:
      return std::nullopt;
  }
}

uint16_t dtlsIdOf(SrtpProfile profile) {
  return profile == SrtpProfile::AeadAes128Gcm ? kDtlsIdAeadAes128Gcm
                                               : kDtlsIdAes128CmHmacSha1_80;
}

}  // namespace vicos::srtp
