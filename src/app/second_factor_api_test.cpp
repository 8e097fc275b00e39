// Tests of the two-step organizer login (P8) through the real API, a real SQLite file and a
// real password worker: TOTP and passkey enrolment and login, recovery codes, no code reuse,
// the login throttle on wrong second factors, expiry of the pending step, and the installation
// setting that makes a second factor mandatory.
#include "app/second_factor_api.hpp"

#include <gtest/gtest.h>

#include "app/login_api_fixture.hpp"
#include "common/base64url.hpp"
#include "auth/soft_authenticator.hpp"
#include "auth/totp.hpp"

namespace vicos::app {
namespace {

using nlohmann::json;

std::vector<uint8_t> fromBase32(const std::string& text) {
  std::vector<uint8_t> out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = c >= 'A' && c <= 'Z' ? c - 'A' : c - '2' + 26;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  return out;
}

class SecondFactorApiTest : public test::LoginApiTest {
 protected:
  json body(const http::ApiResponse& res) { return json::parse(res.body); }
  http::ApiResponse send(const std::string& path, const json& j) { return call(post(path, j.dump())); }
  std::string code(int64_t offsetSteps = 0) {
    return auth::formatCode(auth::hotp(mSecret, static_cast<uint64_t>(auth::totpStep(mNow) + offsetSteps)));
  }
  // Logs in with the password and keeps the session; the account has no factor yet.
  void loginWithoutFactor() {
    const auto res = tryLogin("anna", "correct horse");
    ASSERT_EQ(res.status, 200u) << res.body;
    keepCookie(res);
  }
  // Enrols TOTP from a session (or a pending login that must enrol) and returns the answer.
  http::ApiResponse enrolTotp(const json& who = json{{"password", "correct horse"}}) {
    const auto start = send("api/second-factors/totp/start", who);
    EXPECT_EQ(start.status, 200u) << start.body;
    mSecret = fromBase32(body(start)["secret"]);
    EXPECT_EQ(mSecret.size(), auth::kTotpSecretBytes);
    json confirm = who;
    confirm["code"] = code();
    confirm["label"] = "phone";
    return send("api/second-factors/totp", confirm);
  }
  // The password step of a login with a second factor: no cookie, a pending handle.
  std::string passwordStep() {
    mCookie.clear();
    const auto res = tryLogin("anna", "correct horse");
    EXPECT_EQ(res.status, 200u) << res.body;
    EXPECT_TRUE(res.setCookies.empty());
    EXPECT_EQ(body(res)["next"], "second-factor");
    mPasskeyOptions = body(res).value("passkey", json());
    return body(res)["pending"];
  }

  std::vector<uint8_t> mSecret;
  json mPasskeyOptions;
};

TEST_F(SecondFactorApiTest, TotpEnrolmentNeedsThePasswordThenLoginNeedsTheCode) {
  loginWithoutFactor();
  const auto wrong = enrolTotp(json{{"password", "wrong horse"}});
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(body(wrong)["error"], "wrong-password");
  const auto enrolled = enrolTotp();
  ASSERT_EQ(enrolled.status, 200u) << enrolled.body;
  EXPECT_EQ(body(enrolled)["recoveryCodes"].size(), store::kRecoveryCodeCount);
  const std::string usedAtEnrolment = code();

  std::string pending = passwordStep();
  EXPECT_EQ(getSession().status, 401u);  // no session after the password alone
  // The code typed at enrolment cannot be used again within its window.
  EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"code", usedAtEnrolment}}).status, 401u);
  mNow += auth::kTotpStepSeconds;
  const std::string fresh = code();
  const auto done = send("api/login/second-factor", {{"pending", pending}, {"code", fresh}});
  ASSERT_EQ(done.status, 200u) << done.body;
  keepCookie(done);
  EXPECT_EQ(getSession().status, 200u);
  // The pending handle is gone, and the same code does not open a second login.
  EXPECT_EQ(body(send("api/login/second-factor", {{"pending", pending}, {"code", fresh}}))["error"],
            "pending-expired");
  pending = passwordStep();
  EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"code", fresh}}).status, 401u);
  EXPECT_EQ(mApi->secondFactorCounts().failures, 2u);
}

TEST_F(SecondFactorApiTest, WrongCodesAreThrottledLikeWrongPasswords) {
  loginWithoutFactor();
  ASSERT_EQ(enrolTotp().status, 200u);
  mNow += auth::kTotpStepSeconds;
  std::string pending = passwordStep();
  for (unsigned i = 0; i < kPendingMaxFailures; ++i)
    EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"code", "000000"}}).status, 401u);
  // Too many failures drop the pending login: the password is due again.
  EXPECT_EQ(body(send("api/login/second-factor", {{"pending", pending}, {"code", code()}}))["error"],
            "pending-expired");
  pending = passwordStep();
  EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"code", "000000"}}).status, 401u);
  // The sixth failure of this account from this address blocks it: even the right code waits.
  const auto blocked = send("api/login/second-factor", {{"pending", pending}, {"code", code()}});
  EXPECT_EQ(blocked.status, 429u);
  EXPECT_EQ(blocked.retryAfterSeconds, 1u);
  EXPECT_EQ(tryLogin("anna", "correct horse").status, 429u);  // and so does the password
  mMillis += 1001;
  EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"code", code()}}).status, 200u);
  EXPECT_GE(mApi->secondFactorCounts().throttled, 1u);
  // Failures are audited for the account, without addresses.
  int failures = 0;
  auto entries = mAudit->list();
  ASSERT_TRUE(entries);
  for (const auto& e : *entries) {
    if (e.action == "login.second_factor_failed") ++failures;
    EXPECT_EQ((e.actor + e.target + e.detail).find("192.0.2"), std::string::npos);
  }
  EXPECT_EQ(failures, 6);
}

