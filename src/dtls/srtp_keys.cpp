// Splitting of DTLS-SRTP exported keying material into SRTP master keys and salts.
#include "dtls/srtp_keys.hpp"

namespace vicos::dtls {

std::optional<SrtpKeyLengths> srtpKeyLengths(uint16_t profileId) {
  switch (profileId) {
    case kSrtpAes128CmSha1_80: return SrtpKeyLengths{16, 14};  // RFC 5764 4.1.2
    case kSrtpAeadAes128Gcm: return SrtpKeyLengths{16, 12};    // RFC 7714 14.2
    default: return std::nullopt;
  }
}

std::optional<SrtpKeys> splitSrtpKeyingMaterial(uint16_t profileId, Bytes material,
                                                bool localIsClient) {
  const auto lengths = srtpKeyLengths(profileId);
  if (!lengths || material.size() != 2 * (lengths->key + lengths->salt)) return std::nullopt;
  ByteReader reader(material);
  Bytes clientKey, serverKey, clientSalt, serverSalt;
  if (!reader.readBytes(lengths->key, clientKey) || !reader.readBytes(lengths->key, serverKey) ||
      !reader.readBytes(lengths->salt, clientSalt) ||
      !reader.readBytes(lengths->salt, serverSalt)) {
    return std::nullopt;
  }
  const Bytes localKey = localIsClient ? clientKey : serverKey;
  const Bytes remoteKey = localIsClient ? serverKey : clientKey;
  const Bytes localSalt = localIsClient ? clientSalt : serverSalt;
  const Bytes remoteSalt = localIsClient ? serverSalt : clientSalt;
  SrtpKeys keys;
  keys.profileId = profileId;
  keys.localKey.assign(localKey.begin(), localKey.end());
  keys.remoteKey.assign(remoteKey.begin(), remoteKey.end());
  keys.localSalt.assign(localSalt.begin(), localSalt.end());
  keys.remoteSalt.assign(remoteSalt.begin(), remoteSalt.end());
  return keys;
}

}  // namespace vicos::dtls
