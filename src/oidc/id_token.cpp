// ID token checks in the order of OpenID Connect Core 3.1.3.7, signature first (RFC 8725 3.1:
// the algorithm comes from the key, never from the token alone).
#include "oidc/id_token.hpp"

#include <openssl/crypto.h>
#include <openssl/ecdsa.h>

namespace vicos::oidc {
namespace {

// RS256 (RSASSA-PKCS1-v1_5, RFC 7518 3.3) and, given DER, ES256: SHA-256 and the key decide.
bool verifyDigest(EVP_PKEY* key, std::string_view input, std::string_view signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

// RFC 7518 3.4: an ES256 signature is R || S, 32 bytes each; OpenSSL wants DER (RFC 3279).
bool verifyEs256(EVP_PKEY* key, std::string_view input, std::string_view signature) {
  if (signature.size() != 64) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return false;
  }
  unsigned char* der = nullptr;
  const int derLength = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (derLength <= 0) return false;
  const bool ok = verifyDigest(key, input, std::string_view(reinterpret_cast<char*>(der), derLength));
  OPENSSL_free(der);
  return ok;
}

bool equalConstantTime(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<int64_t> numericDate(const nlohmann::json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  if (!(value > -1e15 && value < 1e15)) return std::nullopt;
  return static_cast<int64_t>(value);
}

std::optional<TokenError> checkAudience(const nlohmann::json& claims, const std::string& clientId) {
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return TokenError::WrongAudience;
  size_t audiences = 0;
  bool ours = false;
  if (aud->is_string()) {
    audiences = 1;
    ours = *aud == clientId;
  } else if (aud->is_array()) {
    for (const auto& a : *aud) {
      ++audiences;
      ours = ours || (a.is_string() && a == clientId);
    }
  }
  if (!ours) return TokenError::WrongAudience;
  // Core 3.1.3.7 items 4 and 5: with several audiences the token must have been issued to us.
  const auto azp = claims.find("azp");
  if ((audiences > 1 && azp == claims.end()) || (azp != claims.end() && *azp != clientId))
    return TokenError::WrongAuthorizedParty;
  return std::nullopt;
}

}  // namespace

Checked<IdToken> verifyIdToken(std::string_view compact, const std::vector<PublicKey>& keys,
                               const TokenExpectation& expect) {
  auto parsed = parseJws(compact);
  if (auto* e = std::get_if<TokenError>(&parsed)) return *e;
  const Jws& jws = std::get<Jws>(parsed);
  const auto alg = algFromName(jws.header["alg"].get<std::string>());
  if (!alg) return TokenError::UnsupportedAlg;
  const auto kidIt = jws.header.find("kid");
  if (kidIt != jws.header.end() && !kidIt->is_string()) return TokenError::Malformed;
  const std::string kid = kidIt == jws.header.end() ? std::string() : kidIt->get<std::string>();
  const PublicKey* key = findKey(keys, kid);
  if (!key) return TokenError::UnknownKey;
  if (key->alg != *alg) return TokenError::AlgMismatch;
  const bool signed_ = *alg == Alg::RS256 ? verifyDigest(key->key.get(), jws.signingInput, jws.signature)
                                          : verifyEs256(key->key.get(), jws.signingInput, jws.signature);
  if (!signed_) return TokenError::BadSignature;

  const nlohmann::json& claims = jws.payload;
  const auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() || *iss != expect.issuer) return TokenError::WrongIssuer;
  if (auto e = checkAudience(claims, expect.clientId)) return *e;
  const auto exp = numericDate(claims, "exp");
  const auto iat = numericDate(claims, "iat");
  if (!exp || !iat) return TokenError::Malformed;
  if (expect.now >= *exp + kClockSkewSeconds) return TokenError::Expired;
  if (expect.now - *iat > kMaxTokenAgeSeconds + kClockSkewSeconds) return TokenError::Expired;
  if (*iat > expect.now + kClockSkewSeconds) return TokenError::NotYetValid;
  if (const auto nbf = numericDate(claims, "nbf"); nbf && *nbf > expect.now + kClockSkewSeconds)
    return TokenError::NotYetValid;
  const auto nonce = claims.find("nonce");
  if (nonce == claims.end() || !nonce->is_string() || expect.nonce.empty() ||
      !equalConstantTime(nonce->get_ref<const std::string&>(), expect.nonce))
    return TokenError::WrongNonce;
  const auto sub = claims.find("sub");
  // Core 2: sub is at most 255 ASCII characters.
  if (sub == claims.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty() ||
      sub->get_ref<const std::string&>().size() > 255)
    return TokenError::MissingSubject;
  return IdToken{sub->get<std::string>(), claims};
}

}  // namespace vicos::oidc
