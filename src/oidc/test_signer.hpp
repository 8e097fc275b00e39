// Test-only: an RSA or P-256 key pair that publishes its JWK and signs compact JWS tokens, so
// the verifier is tested against real signatures.
#pragma once

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "oidc/base64url.hpp"
#include "oidc/jwks.hpp"

namespace vicos::oidc::test {

class TestSigner {
 public:
  TestSigner(Alg alg, std::string kid)
      : mAlg(alg),
        mKid(std::move(kid)),
        mKey(alg == Alg::RS256 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"), EVP_PKEY_free) {}

  const std::string& kid() const { return mKid; }

  nlohmann::json jwk() const {
    nlohmann::json j{{"kid", mKid}, {"use", "sig"}};
    if (mAlg == Alg::RS256) {
      j["kty"] = "RSA";
      j["alg"] = "RS256";
      j["n"] = bnParam(OSSL_PKEY_PARAM_RSA_N, 0);
      j["e"] = bnParam(OSSL_PKEY_PARAM_RSA_E, 0);
    } else {
      j["kty"] = "EC";
      j["crv"] = "P-256";
      j["x"] = bnParam(OSSL_PKEY_PARAM_EC_PUB_X, 32);
      j["y"] = bnParam(OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    }
    return j;
  }

  // Signs with this key whatever the header says, so tests can lie about alg and kid.
  std::string sign(const nlohmann::json& header, const nlohmann::json& payload) const {
    const std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(payload.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, mKey.get());
    EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::vector<unsigned char> sig(length);
    EVP_DigestSign(ctx, sig.data(), &length, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(length);
    if (mAlg == Alg::ES256) sig = derToRaw(sig);
    return input + "." + base64UrlEncode(sig);
  }

  std::string token(const nlohmann::json& payload) const {
    return sign({{"alg", mAlg == Alg::RS256 ? "RS256" : "ES256"}, {"kid", mKid}, {"typ", "JWT"}}, payload);
  }

 private:
  std::string bnParam(const char* name, int width) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(mKey.get(), name, &bn);
    std::vector<unsigned char> bytes(static_cast<size_t>(std::max(width, BN_num_bytes(bn))));
    BN_bn2binpad(bn, bytes.data(), static_cast<int>(bytes.size()));
    BN_free(bn);
    return base64UrlEncode(bytes);
  }

  static std::vector<unsigned char> derToRaw(const std::vector<unsigned char>& der) {
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    std::vector<unsigned char> raw(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
  }

  Alg mAlg;
  std::string mKid;
  std::shared_ptr<EVP_PKEY> mKey;
};

}  // namespace vicos::oidc::test
