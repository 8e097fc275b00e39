// JWK to EVP_PKEY through OpenSSL 3's parameter builder, so no deprecated RSA/EC_KEY calls.
#include "oidc/jwks.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>

#include "oidc/base64url.hpp"

namespace vicos::oidc {
namespace {

std::optional<std::string> member(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::string> decodedMember(const nlohmann::json& jwk, const char* name) {
  const auto text = member(jwk, name);
  return text ? base64UrlDecode(*text) : std::nullopt;
}

std::shared_ptr<EVP_PKEY> fromParams(const char* type, OSSL_PARAM_BLD* builder) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1)
    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return key ? std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free) : nullptr;
}

// RFC 7518 6.3.1: modulus n and exponent e, unsigned big-endian.
std::shared_ptr<EVP_PKEY> rsaKey(const nlohmann::json& jwk) {
  const auto n = decodedMember(jwk, "n");
  const auto e = decodedMember(jwk, "e");
  if (!n || !e || n->empty() || e->empty() || e->size() > 8) return nullptr;
  BIGNUM* bn =
      BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
  BIGNUM* be =
      BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  if (bn && be && builder && BN_num_bits(bn) >= kMinRsaBits &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, be) == 1)
    key = fromParams("RSA", builder);
  OSSL_PARAM_BLD_free(builder);
  BN_free(bn);
  BN_free(be);
  return key;
}

// RFC 7518 6.2.1: curve P-256 with coordinates x and y of 32 bytes each, the uncompressed point.
std::shared_ptr<EVP_PKEY> ecKey(const nlohmann::json& jwk) {
  if (member(jwk, "crv") != "P-256") return nullptr;
  const auto x = decodedMember(jwk, "x");
  const auto y = decodedMember(jwk, "y");
  if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  const std::string point = "\x04" + *x + *y;
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  std::shared_ptr<EVP_PKEY> key;
  if (builder && OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1)
    key = fromParams("EC", builder);  // fromdata refuses a point that is not on the curve
  OSSL_PARAM_BLD_free(builder);
  return key;
}

}  // namespace

std::optional<Alg> algFromName(std::string_view name) {
  if (name == "RS256") return Alg::RS256;
  if (name == "ES256") return Alg::ES256;
  return std::nullopt;
}

std::optional<std::vector<PublicKey>> parseJwks(std::string_view json) {
  const auto set = nlohmann::json::parse(json, nullptr, false);
  if (set.is_discarded() || !set.is_object()) return std::nullopt;
  const auto keys = set.find("keys");
  if (keys == set.end() || !keys->is_array()) return std::nullopt;
  std::vector<PublicKey> out;
  for (const auto& jwk : *keys) {
    if (out.size() >= kMaxKeys) break;
    if (!jwk.is_object()) continue;
    if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig") continue;
    const auto kty = member(jwk, "kty");
    const Alg natural = kty == "EC" ? Alg::ES256 : Alg::RS256;
    if (kty != "RSA" && kty != "EC") continue;
    if (const auto alg = member(jwk, "alg"); alg && algFromName(*alg) != natural) continue;
    auto key = natural == Alg::RS256 ? rsaKey(jwk) : ecKey(jwk);
    if (!key) continue;
    out.push_back(PublicKey{member(jwk, "kid").value_or(""), natural, std::move(key)});
  }
  return out;
}

const PublicKey* findKey(const std::vector<PublicKey>& keys, std::string_view kid) {
  if (kid.empty()) return keys.size() == 1 ? &keys.front() : nullptr;
  for (const auto& k : keys)
    if (k.kid == kid) return &k;
  return nullptr;
}

}  // namespace vicos::oidc
