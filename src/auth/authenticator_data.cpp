// Authenticator data through the bounds-checked reader; the COSE key and the extensions are
// CBOR items whose length only the CBOR decoder knows.
#include "auth/authenticator_data.hpp"

#include <algorithm>

#include "auth/cbor_item.hpp"
#include "common/byte_reader.hpp"

namespace vicos::auth {

WebAuthnResult<AuthenticatorData> parseAuthenticatorData(std::span<const uint8_t> bytes) {
  if (bytes.size() > kCborMaxBytes) return WebAuthnError::TooLarge;
  ByteReader reader(bytes);
  AuthenticatorData out;
  Bytes hash;
  if (!reader.readBytes(32, hash) || !reader.readU8(out.flags) || !reader.readU32(out.signCount))
    return WebAuthnError::BadAuthenticatorData;
  std::copy(hash.begin(), hash.end(), out.rpIdHash.begin());
  if (out.flags & kFlagAttestedData) {
    AttestedCredential credential;
    Bytes aaguid, id;
    uint16_t idLength = 0;
    if (!reader.readBytes(16, aaguid) || !reader.readU16(idLength) || idLength > kCredentialIdMaxBytes ||
        !reader.readBytes(idLength, id))
      return WebAuthnError::BadAuthenticatorData;
    std::copy(aaguid.begin(), aaguid.end(), credential.aaguid.begin());
    credential.credentialId.assign(id.begin(), id.end());
    auto key = loadCbor(reader.rest());
    if (!key) return WebAuthnError::BadAuthenticatorData;
    Bytes keyBytes;
    if (!reader.readBytes(key->read, keyBytes)) return WebAuthnError::BadAuthenticatorData;
    credential.publicKey.assign(keyBytes.begin(), keyBytes.end());
    out.credential = std::move(credential);
  }
  if (out.flags & kFlagExtensions) {
    auto extensions = loadCbor(reader.rest());
    if (!extensions || !cbor_isa_map(extensions->item.get()) || !reader.skip(extensions->read))
      return WebAuthnError::BadAuthenticatorData;
  }
  if (reader.remaining() != 0) return WebAuthnError::BadAuthenticatorData;
  return out;
}

}  // namespace vicos::auth
