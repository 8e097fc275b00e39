// The relying-party steps in the order the specification lists them; each refusal names the
// check that failed (webauthn_error.hpp).
#include "auth/webauthn.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "auth/attestation_object.hpp"
#include "auth/authenticator_data.hpp"
#include "auth/client_data.hpp"

namespace vicos::auth {
namespace {

std::array<uint8_t, 32> sha256(std::span<const uint8_t> bytes) {
  std::array<uint8_t, 32> out{};
  SHA256(bytes.data(), bytes.size(), out.data());
  return out;
}

// Client data: parse, then type, challenge, origin (steps 7.1.5-10 / 7.2.10-14).
WebAuthnStatus checkClient(const RelyingParty& rp, std::span<const uint8_t> json, const char* type,
                           std::span<const uint8_t> challenge) {
  auto parsed = parseClientData(json);
  if (auto* e = std::get_if<WebAuthnError>(&parsed)) return *e;
  return checkClientData(std::get<ClientData>(parsed), type, challenge, rp.origin);
}

// rpIdHash, UP and UV (steps 7.1.13-15 / 7.2.15-17).
WebAuthnStatus checkAuthenticator(const RelyingParty& rp, const AuthenticatorData& data) {
  const std::string_view id = rp.id;
  const auto expected = sha256({reinterpret_cast<const uint8_t*>(id.data()), id.size()});
  if (CRYPTO_memcmp(expected.data(), data.rpIdHash.data(), expected.size()) != 0)
    return WebAuthnError::WrongRpId;
  if (!(data.flags & kFlagUserPresent)) return WebAuthnError::UserNotPresent;
  if (rp.requireUserVerification && !(data.flags & kFlagUserVerified)) return WebAuthnError::UserNotVerified;
  return WebAuthnOk{};
}

}  // namespace

WebAuthnResult<NewCredential> verifyRegistration(const RelyingParty& rp, std::span<const uint8_t> challenge,
                                                 std::span<const uint8_t> clientDataJson,
                                                 std::span<const uint8_t> attestationObject) {
  if (auto s = checkClient(rp, clientDataJson, "webauthn.create", challenge);
      std::holds_alternative<WebAuthnError>(s))
    return std::get<WebAuthnError>(s);
  auto object = parseAttestationObject(attestationObject);
  if (auto* e = std::get_if<WebAuthnError>(&object)) return *e;
  auto data = parseAuthenticatorData(std::get<AttestationObject>(object).authData);
  if (auto* e = std::get_if<WebAuthnError>(&data)) return *e;
  const auto& auth = std::get<AuthenticatorData>(data);
  if (auto s = checkAuthenticator(rp, auth); std::holds_alternative<WebAuthnError>(s))
    return std::get<WebAuthnError>(s);
  if (!auth.credential || auth.credential->credentialId.empty()) return WebAuthnError::NoCredential;
  auto key = parseCoseKey(auth.credential->publicKey);  // step 7.1.16: an algorithm we offered
  if (auto* e = std::get_if<WebAuthnError>(&key)) return *e;
  return NewCredential{auth.credential->credentialId, std::get<PublicKey>(key), auth.signCount};
}

WebAuthnResult<uint32_t> verifyAssertion(const RelyingParty& rp, std::span<const uint8_t> challenge,
                                         const PublicKey& key, int64_t storedCount,
                                         std::span<const uint8_t> clientDataJson,
                                         std::span<const uint8_t> authenticatorData,
                                         std::span<const uint8_t> signature) {
  if (auto s = checkClient(rp, clientDataJson, "webauthn.get", challenge);
      std::holds_alternative<WebAuthnError>(s))
    return std::get<WebAuthnError>(s);
  auto data = parseAuthenticatorData(authenticatorData);
  if (auto* e = std::get_if<WebAuthnError>(&data)) return *e;
  const auto& auth = std::get<AuthenticatorData>(data);
  if (auto s = checkAuthenticator(rp, auth); std::holds_alternative<WebAuthnError>(s))
    return std::get<WebAuthnError>(s);
  // Step 7.2.20: the signature covers authenticatorData || SHA-256(clientDataJSON).
  std::vector<uint8_t> signedBytes(authenticatorData.begin(), authenticatorData.end());
  const auto clientHash = sha256(clientDataJson);
  signedBytes.insert(signedBytes.end(), clientHash.begin(), clientHash.end());
  if (!verifySignature(key, signedBytes, signature)) return WebAuthnError::BadSignature;
  // Step 7.2.21.
  if ((auth.signCount != 0 || storedCount != 0) && static_cast<int64_t>(auth.signCount) <= storedCount)
    return WebAuthnError::CounterWentBack;
  return auth.signCount;
}

const char* webAuthnErrorName(WebAuthnError error) {
  switch (error) {
    case WebAuthnError::TooLarge: return "too-large";
    case WebAuthnError::BadClientData: return "bad-client-data";
    case WebAuthnError::WrongType: return "wrong-type";
    case WebAuthnError::WrongChallenge: return "wrong-challenge";
    case WebAuthnError::WrongOrigin: return "wrong-origin";
    case WebAuthnError::CrossOrigin: return "cross-origin";
    case WebAuthnError::BadAttestationObject: return "bad-attestation-object";
    case WebAuthnError::UnsupportedAttestation: return "unsupported-attestation";
    case WebAuthnError::BadAuthenticatorData: return "bad-authenticator-data";
    case WebAuthnError::WrongRpId: return "wrong-rp-id";
    case WebAuthnError::UserNotPresent: return "user-not-present";
    case WebAuthnError::UserNotVerified: return "user-not-verified";
    case WebAuthnError::NoCredential: return "no-credential";
    case WebAuthnError::BadPublicKey: return "bad-public-key";
    case WebAuthnError::UnsupportedAlgorithm: return "unsupported-algorithm";
    case WebAuthnError::BadSignature: return "bad-signature";
    case WebAuthnError::CounterWentBack: return "counter-went-back";
  }
  return "unknown";
}

}  // namespace vicos::auth
