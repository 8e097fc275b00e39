// The reasons a WebAuthn response is refused, one per check, so that tests can tell which check
// caught a tampered response and the API can count refusals by reason.
#pragma once

#include <variant>

namespace vicos::auth {

enum class WebAuthnError {
  TooLarge,
  BadClientData,
  WrongType,
  WrongChallenge,
  WrongOrigin,
  CrossOrigin,
  BadAttestationObject,
  UnsupportedAttestation,
  BadAuthenticatorData,
  WrongRpId,
  UserNotPresent,
  UserNotVerified,
  NoCredential,
  BadPublicKey,
  UnsupportedAlgorithm,
  BadSignature,
  CounterWentBack,
};

const char* webAuthnErrorName(WebAuthnError error);

// A value or the reason for refusal.
template <typename T>
using WebAuthnResult = std::variant<T, WebAuthnError>;

struct WebAuthnOk {};
using WebAuthnStatus = WebAuthnResult<WebAuthnOk>;

}  // namespace vicos::auth
