// WebAuthn relying-party checks against a software authenticator: a genuine registration and
// login pass, and each tampered part (signature, challenge, origin, RP ID, type, flags,
// counter, algorithm, attestation format, CBOR lengths) is refused by its own check.
#include "auth/webauthn.hpp"

#include <gtest/gtest.h>

#include "auth/cbor_item.hpp"
#include "auth/soft_authenticator.hpp"

namespace vicos::auth {
namespace {

using test::ByteVector;
using test::SoftAuthenticator;

const RelyingParty kRp{"meet.example.org", "https://meet.example.org", false};
const ByteVector kChallenge(32, 0x5a);

template <typename T>
WebAuthnError errorOf(const WebAuthnResult<T>& result) {
  EXPECT_TRUE(std::holds_alternative<WebAuthnError>(result));
  return std::holds_alternative<WebAuthnError>(result) ? std::get<WebAuthnError>(result) : WebAuthnError{};
}

class WebAuthnTest : public ::testing::TestWithParam<bool> {
 protected:
  SoftAuthenticator mAuthenticator{GetParam()};

  NewCredential registered() {
    const auto clientData = SoftAuthenticator::clientData("webauthn.create", kChallenge, kRp.origin);
    const auto object = SoftAuthenticator::attestationObject(mAuthenticator.authData(kRp.id, 0x01, 0, true));
    auto result = verifyRegistration(kRp, kChallenge, clientData, object);
    EXPECT_TRUE(std::holds_alternative<NewCredential>(result))
        << webAuthnErrorName(std::get<WebAuthnError>(result));
    return std::get<NewCredential>(result);
  }

  // A login with whatever the test changed; `count` is the authenticator's new counter.
  WebAuthnResult<uint32_t> login(const std::string& type, const std::string& origin, const std::string& rpId,
                                 uint8_t flags, uint32_t count, int64_t storedCount = 0,
                                 bool badSignature = false, const ByteVector& challenge = kChallenge) {
    const NewCredential credential = registered();
    const auto clientData = SoftAuthenticator::clientData(type, challenge, origin);
    const auto data = mAuthenticator.authData(rpId, flags, count, false);
    auto signature = mAuthenticator.sign(data, clientData);
    if (badSignature) signature[signature.size() / 2] ^= 0x01;
    return verifyAssertion(kRp, kChallenge, credential.publicKey, storedCount, clientData, data, signature);
  }
};

TEST_P(WebAuthnTest, GenuineRegistrationAndLoginPass) {
  const NewCredential credential = registered();
  EXPECT_EQ(credential.credentialId, mAuthenticator.credentialId());
  EXPECT_EQ(credential.publicKey.algorithm, GetParam() ? kCoseRs256 : kCoseEs256);
  auto result = login("webauthn.get", kRp.origin, kRp.id, 0x01, 7, 6);
  ASSERT_TRUE(std::holds_alternative<uint32_t>(result)) << webAuthnErrorName(std::get<WebAuthnError>(result));
  EXPECT_EQ(std::get<uint32_t>(result), 7u);
  // Authenticators without a counter send 0 every time (section 6.1.1).
  EXPECT_TRUE(std::holds_alternative<uint32_t>(login("webauthn.get", kRp.origin, kRp.id, 0x01, 0, 0)));
}

TEST_P(WebAuthnTest, TamperedLoginsAreRefusedByTheirCheck) {
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, kRp.id, 0x01, 1, 0, true)),
            WebAuthnError::BadSignature);
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, kRp.id, 0x01, 1, 0, false, ByteVector(32, 0x5b))),
            WebAuthnError::WrongChallenge);
  EXPECT_EQ(errorOf(login("webauthn.get", "https://meet.example.org.evil.test", kRp.id, 0x01, 1)),
            WebAuthnError::WrongOrigin);
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, "evil.test", 0x01, 1)), WebAuthnError::WrongRpId);
  EXPECT_EQ(errorOf(login("webauthn.create", kRp.origin, kRp.id, 0x01, 1)), WebAuthnError::WrongType);
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, kRp.id, 0x04, 1)), WebAuthnError::UserNotPresent);
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, kRp.id, 0x01, 5, 5)), WebAuthnError::CounterWentBack);
  EXPECT_EQ(errorOf(login("webauthn.get", kRp.origin, kRp.id, 0x01, 0, 5)), WebAuthnError::CounterWentBack);
}