TEST_F(SecondFactorApiTest, RecoveryCodesWorkOnceAndPendingLoginsExpire) {
  loginWithoutFactor();
  const auto enrolled = enrolTotp();
  ASSERT_EQ(enrolled.status, 200u);
  const std::string recovery = body(enrolled)["recoveryCodes"][0];
  std::string pending = passwordStep();
  ASSERT_EQ(send("api/login/second-factor", {{"pending", pending}, {"recoveryCode", recovery}}).status, 200u);
  pending = passwordStep();
  EXPECT_EQ(send("api/login/second-factor", {{"pending", pending}, {"recoveryCode", recovery}}).status, 401u);
  EXPECT_EQ(*mFactors->recoveryCodesLeft("anna"), static_cast<int64_t>(store::kRecoveryCodeCount - 1));
  // A pending login lives kPendingLifetimeMs.
  pending = passwordStep();
  EXPECT_EQ(mApi->pendingCount(), 2u);  // the one that failed above is still within its time
  mMillis += kPendingLifetimeMs;
  mNow += auth::kTotpStepSeconds;
  EXPECT_EQ(body(send("api/login/second-factor", {{"pending", pending}, {"code", code()}}))["error"],
            "pending-expired");
}

TEST_F(SecondFactorApiTest, RequiredSecondFactorMeansEnrolBeforeAnySession) {
  mPolicy.required = true;
  makeApi();
  const auto res = tryLogin("anna", "correct horse");
  ASSERT_EQ(res.status, 200u);
  EXPECT_TRUE(res.setCookies.empty());
  EXPECT_EQ(body(res)["next"], "enrol");
  const std::string pending = body(res)["pending"];
  EXPECT_EQ(body(send("api/login/second-factor", {{"pending", pending}, {"code", "123456"}}))["error"],
            "must-enrol");
  EXPECT_EQ(send("api/second-factors/recovery-codes", {{"pending", pending}}).status, 409u);
  const auto enrolled = enrolTotp(json{{"pending", pending}});
  ASSERT_EQ(enrolled.status, 200u) << enrolled.body;
  EXPECT_EQ(body(enrolled)["login"], "anna");
  EXPECT_EQ(body(enrolled)["recoveryCodes"].size(), store::kRecoveryCodeCount);
  keepCookie(enrolled);
  EXPECT_EQ(getSession().status, 200u);
  // The only factor cannot be removed while the setting is on.
  const auto id = body(enrolled)["id"];
  const auto refused = send("api/second-factors/remove", {{"password", "correct horse"}, {"id", id}});
  EXPECT_EQ(body(refused)["error"], "second-factor-required");
  mPolicy.required = false;
  makeApi();
  EXPECT_EQ(send("api/second-factors/remove", {{"password", "correct horse"}, {"id", id}}).status, 200u);
  EXPECT_FALSE(*mFactors->hasAny("anna"));
  EXPECT_EQ(*mFactors->recoveryCodesLeft("anna"), 0);
}

TEST_F(SecondFactorApiTest, PasskeyEnrolmentAndLoginWithTheSoftAuthenticator) {
  auth::test::SoftAuthenticator authenticator;
  const std::string origin = "https://meet.example";
  loginWithoutFactor();
  const auto options = send("api/second-factors/passkey/start", json::object());
  ASSERT_EQ(options.status, 200u) << options.body;
  EXPECT_EQ(body(options)["rp"]["id"], "meet.example");
  const auto challenge = *base64urlDecode(body(options)["challenge"].get<std::string>());
  const auto clientData = auth::test::SoftAuthenticator::clientData("webauthn.create", challenge, origin);
  const auto attestation =
      auth::test::SoftAuthenticator::attestationObject(authenticator.authData("meet.example", 0x01, 0, true));
  const auto enrolled =
      send("api/second-factors/passkey", {{"password", "correct horse"},
                                          {"clientDataJSON", base64urlEncode(clientData)},
                                          {"attestationObject", base64urlEncode(attestation)}});
  ASSERT_EQ(enrolled.status, 200u) << enrolled.body;

  auto assertion = [&](uint32_t count, bool tamper) {
    const std::string pending = passwordStep();
    const auto loginChallenge = *base64urlDecode(mPasskeyOptions["challenge"].get<std::string>());
    EXPECT_EQ(mPasskeyOptions["allowCredentials"][0], base64urlEncode(authenticator.credentialId()));
    const auto data = authenticator.authData("meet.example", 0x01, count, false);
    const auto client = auth::test::SoftAuthenticator::clientData("webauthn.get", loginChallenge, origin);
    auto signature = authenticator.sign(data, client);
    if (tamper) signature[signature.size() - 3] ^= 0x10;
    return send("api/login/second-factor",
                {{"pending", pending},
                 {"passkey",
                  {{"credentialId", base64urlEncode(authenticator.credentialId())},
                   {"clientDataJSON", base64urlEncode(client)},
                   {"authenticatorData", base64urlEncode(data)},
                   {"signature", base64urlEncode(signature)}}}});
  };
  EXPECT_EQ(assertion(1, true).status, 401u);
  const auto done = assertion(2, false);
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_EQ(assertion(2, false).status, 401u);  // a counter that did not grow: a cloned key
  EXPECT_EQ(mFactors->passkeys("anna")->at(0).signCount, 2);
}

}  // namespace
}  // namespace vicos::app
