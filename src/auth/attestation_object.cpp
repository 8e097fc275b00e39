// Attestation object: one CBOR map, nothing after it.
#include "auth/attestation_object.hpp"

#include "auth/cbor_item.hpp"

namespace vicos::auth {

WebAuthnResult<AttestationObject> parseAttestationObject(std::span<const uint8_t> cbor) {
  if (cbor.size() > kCborMaxBytes) return WebAuthnError::TooLarge;
  auto loaded = loadCbor(cbor);
  if (!loaded || loaded->read != cbor.size() || !cbor_isa_map(loaded->item.get()))
    return WebAuthnError::BadAttestationObject;
  const cbor_item_t* map = loaded->item.get();
  const auto fmt = cborText(mapMember(map, "fmt"));
  const cbor_item_t* statement = mapMember(map, "attStmt");
  const auto authData = cborBytes(mapMember(map, "authData"));
  if (!fmt || !statement || !cbor_isa_map(statement) || !authData) return WebAuthnError::BadAttestationObject;
  if (*fmt != "none" || cbor_map_size(statement) != 0) return WebAuthnError::UnsupportedAttestation;
  return AttestationObject{std::vector<uint8_t>(authData->begin(), authData->end())};
}

}  // namespace vicos::auth