TEST_P(WebAuthnTest, SignedBytesCannotBeChangedAfterSigning) {
  const NewCredential credential = registered();
  const auto clientData = SoftAuthenticator::clientData("webauthn.get", kChallenge, kRp.origin);
  auto data = mAuthenticator.authData(kRp.id, 0x01, 3, false);
  const auto signature = mAuthenticator.sign(data, clientData);
  data[32] |= kFlagUserVerified;  // claim user verification afterwards
  EXPECT_EQ(errorOf(verifyAssertion(kRp, kChallenge, credential.publicKey, 0, clientData, data, signature)),
            WebAuthnError::BadSignature);
}

INSTANTIATE_TEST_SUITE_P(Es256AndRs256, WebAuthnTest, ::testing::Values(false, true));

TEST(WebAuthnRegistration, RefusesWhatWasNotAskedFor) {
  SoftAuthenticator authenticator;
  const auto clientData = SoftAuthenticator::clientData("webauthn.create", kChallenge, kRp.origin);
  const auto good = authenticator.authData(kRp.id, 0x01, 0, true);
  EXPECT_EQ(errorOf(verifyRegistration(kRp, kChallenge, clientData,
                                       SoftAuthenticator::attestationObject(good, "packed"))),
            WebAuthnError::UnsupportedAttestation);
  EXPECT_EQ(errorOf(verifyRegistration(
                kRp, kChallenge, clientData,
                SoftAuthenticator::attestationObject(authenticator.authData(kRp.id, 0x01, 0, true, -8)))),
            WebAuthnError::UnsupportedAlgorithm);  // EdDSA was not offered
  EXPECT_EQ(errorOf(verifyRegistration(
                kRp, kChallenge, clientData,
                SoftAuthenticator::attestationObject(authenticator.authData("evil.test", 0x01, 0, true)))),
            WebAuthnError::WrongRpId);
  EXPECT_EQ(errorOf(verifyRegistration(kRp, ByteVector(32, 1), clientData,
                                       SoftAuthenticator::attestationObject(good))),
            WebAuthnError::WrongChallenge);
  EXPECT_EQ(errorOf(verifyRegistration(
                kRp, kChallenge, clientData,
                SoftAuthenticator::attestationObject(authenticator.authData(kRp.id, 0x01, 0, false)))),
            WebAuthnError::NoCredential);
  const RelyingParty strict{kRp.id, kRp.origin, true};
  EXPECT_EQ(
      errorOf(verifyRegistration(strict, kChallenge, clientData, SoftAuthenticator::attestationObject(good))),
      WebAuthnError::UserNotVerified);
}

TEST(Cbor, DeclaredLengthsBeyondTheInputAreRefusedBeforeDecoding) {
  // An array, a map and a byte string that claim 2^32 elements or bytes in a few bytes.
  const ByteVector array = {0x9a, 0xff, 0xff, 0xff, 0xff, 0x01};
  const ByteVector map = {0xba, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01};
  const ByteVector bytes = {0x5a, 0xff, 0xff, 0xff, 0xff, 0x00};
  const ByteVector indefinite = {0x9f, 0x01, 0xff};
  ByteVector deep(40, 0x81);  // 40 nested one-element arrays
  deep.push_back(0x01);
  for (const auto& input : {array, map, bytes, indefinite, deep}) EXPECT_FALSE(loadCbor(input));
  EXPECT_EQ(
      errorOf(verifyRegistration(
          kRp, kChallenge, SoftAuthenticator::clientData("webauthn.create", kChallenge, kRp.origin), array)),
      WebAuthnError::BadAttestationObject);
  const ByteVector ok = {0x82, 0x01, 0x20};  // [1, -1]
  auto loaded = loadCbor(ok);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->read, 3u);
}

}  // namespace
}  // namespace vicos::auth
